/** Read-model rows (snake_case columns) to the shapes ReadQueries returns: one mapping for every store. */

export interface WarningRowDb {
  kind: string;
  year: number;
  raised_on: string;
  claim_id: string;
  threshold_fen: number;
  burden_fen: number;
  citation: string;
}

export const warningOf = (w: WarningRowDb) => ({
  kind: w.kind,
  year: w.year,
  raisedOn: w.raised_on,
  claimId: w.claim_id,
  thresholdFen: w.threshold_fen,
  burdenFen: w.burden_fen,
  citation: w.citation,
});

export interface AccrualRowDb {
  kind: string;
  payer: string;
  amount_fen: number;
  city_fen: number;
  town_fen: number;
  persons: number;
}

export const accrualOf = (a: AccrualRowDb) => ({
  kind: a.kind,
  payer: a.payer,
  amountFen: a.amount_fen,
  cityFinanceFen: a.city_fen,
  townFinanceFen: a.town_fen,
  persons: a.persons,
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
