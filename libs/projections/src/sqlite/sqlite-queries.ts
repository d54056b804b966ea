/** Queries over the embedded read model (the reader connection: snapshot reads, never blocked by the projector). */
import Database from 'better-sqlite3';
import { AccessLogRowDb, accessEntryOf, accrualOf, warningOf } from '../row-mappers';
import { Month, PAYERS, Payer, RegionCode } from '@benefit/shared';
import { AccessLogEntry, AccessLogFilter, AccountEntry, ClaimDoc, CounterRow, LedgerFund, PersonDoc, ReadQueries, SettlementDoc } from '../read-model';
import { claimDocOf } from '../projections';
import { SqliteReadModel } from './sqlite-read-model';

export class SqliteQueries implements ReadQueries {
  private readonly db: Database.Database;
  private readonly q;

  constructor(readModel: SqliteReadModel) {
    this.db = readModel.reader;
    this.q = {
      person: this.db.prepare<[string], { doc: string; version: number }>('SELECT doc, version FROM persons WHERE person_id = ?'),
      personsInRegion: this.db.prepare<[string], { person_id: string }>('SELECT person_id FROM persons WHERE region_code = ? ORDER BY person_id'),
      claim: this.db.prepare<[string], { adjudicated: string; adjusted: string | null; position: number; recorded_at: string }>(
        'SELECT adjudicated, adjusted, position, recorded_at FROM claims WHERE claim_id = ?',
      ),
      correctionsApplied: this.db.prepare<[string, string], { original_month: string; payer: string; amount_fen: number }>(
        'SELECT original_month, payer, amount_fen FROM corrections WHERE region_code = ? AND applied_month = ? ORDER BY original_month, payer',
      ),
      correctionsAgainst: this.db.prepare<[string, string], { applied_month: string; payer: string; amount_fen: number }>(
        'SELECT applied_month, payer, amount_fen FROM corrections WHERE region_code = ? AND original_month = ? ORDER BY applied_month, payer',
      ),
      counters: this.db.prepare<[string, number], { key: string; used_fen: number; limit_fen: number | null }>(
        'SELECT key, used_fen, limit_fen FROM counters WHERE person_id = ? AND year = ?',
      ),
      balance: this.db.prepare<[string], { balance_fen: number }>('SELECT balance_fen FROM account_balances WHERE person_id = ?'),
      entries: this.db.prepare<[string], { month: string; kind: string; amount_fen: number; reference: string | null; position: number }>(
        'SELECT month, kind, amount_fen, reference, position FROM account_entries WHERE person_id = ? ORDER BY position',
      ),
      ledger: this.db.prepare<[string, string], { payer: string; amount_fen: number; claims: number }>(
        'SELECT payer, sum(amount_fen) AS amount_fen, sum(claims) AS claims FROM ledger WHERE region_code = ? AND month = ? GROUP BY payer',
      ),
      settlement: this.db.prepare<[string, string], { doc: string }>('SELECT doc FROM settlements WHERE region_code = ? AND month = ?'),
      settled: this.db.prepare<[string], { month: string }>('SELECT month FROM settled_months WHERE region_code = ? ORDER BY month'),
      warnings: this.db.prepare<[string], { kind: string; year: number; raised_on: string; claim_id: string; threshold_fen: number; burden_fen: number; citation: string }>(
        'SELECT kind, year, raised_on, claim_id, threshold_fen, burden_fen, citation FROM warnings WHERE person_id = ? ORDER BY year, kind',
      ),
      accruals: this.db.prepare<[string, string], { kind: string; payer: string; amount_fen: number; city_fen: number; town_fen: number; persons: number }>(
        'SELECT kind, payer, amount_fen, city_fen, town_fen, persons FROM accruals WHERE region_code = ? AND month = ? ORDER BY kind',
      ),
      premiumsOfYear: this.db.prepare<[string, string], { amount_fen: number | null; persons: number | null }>(
        "SELECT sum(amount_fen) AS amount_fen, sum(persons) AS persons FROM accruals WHERE region_code = ? AND kind = 'poverty_premium' AND substr(month, 1, 4) = ?",
      ),
      fundYear: this.db.prepare<[string, number, string], { amount_fen: number; claims: number }>(
        'SELECT amount_fen, claims FROM fund_years WHERE region_code = ? AND year = ? AND payer = ?',
      ),
      accessOfPerson: this.db.prepare<[string, number, string, string, number], AccessLogRowDb>(
        `SELECT * FROM access_log WHERE person_id = ? AND position > ? AND day >= ? AND day <= ?
         ORDER BY position, person_id LIMIT ?`,
      ),
      accessOfAll: this.db.prepare<[number, string, string, number], AccessLogRowDb>(
        'SELECT * FROM access_log WHERE position > ? AND day >= ? AND day <= ? ORDER BY position, person_id LIMIT ?',
      ),
    };
  }

