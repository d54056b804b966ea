import { Module } from '@nestjs/common';
import { ReadjudicationController } from './readjudication.controller';
import { ReadjudicationService } from './readjudication.service';

/** Re-settlement: policy changes become corrective entries; what-if simulations over real history. */
@Module({ controllers: [ReadjudicationController], providers: [ReadjudicationService], exports: [ReadjudicationService] })
export class ReadjudicationModule {}
