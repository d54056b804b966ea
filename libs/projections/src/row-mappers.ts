/** Read-model rows (snake_case columns) to the shapes ReadQueries returns: one mapping for every store. */
import { exactInteger } from './exact-integer';
import type { ReconciliationEntry } from './read-model';

/** An integer column: a number, or a BigInt where SQLite reads with safeIntegers. */
type Int = number | bigint;

export interface WarningRowDb {
  kind: string;
  year: Int;
  raised_on: string;
  claim_id: string;
  threshold_fen: Int;
  burden_fen: Int;
  citation: string;
}

export const warningOf = (w: WarningRowDb) => ({
  kind: w.kind,
  year: exactInteger(w.year, 'warnings.year'),
  raisedOn: w.raised_on,
  claimId: w.claim_id,
  thresholdFen: exactInteger(w.threshold_fen, 'warnings.threshold_fen'),
  burdenFen: exactInteger(w.burden_fen, 'warnings.burden_fen'),
  citation: w.citation,
});

export interface AccrualRowDb {
  kind: string;
  payer: string;
  amount_fen: Int;
  city_fen: Int;
  town_fen: Int;
  persons: Int;
}

export const accrualOf = (a: AccrualRowDb) => ({
  kind: a.kind,
  payer: a.payer,
  amountFen: exactInteger(a.amount_fen, 'accruals.amount_fen'),
  cityFinanceFen: exactInteger(a.city_fen, 'accruals.city_fen'),
  townFinanceFen: exactInteger(a.town_fen, 'accruals.town_fen'),
  persons: exactInteger(a.persons, 'accruals.persons'),
});

export interface AccessLogRowDb {
  position: number;
  person_id: string;
  day: string;
  at: string;
  actor: string;
  role: string | null;
  token_id: string | null;
  route: string;
  /** JSON text on both stores: kept as written, never queried inside. */
  what: string;
  reason: string | null;
}

export const accessEntryOf = (r: AccessLogRowDb) => ({
  position: r.position,
  personId: r.person_id,
  day: r.day,
  at: r.at,
  actor: r.actor,
  role: r.role,
  tokenId: r.token_id,
  route: r.route,
  what: JSON.parse(r.what) as Record<string, string | number | boolean | null>,
  reason: r.reason,
});

export interface ReconciliationRowDb {
  institution_id: string;
  day: string;
  position: Int;
  claim_id: string;
  kind: string;
  total_fen: Int;
  fund_fen: Int;
  /** JSON text on SQLite, jsonb on PostgreSQL. */
  shares: string | Record<string, number>;
}

export const reconciliationEntryOf = (r: ReconciliationRowDb): ReconciliationEntry => ({
  institutionId: r.institution_id,
  day: r.day,
  claimId: r.claim_id,
  kind: r.kind as ReconciliationEntry['kind'],
  position: exactInteger(r.position, 'reconciliation.position'),
  totalFen: exactInteger(r.total_fen, 'reconciliation.total_fen'),
  fundFen: exactInteger(r.fund_fen, 'reconciliation.fund_fen'),
  shares: (typeof r.shares === 'string' ? JSON.parse(r.shares) : r.shares) as ReconciliationEntry['shares'],
});
