import { Module } from '@nestjs/common';
import { SettleMonthHandler } from './settle-month.handler';
import { SettlementsController } from './settlements.controller';

/** Settlement: the monthly close of a region with its hospitals. */
@Module({ controllers: [SettlementsController], providers: [SettleMonthHandler] })
export class SettlementModule {}
