/**
 * Writes one gathered batch (engine/batch.ts) to PostgreSQL: a multi-row INSERT … ON CONFLICT per
 * table and chunk, with the same meaning as the SQLite statements (rows that add up are added,
 * documents replaced, rows kept "if absent" left alone). The batch holds one row per key, so no
 * statement touches a row twice.
 */
import { Kysely, sql } from 'kysely';
import { Batch } from '../engine/batch';
import { ReadModelDb } from './schema';

type Db = Kysely<ReadModelDb>;

/** Rows per statement (PostgreSQL allows 65,535 parameters; the widest row here has 10). */
const CHUNK = 1000;

function chunks<T>(rows: Iterable<T>): T[][] {
  const all = [...rows];
  const out: T[][] = [];
  for (let i = 0; i < all.length; i += CHUNK) out.push(all.slice(i, i + CHUNK));
  return out;
}

export async function flushBatch(trx: Db, b: Batch): Promise<void> {
  await flushPersonRows(trx, b);
  await flushClaims(trx, b);
  await flushAccounts(trx, b);
  await flushLedger(trx, b);
  await flushSettlements(trx, b);
  await flushLogs(trx, b);
}

/** Person documents and versions, and the per-person counters and warnings. */
async function flushPersonRows(trx: Db, b: Batch): Promise<void> {
  for (const rows of chunks(b.persons.values())) {
    await trx
      .insertInto('persons')
      .values(rows.map(({ doc, version }) => ({ person_id: doc.personId, region_code: doc.regionCode, scheme: doc.scheme, version, doc: JSON.stringify(doc) })))
      // as in SQLite: a person keeps the region and scheme it was first written with
      .onConflict((oc) => oc.column('person_id').doUpdateSet((eb) => ({ version: eb.ref('excluded.version'), doc: eb.ref('excluded.doc') })))
      .execute();
  }
  for (const rows of chunks(b.versions)) {
    const values = sql.join(rows.map(([personId, version]) => sql`(${personId}, ${version}::bigint)`));
    await sql`update persons set version = v.version from (values ${values}) as v (person_id, version) where persons.person_id = v.person_id`.execute(trx);
  }
  for (const rows of chunks(b.counters.values())) {
    await trx
      .insertInto('counters')
      .values(rows.map((c) => ({ person_id: c.personId, year: c.year, key: c.key, used_fen: c.deltaFen, limit_fen: c.limitFen })))
      .onConflict((oc) =>
        oc.columns(['person_id', 'year', 'key']).doUpdateSet((eb) => ({
          used_fen: eb('counters.used_fen', '+', eb.ref('excluded.used_fen')),
          limit_fen: eb.ref('excluded.limit_fen'),
        })),
      )
      .execute();
  }
  for (const rows of chunks(b.warnings.values())) {
    await trx
      .insertInto('warnings')
      .values(rows.map((w) => ({ person_id: w.personId, kind: w.kind, year: w.year, raised_on: w.raisedOn, claim_id: w.claimId, threshold_fen: w.thresholdFen, burden_fen: w.burdenFen, citation: w.citation })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/** Claims first, then what changed them: a claim adjusted in the batch that records it exists by then. */
async function flushClaims(trx: Db, b: Batch): Promise<void> {
  for (const rows of chunks(b.claims.values())) {
    await trx
      .insertInto('claims')
      .values(rows.map((c) => ({ claim_id: c.claimId, person_id: c.personId, region_code: c.regionCode, position: c.position, recorded_at: c.recordedAt, adjudicated: c.adjudicatedJson })))
      .onConflict((oc) =>
        oc.column('claim_id').doUpdateSet((eb) => ({
          position: eb.ref('excluded.position'),
          recorded_at: eb.ref('excluded.recorded_at'),
          adjudicated: eb.ref('excluded.adjudicated'),
        })),
      )
      .execute();
  }
  for (const rows of chunks(b.adjustedClaims)) {
    const values = sql.join(rows.map(([claimId, adjusted]) => sql`(${claimId}, ${JSON.stringify(adjusted)}::json)`));
    await sql`update claims set adjusted = v.adjusted from (values ${values}) as v (claim_id, adjusted) where claims.claim_id = v.claim_id`.execute(trx);
  }
  for (const rows of chunks(b.claimLedgerMonths)) {
    await trx
      .insertInto('claim_ledger_months')
      .values(rows.map(([claimId, month]) => ({ claim_id: claimId, month })))
      .onConflict((oc) => oc.column('claim_id').doUpdateSet((eb) => ({ month: eb.ref('excluded.month') })))
      .execute();
  }
}

async function flushAccounts(trx: Db, b: Batch): Promise<void> {
  for (const rows of chunks(b.accountEntries)) {
    await trx
      .insertInto('account_entries')
      .values(rows.map((e) => ({ person_id: e.personId, position: e.position, month: e.month, kind: e.kind, amount_fen: e.amountFen, reference: e.reference })))
      .execute();
  }
  for (const rows of chunks(b.balances)) {
    await trx
      .insertInto('account_balances')
      .values(rows.map(([personId, delta]) => ({ person_id: personId, balance_fen: delta })))
      .onConflict((oc) => oc.column('person_id').doUpdateSet((eb) => ({ balance_fen: eb('account_balances.balance_fen', '+', eb.ref('excluded.balance_fen')) })))
      .execute();
  }
}

async function flushLedger(trx: Db, b: Batch): Promise<void> {
  for (const rows of chunks(b.ledger.values())) {
    await trx
      .insertInto('ledger')
      .values(rows.map((d) => ({ region_code: d.regionCode, month: d.month, payer: d.payer, institution_id: d.institutionId, amount_fen: d.amountFen, claims: d.claims })))
      .onConflict((oc) =>
        oc.columns(['region_code', 'month', 'payer', 'institution_id']).doUpdateSet((eb) => ({
          amount_fen: eb('ledger.amount_fen', '+', eb.ref('excluded.amount_fen')),
          claims: eb('ledger.claims', '+', eb.ref('excluded.claims')),
        })),
      )
      .execute();
  }
  for (const rows of chunks(b.fundYears.values())) {
    await trx
      .insertInto('fund_years')
      .values(rows.map((f) => ({ region_code: f.regionCode, year: f.year, payer: f.payer, amount_fen: f.amountFen, claims: f.claims })))
      .onConflict((oc) =>
        oc.columns(['region_code', 'year', 'payer']).doUpdateSet((eb) => ({
          amount_fen: eb('fund_years.amount_fen', '+', eb.ref('excluded.amount_fen')),
          claims: eb('fund_years.claims', '+', eb.ref('excluded.claims')),
        })),
      )
      .execute();
  }
  for (const rows of chunks(b.corrections.values())) {
    await trx
      .insertInto('corrections')
      .values(rows.map((c) => ({ region_code: c.regionCode, applied_month: c.appliedMonth, original_month: c.originalMonth, payer: c.payer, amount_fen: c.amountFen })))
      .onConflict((oc) =>
        oc.columns(['region_code', 'applied_month', 'original_month', 'payer']).doUpdateSet((eb) => ({
          amount_fen: eb('corrections.amount_fen', '+', eb.ref('excluded.amount_fen')),
        })),
      )
      .execute();
  }
}

/** Settled months, bed days and accruals of the month-end, and the settlement documents. */
async function flushSettlements(trx: Db, b: Batch): Promise<void> {
  for (const rows of chunks(b.settledMonths)) {
    await trx
      .insertInto('settled_months')
      .values(rows.map((m) => ({ region_code: m.regionCode, month: m.month, position: m.position })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  for (const rows of chunks(b.bedDays.values())) {
    await trx
      .insertInto('bed_days')
      .values(rows.map((r) => ({ region_code: r.regionCode, month: r.month, institution_id: r.institutionId, stays: r.stays, bed_days: r.bedDays, amount_fen: r.amountFen })))
      .onConflict((oc) =>
        oc.columns(['region_code', 'month', 'institution_id']).doUpdateSet((eb) => ({
          stays: eb('bed_days.stays', '+', eb.ref('excluded.stays')),
          bed_days: eb('bed_days.bed_days', '+', eb.ref('excluded.bed_days')),
          amount_fen: eb('bed_days.amount_fen', '+', eb.ref('excluded.amount_fen')),
        })),
      )
      .execute();
  }
  for (const rows of chunks(b.accruals.values())) {
    await trx
      .insertInto('accruals')
      .values(rows.map((a) => ({ region_code: a.regionCode, month: a.month, kind: a.kind, payer: a.payer, amount_fen: a.amountFen, city_fen: a.cityFinanceFen, town_fen: a.townFinanceFen, persons: a.persons })))
      .onConflict((oc) =>
        oc.columns(['region_code', 'month', 'kind', 'payer']).doUpdateSet((eb) => ({
          amount_fen: eb('accruals.amount_fen', '+', eb.ref('excluded.amount_fen')),
          city_fen: eb('accruals.city_fen', '+', eb.ref('excluded.city_fen')),
          town_fen: eb('accruals.town_fen', '+', eb.ref('excluded.town_fen')),
          persons: eb('accruals.persons', '+', eb.ref('excluded.persons')),
        })),
      )
      .execute();
  }
  for (const rows of chunks(b.settlements.values())) {
    await trx
      .insertInto('settlements')
      .values(rows.map((doc) => ({ region_code: doc.regionCode, month: doc.month, doc: JSON.stringify(doc) })))
      .onConflict((oc) => oc.columns(['region_code', 'month']).doUpdateSet((eb) => ({ doc: eb.ref('excluded.doc') })))
      .execute();
  }
}

/** The access log and the reconciliation rows: one row per fact, never added up. */
async function flushLogs(trx: Db, b: Batch): Promise<void> {
  for (const rows of chunks(b.accessLog.values())) {
    await trx
      .insertInto('access_log')
      .values(rows.map((r) => ({ person_id: r.personId, position: r.position, day: r.day, at: r.at, actor: r.actor, role: r.role, token_id: r.tokenId, route: r.route, what: JSON.stringify(r.what), reason: r.reason })))
      // as in SQLite: a person named twice in one read is one row
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  for (const rows of chunks(b.reconciliation)) {
    await trx
      .insertInto('reconciliation_entries')
      .values(rows.map((r) => ({ institution_id: r.institutionId, day: r.day, position: r.position, claim_id: r.claimId, kind: r.kind, total_fen: r.totalFen, fund_fen: r.fundFen, shares: JSON.stringify(r.shares) })))
      .execute();
  }
}
