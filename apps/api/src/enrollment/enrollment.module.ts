import { Module } from '@nestjs/common';
import { ChangePersonHandler, RegisterPatientHandler } from './commands';
import { EnrollmentQueries } from './enrollment.queries';
import { PersonsController } from './persons.controller';
import { EraseIdentityHandler, ErasuresController } from './erasures.controller';
import { ReadjudicationModule } from '../readjudication/readjudication.module';

/** Enrollment: insured persons, relief statuses, employment and contribution base. */
@Module({
  imports: [ReadjudicationModule],
  controllers: [PersonsController, ErasuresController],
  providers: [RegisterPatientHandler, ChangePersonHandler, EraseIdentityHandler, EnrollmentQueries],
})
export class EnrollmentModule {}
