/**
 * What projections write and what queries read. Projections write through ReadModelTx, which the
 * engine (engine/) implements once over a batch; the SQLite store (embedded default) and the
 * PostgreSQL store (Kysely) each hold the tables, write a batch and answer ReadQueries.
 */
import { Month, Payer, RegionCode } from '@benefit/shared';

export interface PersonDoc {
  personId: string;
  /**
   * Sealed for the person (`pii:v1:` envelopes, as in the log): only the vault opens them, at the
   * edge. A person registered before encryption has the name in clear and the id masked. Both
   * null once the identity is erased.
   */
  name: string | null;
  idNumber: string | null;
  /** When the identity was erased (crypto-shredding); absent otherwise. */
  identityErasedAt?: string;
  regionCode: RegionCode;
  scheme: 'employee' | 'resident';
  employmentHistory: { from: Month; employment: 'in_service' | 'retired' }[];
  contributionBaseHistory: { from: Month; monthlyContributionBaseFen: number }[];
  civilServant: boolean;
  countyCode: string;
  family: { personId: string; relation: string }[];
  registeredOn: string;
  statuses: {
    status: string;
    validFrom: string;
    validTo: string | null;
    source: string;
    diagnosis: string | null;
    riskLevel: number | null;
    firstTreatmentDate: string | null;
    revokedOn: string | null;
    /** Last day it applies after a revocation (end of the revocation month). */
    appliesThrough: string | null;
  }[];
  /** 异地备案 (南府办发〔2022〕33号 art. 26) in the order recorded; absent in documents written before filings existed. */
  outOfAreaFilings?: { kind: string; validFrom: string; validTo: string | null }[];
}

export interface ClaimDoc {
  claimId: string;
  personId: string;
  regionCode: RegionCode;
  institutionId: string;
  serviceDate: string;
  visitType: string;
  status: 'adjudicated' | 'cancelled';
  policyVersion: string;
  totalFen: number;
  policyScopeFen: number;
  shares: Record<Payer, number>;
  explanation: { payer: Payer; amountFen: number; rule: string; citation: string; detail?: string }[];
  /** Per-bed-day payment of an inpatient stay to the hospital, where the region pays so (山亭). */
  bedDays: { bedDays: number; perDiemFen: number; amountFen: number; rule: string; citation: string; detail: string } | null;
  /** Checks that do not change the shares but must be seen (e.g. `late_filing`). */
  flags: { code: string; citation: string; detail: string }[];
  /** Corrections recorded since the adjudication (the shares above include them). */
  corrections: ClaimCorrection[];
  /** 撤销结算: present once the claim is cancelled (its shares are then all 0). */
  cancellation?: ClaimCancellation;
  /** Global position of the adjudication in the log. */
  position: number;
  recordedAt: string;
}

export interface ClaimCancellation {
  reason: string;
  cancelledOn: string;
  /** What each payer was given back: the shares as adjusted when the claim was cancelled. */
  reversedShares: Record<Payer, number>;
}

export interface ClaimCorrection {
  position: number;
  recordedAt: string;
  appliedMonth: Month;
  deltas: Partial<Record<Payer, number>>;
  reason: string;
}

export interface CorrectionRow {
  regionCode: RegionCode;
  appliedMonth: Month;
  originalMonth: Month;
  payer: Payer;
  amountFen: number;
}

export interface AccountEntry {
  personId: string;
  month: Month;
  kind: 'opening' | 'monthly_credit' | 'back_pay' | 'claim_payment' | 'claim_refund' | 'family_payment' | 'transfer_out';
  amountFen: number;
  reference: string | null;
  position: number;
}

export interface LedgerDelta {
  regionCode: RegionCode;
  month: Month;
  payer: Payer;
  institutionId: string;
  amountFen: number;
  claims: number;
}

export interface BedDayRow {
  institutionId: string;
  stays: number;
  bedDays: number;
  amountFen: number;
}

export interface AccrualRow {
  kind: 'guardianship_reward' | 'poverty_premium';
  payer: Payer;
  amountFen: number;
  cityFinanceFen: number;
  townFinanceFen: number;
  persons: number;
}

export interface SettlementDoc {
  regionCode: RegionCode;
  month: Month;
  institutions: { institutionId: string; shares: Record<Payer, number> }[];
  personalAccountCreditsFen: number;
  guardianshipRewardsFen: number;
  /** Inpatient stays paid to hospitals per bed day (按床日, 山亭 一). */
  bedDayPayments: BedDayRow[];
  povertyPremiumsFen: number;
  settledAt: string;
  position: number;
}

/**
 * Writes of one projection batch; everything in it commits together with the checkpoints. Reads
 * see the batch's own writes (engine/batch-tx.ts gathers them, the store writes them once).
 */
