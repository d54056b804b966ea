import { Module } from '@nestjs/common';
import { InstitutionsModule } from '../institutions/institutions.module';
import { HispController } from './hisp.controller';
import { HispService } from './hisp.service';

/** The national platform's messages (国家医疗保障信息平台) for hospital information systems. */
@Module({ imports: [InstitutionsModule], controllers: [HispController], providers: [HispService] })
export class HispModule {}
