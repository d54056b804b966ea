import { Module } from '@nestjs/common';
import { ReadjudicationController } from './readjudication.controller';
import { ReadjudicationService } from './readjudication.service';
import { ReadjudicationJobsController } from './readjudication-jobs.controller';
import { ReadjudicationJobsService } from './readjudication-jobs.service';

/** Re-settlement: policy changes become corrective entries; what-if simulations over real history. */
@Module({ controllers: [ReadjudicationController, ReadjudicationJobsController], providers: [ReadjudicationService, ReadjudicationJobsService], exports: [ReadjudicationService] })
export class ReadjudicationModule {}
