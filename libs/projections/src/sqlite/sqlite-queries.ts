/**
 * Queries over the embedded read model (the reader connection: snapshot reads, never blocked by the
 * projector). Statements that read amounts read integers as BigInt (`safeIntegers`), and each amount
 * becomes a number through `exactInteger`: a sum past 2^53 fails loudly, never rounds.
 */
import Database from 'better-sqlite3';
import { exactInteger, exactIntegerOrNull } from '../exact-integer';
import { AccessLogRowDb, ReconciliationRowDb, accessEntryOf, accrualOf, reconciliationEntryOf, warningOf } from '../row-mappers';
import { Month, PAYERS, Payer, RegionCode } from '@benefit/shared';
import { AccessLogEntry, AccessLogFilter, ReconciliationEntry, AccountEntry, ClaimDoc, CounterRow, LedgerFund, PersonDoc, ReadQueries, SettlementDoc } from '../read-model';
import { claimDocOf } from '../projections';
import { SqliteReadModel } from './sqlite-read-model';

/** An integer column read with safeIntegers: BigInt. */
type Int = number | bigint;

export class SqliteQueries implements ReadQueries {
  private readonly db: Database.Database;
  private readonly q;

  constructor(private readonly readModel: SqliteReadModel) {
    this.db = readModel.reader;
    // integers as BigInt on the statements that read amounts: converted by exactInteger below
    const exact = <P extends unknown[], R>(sql: string) => this.db.prepare<P, R>(sql).safeIntegers(true);
    this.q = {
      person: this.db.prepare<[string], { doc: string; version: number }>('SELECT doc, version FROM persons WHERE person_id = ?'),
      personsInRegion: this.db.prepare<[string], { person_id: string }>('SELECT person_id FROM persons WHERE region_code = ? ORDER BY person_id'),
      claim: this.db.prepare<[string], { adjudicated: string; adjusted: string | null; position: number; recorded_at: string }>(
        'SELECT adjudicated, adjusted, position, recorded_at FROM claims WHERE claim_id = ?',
      ),
      correctionsApplied: exact<[string, string], { original_month: string; payer: string; amount_fen: Int }>(
        'SELECT original_month, payer, amount_fen FROM corrections WHERE region_code = ? AND applied_month = ? ORDER BY original_month, payer',
      ),
      correctionsAgainst: exact<[string, string], { applied_month: string; payer: string; amount_fen: Int }>(
        'SELECT applied_month, payer, amount_fen FROM corrections WHERE region_code = ? AND original_month = ? ORDER BY applied_month, payer',
      ),
      counters: exact<[string, number], { key: string; used_fen: Int; limit_fen: Int | null }>('SELECT key, used_fen, limit_fen FROM counters WHERE person_id = ? AND year = ?'),
      balance: exact<[string], { balance_fen: Int }>('SELECT balance_fen FROM account_balances WHERE person_id = ?'),
      entries: exact<[string], { month: string; kind: string; amount_fen: Int; reference: string | null; position: Int }>(
        'SELECT month, kind, amount_fen, reference, position FROM account_entries WHERE person_id = ? ORDER BY position',
      ),
      ledger: exact<[string, string], { payer: string; amount_fen: Int; claims: Int }>(
        'SELECT payer, sum(amount_fen) AS amount_fen, sum(claims) AS claims FROM ledger WHERE region_code = ? AND month = ? GROUP BY payer',
      ),
      settlement: this.db.prepare<[string, string], { doc: string }>('SELECT doc FROM settlements WHERE region_code = ? AND month = ?'),
      settled: this.db.prepare<[string], { month: string }>('SELECT month FROM settled_months WHERE region_code = ? ORDER BY month'),
      warnings: exact<[string], { kind: string; year: Int; raised_on: string; claim_id: string; threshold_fen: Int; burden_fen: Int; citation: string }>(
        'SELECT kind, year, raised_on, claim_id, threshold_fen, burden_fen, citation FROM warnings WHERE person_id = ? ORDER BY year, kind',
      ),
      accruals: exact<[string, string], { kind: string; payer: string; amount_fen: Int; city_fen: Int; town_fen: Int; persons: Int }>(
        'SELECT kind, payer, amount_fen, city_fen, town_fen, persons FROM accruals WHERE region_code = ? AND month = ? ORDER BY kind',
      ),
      premiumsOfYear: exact<[string, string], { amount_fen: Int | null; persons: Int | null }>(
        "SELECT sum(amount_fen) AS amount_fen, sum(persons) AS persons FROM accruals WHERE region_code = ? AND kind = 'poverty_premium' AND substr(month, 1, 4) = ?",
      ),
      fundYear: exact<[string, number, string], { amount_fen: Int; claims: Int }>('SELECT amount_fen, claims FROM fund_years WHERE region_code = ? AND year = ? AND payer = ?'),
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
    if (!row) return undefined;
    const adjudicated = row.adjudicated === '' ? await this.readModel.claimEventAt(row.position) : JSON.parse(row.adjudicated);
    return claimDocOf(adjudicated as Parameters<typeof claimDocOf>[0], row.position, row.recorded_at, row.adjusted ? JSON.parse(row.adjusted) : undefined);
  }

  async counters(personId: string, year: number): Promise<CounterRow[]> {
    return this.q.counters.all(personId, year).map((r) => ({ key: r.key, usedFen: exactInteger(r.used_fen, 'counters.used_fen'), limitFen: exactIntegerOrNull(r.limit_fen, 'counters.limit_fen') }));
  }

  async account(personId: string): Promise<{ balanceFen: number; entries: Omit<AccountEntry, 'personId'>[] }> {
    const balanceFen = exactInteger(this.q.balance.get(personId)?.balance_fen ?? 0, 'account_balances.balance_fen');
    const entries = this.q.entries.all(personId).map((r) => ({
      month: r.month,
      kind: r.kind as AccountEntry['kind'],
      amountFen: exactInteger(r.amount_fen, 'account_entries.amount_fen'),
      reference: r.reference,
      position: exactInteger(r.position, 'account_entries.position'),
    }));
    return { balanceFen, entries };
  }

  async ledger(regionCode: RegionCode, month: Month): Promise<LedgerFund[]> {
    const rows = new Map(this.q.ledger.all(regionCode, month).map((r) => [r.payer, r]));
    return PAYERS.map((payer) => ({ payer, amountFen: exactInteger(rows.get(payer)?.amount_fen ?? 0, `ledger sum of ${payer}`), claims: exactInteger(rows.get(payer)?.claims ?? 0, 'ledger claims') }));
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
    return { amountFen: exactInteger(row?.amount_fen ?? 0, 'premiums of the year'), persons: exactInteger(row?.persons ?? 0, 'insured persons of the year') };
  }

  async fundYear(regionCode: RegionCode, year: number, payer: Payer): Promise<{ amountFen: number; claims: number }> {
    const row = this.q.fundYear.get(regionCode, year, payer);
    return { amountFen: exactInteger(row?.amount_fen ?? 0, 'fund_years.amount_fen'), claims: exactInteger(row?.claims ?? 0, 'fund_years.claims') };
  }

  /** Corrections applied with a month's settlement, and corrections made since to the claims of that month. */
  async corrections(regionCode: RegionCode, month: Month) {
    return {
      appliedThisMonth: this.q.correctionsApplied.all(regionCode, month).map((r) => ({ originalMonth: r.original_month, payer: r.payer, amountFen: exactInteger(r.amount_fen, 'corrections.amount_fen') })),
      againstThisMonth: this.q.correctionsAgainst.all(regionCode, month).map((r) => ({ appliedMonth: r.applied_month, payer: r.payer, amountFen: exactInteger(r.amount_fen, 'corrections.amount_fen') })),
    };
  }

  async settledMonths(regionCode: RegionCode): Promise<Month[]> {
    return this.q.settled.all(regionCode).map((r) => r.month);
  }

  async reconciliationEntries(institutionId: string, from: string, to: string): Promise<ReconciliationEntry[]> {
    const rows = this.db
      .prepare<[string, string, string], ReconciliationRowDb>('SELECT * FROM reconciliation_entries WHERE institution_id = ? AND day >= ? AND day <= ? ORDER BY position')
      .all(institutionId, from, to);
    return rows.map(reconciliationEntryOf);
  }

  async accessLog(f: AccessLogFilter): Promise<AccessLogEntry[]> {
    const rows = f.personId === null ? this.q.accessOfAll.all(f.after, f.fromDay, f.toDay, f.limit) : this.q.accessOfPerson.all(f.personId, f.after, f.fromDay, f.toDay, f.limit);
    return rows.map(accessEntryOf);
  }
}
