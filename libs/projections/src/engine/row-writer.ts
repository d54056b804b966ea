/**
 * What a store does inside one projector transaction, and all it does: write a batch, set the
 * checkpoints, and read the few rows a projection reads back. Batching, the settled-months cache
 * and the projection-facing ReadModelTx are the engine's (batch-tx.ts), written once for every store.
 */
import { Month, Payer, RegionCode } from '@benefit/shared';
import { BedDayRow, PersonDoc } from '../read-model';
import { Batch, ClaimAdjusted } from './batch';

export interface RowWriter {
  /** Writes every row the batch gathered. The caller starts a new batch afterwards. */
  flush(batch: Batch): Promise<void>;
  setCheckpoints(checkpoints: ReadonlyMap<string, number>): Promise<void>;

  // Reads see the rows committed before and the batches flushed in this transaction.
  person(personId: string): Promise<PersonDoc | undefined>;
  settledMonths(regionCode: RegionCode): Promise<Month[]>;
  /** By institution, then payer, byte-wise (as SQLite's BINARY collation). */
  ledgerByInstitution(regionCode: RegionCode, month: Month): Promise<{ institutionId: string; payer: Payer; amountFen: number }[]>;
  /** By institution, byte-wise. */
  bedDays(regionCode: RegionCode, month: Month): Promise<BedDayRow[]>;
  claimLedgerMonth(claimId: string): Promise<Month | undefined>;
  /** The claim's `adjusted` column (null: never adjusted); undefined when there is no such claim. */
  claimAdjusted(claimId: string): Promise<{ adjusted: ClaimAdjusted | null } | undefined>;
}
