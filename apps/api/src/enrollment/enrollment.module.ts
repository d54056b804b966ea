import { Module } from '@nestjs/common';
import { ChangePersonHandler, RegisterPatientHandler } from './commands';
import { EnrollmentQueries } from './enrollment.queries';
import { PersonsController } from './persons.controller';

/** Enrollment: insured persons, relief statuses, employment and contribution base. */
@Module({
  controllers: [PersonsController],
  providers: [RegisterPatientHandler, ChangePersonHandler, EnrollmentQueries],
})
export class EnrollmentModule {}
