/**
 * What one projection batch writes, gathered in memory and handed to the store once, before the
 * checkpoints and the commit (RowWriter.flush). Rows that add up are summed per key here, so a
 * counter moved by fifty claims of a batch is one upsert; a document keeps its last version; a row
 * written "if absent" keeps the first, as INSERT … ON CONFLICT DO NOTHING would. The same batch
 * for every store: the stores only write it.
 */
import { Month, Payer, RegionCode } from '@benefit/shared';
import { AccessLogEntry, AccountEntry, AccrualRow, BedDayRow, ClaimCancellation, ClaimCorrection, CorrectionRow, LedgerDelta, PersonDoc, ReconciliationEntry, SettlementDoc, WarningRow } from '../read-model';

/** A claim as recorded: the ClaimAdjudicated data kept as JSON text, shaped when read. */
export interface ClaimRow {
  claimId: string;
  personId: string;
  regionCode: RegionCode;
  position: number;
  recordedAt: string;
  adjudicatedJson: string;
}

/** What changed a claim since its adjudication (the `adjusted` column), in the key order it is stored with. */
export interface ClaimAdjusted {
  adjudication?: unknown;
  corrections: ClaimCorrection[];
  cancellation?: ClaimCancellation;
}

export interface CounterDelta {
  personId: string;
  year: number;
  key: string;
  deltaFen: number;
  limitFen: number | null;
}

export interface FundYearDelta {
  regionCode: RegionCode;
  year: number;
  payer: Payer;
  amountFen: number;
  claims: number;
}

export type BedDayDelta = BedDayRow & { regionCode: RegionCode; month: Month };
export type AccrualDelta = AccrualRow & { regionCode: RegionCode; month: Month };

export interface SettledMonthRow {
  regionCode: RegionCode;
  month: Month;
  position: number;
}

/** Joins key parts with a character no code, id or month holds. */
const keyOf = (...parts: (string | number)[]) => parts.join('\u0000');

/** Adds `row` to the row already gathered under `key`, or gathers a copy of it. */
function addUp<T>(rows: Map<string, T>, key: string, row: T, add: (into: T, row: T) => void): void {
  const into = rows.get(key);
  if (into) add(into, row);
  else rows.set(key, { ...row });
}

export class Batch {
  readonly persons = new Map<string, { doc: PersonDoc; version: number }>();
  /** Versions moved by events that leave the person's document as it is. */
  readonly versions = new Map<string, number>();
  readonly claims = new Map<string, ClaimRow>();
  readonly adjustedClaims = new Map<string, ClaimAdjusted>();
  readonly claimLedgerMonths = new Map<string, Month>();
  readonly counters = new Map<string, CounterDelta>();
  readonly accountEntries: AccountEntry[] = [];
  readonly balances = new Map<string, number>();
  readonly ledger = new Map<string, LedgerDelta>();
  readonly fundYears = new Map<string, FundYearDelta>();
  readonly corrections = new Map<string, CorrectionRow>();
  readonly bedDays = new Map<string, BedDayDelta>();
  readonly accruals = new Map<string, AccrualDelta>();
  readonly settledMonths: SettledMonthRow[] = [];
  readonly settlements = new Map<string, SettlementDoc>();
  readonly warnings = new Map<string, WarningRow>();
  readonly accessLog = new Map<string, AccessLogEntry>();
  readonly reconciliation: ReconciliationEntry[] = [];

  putPerson(doc: PersonDoc, version: number): void {
    this.persons.set(doc.personId, { doc, version });
    this.versions.delete(doc.personId);
  }

  setPersonVersion(personId: string, version: number): void {
    const buffered = this.persons.get(personId);
    if (buffered) buffered.version = version;
    else this.versions.set(personId, version);
  }

  /** A counter's limit is the one its last claim applied. */
  addCounter(c: CounterDelta): void {
    addUp(this.counters, keyOf(c.personId, c.year, c.key), c, (into, row) => {
      into.deltaFen += row.deltaFen;
      into.limitFen = row.limitFen;
    });
  }

  addAccountEntry(e: AccountEntry): void {
    this.accountEntries.push(e);
    this.balances.set(e.personId, (this.balances.get(e.personId) ?? 0) + e.amountFen);
  }

  addLedger(d: LedgerDelta): void {
    addUp(this.ledger, keyOf(d.regionCode, d.month, d.payer, d.institutionId), d, (into, row) => {
      into.amountFen += row.amountFen;
      into.claims += row.claims;
    });
  }

  addFundYear(f: FundYearDelta): void {
    addUp(this.fundYears, keyOf(f.regionCode, f.year, f.payer), f, (into, row) => {
      into.amountFen += row.amountFen;
      into.claims += row.claims;
    });
  }

  addCorrection(c: CorrectionRow): void {
    addUp(this.corrections, keyOf(c.regionCode, c.appliedMonth, c.originalMonth, c.payer), c, (into, row) => {
      into.amountFen += row.amountFen;
    });
  }

  addBedDays(b: BedDayDelta): void {
    addUp(this.bedDays, keyOf(b.regionCode, b.month, b.institutionId), b, (into, row) => {
      into.stays += row.stays;
      into.bedDays += row.bedDays;
      into.amountFen += row.amountFen;
    });
  }

  addAccrual(a: AccrualDelta): void {
    addUp(this.accruals, keyOf(a.regionCode, a.month, a.kind, a.payer), a, (into, row) => {
      into.amountFen += row.amountFen;
      into.cityFinanceFen += row.cityFinanceFen;
      into.townFinanceFen += row.townFinanceFen;
      into.persons += row.persons;
    });
  }

  putSettlement(doc: SettlementDoc): void {
    this.settlements.set(keyOf(doc.regionCode, doc.month), doc);
  }

  /** One warning per person, kind and year: the first raised stays. */
  addWarning(w: WarningRow): void {
    const key = keyOf(w.personId, w.kind, w.year);
    if (!this.warnings.has(key)) this.warnings.set(key, w);
  }

  /** A person named twice in one read is one row (the recorder never does it; a replay must not stop on it). */
  addAccessRecord(r: AccessLogEntry): void {
    const key = keyOf(r.personId, r.position);
    if (!this.accessLog.has(key)) this.accessLog.set(key, r);
  }
}
