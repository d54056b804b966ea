import { Module } from '@nestjs/common';
import { LedgerController } from './ledger.controller';

/** Ledger: fund ledgers per payer, region and month, and the event log for auditors. */
@Module({ controllers: [LedgerController] })
export class LedgerModule {}
