import { Module } from '@nestjs/common';
import { InstitutionsController, RecordInstitutionHandler } from './institutions.controller';
import { InstitutionsService } from './institutions.service';

/** The institution registry (定点医药机构): read by the national platform messages. */
@Module({ controllers: [InstitutionsController], providers: [RecordInstitutionHandler, InstitutionsService], exports: [InstitutionsService] })
export class InstitutionsModule {}
