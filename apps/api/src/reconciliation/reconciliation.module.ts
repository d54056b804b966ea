import { Module } from '@nestjs/common';
import { ReconciliationController } from './reconciliation.controller';

/** 对账: hospitals reconcile their settlements with the agency. */
@Module({ controllers: [ReconciliationController] })
export class ReconciliationModule {}
