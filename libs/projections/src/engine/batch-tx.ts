/**
 * ReadModelTx over a batch: writes are gathered in a Batch, reads look at the batch first and the
 * store second. The two reads that sum stored rows (a month's ledger and bed days, read by a
 * settlement) flush the batch first, so the store's sum includes this batch's rows.
 */
import { Month, Payer, RegionCode } from '@benefit/shared';
import {
  AccessLogEntry,
  AccountEntry,
  AccrualRow,
  BedDayRow,
  ClaimCancellation,
  ClaimCorrection,
  CorrectionRow,
  LedgerDelta,
  PersonDoc,
  ReadModelTx,
  ReconciliationEntry,
  SettlementDoc,
  WarningRow,
} from '../read-model';
import { Batch, ClaimAdjusted, ClaimRow } from './batch';
import { RowWriter } from './row-writer';

/** Settled months per region, kept across batches (they only grow); dropped when a batch rolls back. */
export type SettledMonthsCache = Map<RegionCode, Set<Month>>;

export class BatchTx implements ReadModelTx {
  private batch = new Batch();

  constructor(
    private readonly rows: RowWriter,
    private readonly settled: SettledMonthsCache,
  ) {}

  /** Writes what is gathered so far. */
  async flush(): Promise<void> {
    const batch = this.batch;
    this.batch = new Batch();
    await this.rows.flush(batch);
  }

  /**
   * Writes a batch gathered elsewhere (a replay worker's, libs/projections/src/replay), after what
   * this one gathered: the store writes it as it writes its own.
   */
  async write(batch: Batch): Promise<void> {
    await this.flush();
    await this.rows.flush(batch);
  }

  async getPerson(personId: string) {
    return this.batch.persons.get(personId)?.doc ?? this.rows.person(personId);
  }

  async putPerson(doc: PersonDoc, version: number) {
    this.batch.putPerson(doc, version);
  }

  async setPersonVersion(personId: string, version: number) {
    this.batch.setPersonVersion(personId, version);
  }

  async putClaim(c: Omit<ClaimRow, 'adjudicatedJson'>, adjudicatedJson: string) {
    this.batch.claims.set(c.claimId, { ...c, adjudicatedJson });
  }

  async adjustClaim(claimId: string, adjudication: unknown, correction: ClaimCorrection) {
    await this.changeClaim(claimId, (before) => ({ adjudication, corrections: [...before.corrections, correction] }));
  }

  async cancelClaim(claimId: string, cancellation: ClaimCancellation) {
    await this.changeClaim(claimId, (before) => ({ ...before, cancellation }));
  }

  /** A change of a claim that is nowhere (neither stored nor in the batch) changes nothing, as an UPDATE of no row. */
  private async changeClaim(claimId: string, change: (before: ClaimAdjusted) => ClaimAdjusted): Promise<void> {
    let before = this.batch.adjustedClaims.get(claimId);
    if (!before) {
      const stored = await this.rows.claimAdjusted(claimId);
      if (!stored && !this.batch.claims.has(claimId)) return;
      before = stored?.adjusted ?? { corrections: [] };
    }
    this.batch.adjustedClaims.set(claimId, change(before));
  }

  async setClaimLedgerMonth(claimId: string, month: Month) {
    this.batch.claimLedgerMonths.set(claimId, month);
  }

  async claimLedgerMonth(claimId: string) {
    return this.batch.claimLedgerMonths.get(claimId) ?? this.rows.claimLedgerMonth(claimId);
  }

  async addCounter(personId: string, year: number, key: string, deltaFen: number, limitFen: number | null) {
    this.batch.addCounter({ personId, year, key, deltaFen, limitFen });
  }

  async addAccountEntry(entry: AccountEntry) {
    this.batch.addAccountEntry(entry);
  }

  async addLedger(delta: LedgerDelta) {
    this.batch.addLedger(delta);
  }

  async addFundYear(regionCode: RegionCode, year: number, payer: Payer, amountFen: number, claims: number) {
    this.batch.addFundYear({ regionCode, year, payer, amountFen, claims });
  }

  async addCorrection(row: CorrectionRow) {
    this.batch.addCorrection(row);
  }

  async settledMonths(regionCode: RegionCode) {
    let months = this.settled.get(regionCode);
    if (!months) this.settled.set(regionCode, (months = new Set(await this.rows.settledMonths(regionCode))));
    return months;
  }

  async markSettled(regionCode: RegionCode, month: Month, position: number) {
    this.batch.settledMonths.push({ regionCode, month, position });
    (await this.settledMonths(regionCode)).add(month);
  }

  async ledgerByInstitution(regionCode: RegionCode, month: Month) {
    await this.flush(); // the month's rows so far, including this batch's
    return this.rows.ledgerByInstitution(regionCode, month);
  }

  async putSettlement(doc: SettlementDoc) {
    this.batch.putSettlement(doc);
  }

  async addBedDays(regionCode: RegionCode, month: Month, row: BedDayRow) {
    this.batch.addBedDays({ regionCode, month, ...row });
  }

  async bedDays(regionCode: RegionCode, month: Month) {
    await this.flush(); // as the ledger: this batch's stays too
    return this.rows.bedDays(regionCode, month);
  }

  async addAccrual(regionCode: RegionCode, month: Month, row: AccrualRow) {
    this.batch.addAccrual({ regionCode, month, ...row });
  }

  async addWarning(row: WarningRow) {
    this.batch.addWarning(row);
  }

  async addAccessRecord(row: AccessLogEntry) {
    this.batch.addAccessRecord(row);
  }

  async addReconciliationEntry(row: ReconciliationEntry) {
    this.batch.reconciliation.push(row);
  }
}