export interface ReadModelTx {
  getPerson(personId: string): Promise<PersonDoc | undefined>;
  putPerson(doc: PersonDoc, version: number): Promise<void>;
  setPersonVersion(personId: string, version: number): Promise<void>;
  /** The ClaimAdjudicated data as recorded (JSON): the claim view is built from it when read. */
  putClaim(claim: { claimId: string; personId: string; regionCode: RegionCode; position: number; recordedAt: string }, adjudicatedJson: string): Promise<void>;
  addCounter(personId: string, year: number, key: string, deltaFen: number, limitFen: number | null): Promise<void>;
  addAccountEntry(entry: AccountEntry): Promise<void>;
  addLedger(delta: LedgerDelta): Promise<void>;
  settledMonths(regionCode: RegionCode): Promise<Set<Month>>;
  markSettled(regionCode: RegionCode, month: Month, position: number): Promise<void>;
  ledgerByInstitution(regionCode: RegionCode, month: Month): Promise<{ institutionId: string; payer: Payer; amountFen: number }[]>;
  putSettlement(doc: SettlementDoc): Promise<void>;
  addBedDays(regionCode: RegionCode, month: Month, row: BedDayRow): Promise<void>;
  bedDays(regionCode: RegionCode, month: Month): Promise<BedDayRow[]>;
  addAccrual(regionCode: RegionCode, month: Month, row: AccrualRow): Promise<void>;
  /** Per service year: what each payer paid, for yearly ratios (the Jingjiang loss ratio). */
  addFundYear(regionCode: RegionCode, year: number, payer: Payer, amountFen: number, claims: number): Promise<void>;
  adjustClaim(claimId: string, adjudication: unknown, correction: ClaimCorrection): Promise<void>;
  /** Keeps the claim's adjudication and corrections; the view then shows it cancelled. */
  cancelClaim(claimId: string, cancellation: ClaimCancellation): Promise<void>;
  addCorrection(row: CorrectionRow): Promise<void>;
  /** The ledger month a claim was booked in (its service month, or the next open one). */
  setClaimLedgerMonth(claimId: string, month: Month): Promise<void>;
  claimLedgerMonth(claimId: string): Promise<Month | undefined>;
  addWarning(w: WarningRow): Promise<void>;
  /** One row of the access log: one person of one recorded read. */
  addAccessRecord(row: AccessLogEntry): Promise<void>;
  addReconciliationEntry(row: ReconciliationEntry): Promise<void>;
}

/**
 * 对账: one settlement or cancellation of a claim, by institution and the China-time day it was
 * recorded (a cancellation carries what it gave back, as positive fen).
 */
export interface ReconciliationEntry {
  institutionId: string;
  day: string;
  claimId: string;
  kind: 'settled' | 'cancelled';
  position: number;
  totalFen: number;
  /** Everything paid by a payer other than personal_account and self_pay. */
  fundFen: number;
  shares: Record<Payer, number>;
}

/** One person of one recorded read (the PersonDataRead at `position`). */
export interface AccessLogEntry {
  position: number;
  personId: string;
  /** China-time date of `at`: what `from`/`to` select. */
  day: string;
  /** When the read was recorded (ISO-8601 instant). */
  at: string;
  actor: string;
  role: string | null;
  tokenId: string | null;
  route: string;
  what: Record<string, string | number | boolean | null>;
  reason: string | null;
}

/** Rows of the access log with a position above `after`, days `fromDay`..`toDay` inclusive, in (position, personId) order. */
export interface AccessLogFilter {
  personId: string | null;
  fromDay: string;
  toDay: string;
  after: number;
  limit: number;
}

export interface WarningRow {
  personId: string;
  kind: string;
  year: number;
  raisedOn: string;
  claimId: string;
  thresholdFen: number;
  burdenFen: number;
  citation: string;
}

/** Where projections keep their rows and checkpoints: SQLite (embedded) or PostgreSQL (Kysely). */
export interface ReadModelStore {
  /** The projection's checkpoint: the last log position it applied (0: none). */
  checkpoint(projection: string): Promise<number>;
  /**
   * Runs `work` in one transaction with the checkpoints it sets: all or nothing. Writes are
   * gathered over the batch and written once before the commit (engine/batched-read-model.ts).
   */
  transaction(work: (tx: ReadModelTx) => Promise<void>, checkpoints: Map<string, number>): Promise<void>;
  /** Drops a projection's rows and resets its checkpoint to 0, in one transaction. */
  reset(projection: string, tables: string[]): Promise<void>;
  close(): Promise<void>;
}

export interface CounterRow {
  key: string;
  usedFen: number;
  limitFen: number | null;
}

export interface LedgerFund {
  payer: Payer;
  amountFen: number;
  claims: number;
}

/** What the api and the tools read. Every method reads committed rows only. */
export interface ReadQueries {
  person(personId: string): Promise<(PersonDoc & { version: number }) | undefined>;
  personIdsInRegion(regionCode: RegionCode): Promise<string[]>;
  claim(claimId: string): Promise<ClaimDoc | undefined>;
  counters(personId: string, year: number): Promise<CounterRow[]>;
  account(personId: string): Promise<{ balanceFen: number; entries: Omit<AccountEntry, 'personId'>[] }>;
  /** Every payer code, in settlement order, 0 where none. */
  ledger(regionCode: RegionCode, month: Month): Promise<LedgerFund[]>;
  settlement(regionCode: RegionCode, month: Month): Promise<SettlementDoc | undefined>;
  settledMonths(regionCode: RegionCode): Promise<Month[]>;
  warnings(personId: string): Promise<{ kind: string; year: number; raisedOn: string; claimId: string; thresholdFen: number; burdenFen: number; citation: string }[]>;
  accruals(regionCode: RegionCode, month: Month): Promise<{ kind: string; payer: string; amountFen: number; cityFinanceFen: number; townFinanceFen: number; persons: number }[]>;
  premiumsOfYear(regionCode: RegionCode, year: number): Promise<{ amountFen: number; persons: number }>;
  fundYear(regionCode: RegionCode, year: number, payer: Payer): Promise<{ amountFen: number; claims: number }>;
  corrections(regionCode: RegionCode, month: Month): Promise<{
    appliedThisMonth: { originalMonth: Month; payer: string; amountFen: number }[];
    againstThisMonth: { appliedMonth: Month; payer: string; amountFen: number }[];
  }>;
  /** One page of raw access-log rows (accessLogPage in access-log.ts keeps a read's rows together). */
  accessLog(filter: AccessLogFilter): Promise<AccessLogEntry[]>;
  /** The institution's settlements and cancellations recorded from `from` through `to` (China days), in log order. */
  reconciliationEntries(institutionId: string, from: string, to: string): Promise<ReconciliationEntry[]>;
}