  async person(personId: string): Promise<(PersonDoc & { version: number }) | undefined> {
    const row = this.q.person.get(personId);
    return row ? { ...(JSON.parse(row.doc) as PersonDoc), version: row.version } : undefined;
  }

  async personIdsInRegion(regionCode: RegionCode): Promise<string[]> {
    return this.q.personsInRegion.all(regionCode).map((r) => r.person_id);
  }

  async claim(claimId: string): Promise<ClaimDoc | undefined> {
    const row = this.q.claim.get(claimId);
    return row ? claimDocOf(JSON.parse(row.adjudicated), row.position, row.recorded_at, row.adjusted ? JSON.parse(row.adjusted) : undefined) : undefined;
  }

  async counters(personId: string, year: number): Promise<CounterRow[]> {
    return this.q.counters.all(personId, year).map((r) => ({ key: r.key, usedFen: r.used_fen, limitFen: r.limit_fen }));
  }

  async account(personId: string): Promise<{ balanceFen: number; entries: Omit<AccountEntry, 'personId'>[] }> {
    const balanceFen = this.q.balance.get(personId)?.balance_fen ?? 0;
    const entries = this.q.entries.all(personId).map((r) => ({
      month: r.month,
      kind: r.kind as AccountEntry['kind'],
      amountFen: r.amount_fen,
      reference: r.reference,
      position: r.position,
    }));
    return { balanceFen, entries };
  }

  async ledger(regionCode: RegionCode, month: Month): Promise<LedgerFund[]> {
    const rows = new Map(this.q.ledger.all(regionCode, month).map((r) => [r.payer, r]));
    return PAYERS.map((payer) => ({ payer, amountFen: rows.get(payer)?.amount_fen ?? 0, claims: rows.get(payer)?.claims ?? 0 }));
  }

  async settlement(regionCode: RegionCode, month: Month): Promise<SettlementDoc | undefined> {
    const row = this.q.settlement.get(regionCode, month);
    return row ? (JSON.parse(row.doc) as SettlementDoc) : undefined;
  }

  async warnings(personId: string) {
    return this.q.warnings.all(personId).map(warningOf);
  }

  async accruals(regionCode: RegionCode, month: Month) {
    return this.q.accruals.all(regionCode, month).map(accrualOf);
  }

  async premiumsOfYear(regionCode: RegionCode, year: number): Promise<{ amountFen: number; persons: number }> {
    const row = this.q.premiumsOfYear.get(regionCode, String(year));
    return { amountFen: row?.amount_fen ?? 0, persons: row?.persons ?? 0 };
  }

  async fundYear(regionCode: RegionCode, year: number, payer: Payer): Promise<{ amountFen: number; claims: number }> {
    const row = this.q.fundYear.get(regionCode, year, payer);
    return { amountFen: row?.amount_fen ?? 0, claims: row?.claims ?? 0 };
  }

  /** Corrections applied with a month's settlement, and corrections made since to the claims of that month. */
  async corrections(regionCode: RegionCode, month: Month) {
    return {
      appliedThisMonth: this.q.correctionsApplied.all(regionCode, month).map((r) => ({ originalMonth: r.original_month, payer: r.payer, amountFen: r.amount_fen })),
      againstThisMonth: this.q.correctionsAgainst.all(regionCode, month).map((r) => ({ appliedMonth: r.applied_month, payer: r.payer, amountFen: r.amount_fen })),
    };
  }

  async settledMonths(regionCode: RegionCode): Promise<Month[]> {
    return this.q.settled.all(regionCode).map((r) => r.month);
  }

  async accessLog(f: AccessLogFilter): Promise<AccessLogEntry[]> {
    const rows = f.personId === null ? this.q.accessOfAll.all(f.after, f.fromDay, f.toDay, f.limit) : this.q.accessOfPerson.all(f.personId, f.after, f.fromDay, f.toDay, f.limit);
    return rows.map(accessEntryOf);
  }
}
