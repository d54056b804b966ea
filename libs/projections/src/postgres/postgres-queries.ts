/**
 * Queries over the PostgreSQL read model: the same results as SqliteQueries (same order, same
 * shapes). Each runs on its own pooled connection outside any projector transaction, so it sees
 * committed batches only (READ COMMITTED).
 */
import { Kysely, sql } from 'kysely';
import { accessEntryOf, accrualOf, reconciliationEntryOf, warningOf } from '../row-mappers';
import { Month, PAYERS, Payer, RegionCode } from '@benefit/shared';
import type { ClaimAdjudicated } from '@benefit/domain';
import type { Adjudication } from '@benefit/policy';
import { AccessLogEntry, AccessLogFilter, ReconciliationEntry, AccountEntry, ClaimCorrection, ClaimDoc, CounterRow, LedgerFund, PersonDoc, ReadQueries, SettlementDoc } from '../read-model';
import { claimDocOf } from '../projections';
import { PostgresReadModel } from './postgres-read-model';
import { ReadModelDb } from './schema';

export class PostgresQueries implements ReadQueries {
  private readonly db: Kysely<ReadModelDb>;

  constructor(readModel: PostgresReadModel) {
    this.db = readModel.db;
  }

  async person(personId: string): Promise<(PersonDoc & { version: number }) | undefined> {
    const row = await this.db.selectFrom('persons').select(['doc', 'version']).where('person_id', '=', personId).executeTakeFirst();
    return row ? { ...(row.doc as PersonDoc), version: row.version } : undefined;
  }

  async personIdsInRegion(regionCode: RegionCode): Promise<string[]> {
    const rows = await this.db.selectFrom('persons').select('person_id').where('region_code', '=', regionCode).orderBy('person_id').execute();
    return rows.map((r) => r.person_id);
  }

  async claim(claimId: string): Promise<ClaimDoc | undefined> {
    const row = await this.db.selectFrom('claims').select(['adjudicated', 'adjusted', 'position', 'recorded_at']).where('claim_id', '=', claimId).executeTakeFirst();
    if (!row) return undefined;
    const adjusted = (row.adjusted ?? undefined) as { adjudication: Adjudication; corrections: ClaimCorrection[] } | undefined;
    return claimDocOf(row.adjudicated as ClaimAdjudicated['data'], row.position, row.recorded_at, adjusted);
  }

  async counters(personId: string, year: number): Promise<CounterRow[]> {
    const rows = await this.db
      .selectFrom('counters')
      .select(['key', 'used_fen', 'limit_fen'])
      .where('person_id', '=', personId)
      .where('year', '=', year)
      .orderBy('key') // SQLite returns them in primary-key order
      .execute();
    return rows.map((r) => ({ key: r.key, usedFen: r.used_fen, limitFen: r.limit_fen }));
  }

  async account(personId: string): Promise<{ balanceFen: number; entries: Omit<AccountEntry, 'personId'>[] }> {
    const balance = await this.db.selectFrom('account_balances').select('balance_fen').where('person_id', '=', personId).executeTakeFirst();
    const rows = await this.db
      .selectFrom('account_entries')
      .select(['month', 'kind', 'amount_fen', 'reference', 'position'])
      .where('person_id', '=', personId)
      .orderBy('position')
      .orderBy('kind') // (person_id, position, kind) is the key: SQLite's order for equal positions
      .execute();
    const entries = rows.map((r) => ({
      month: r.month,
      kind: r.kind as AccountEntry['kind'],
      amountFen: r.amount_fen,
      reference: r.reference,
      position: r.position,
    }));
    return { balanceFen: balance?.balance_fen ?? 0, entries };
  }

  async ledger(regionCode: RegionCode, month: Month): Promise<LedgerFund[]> {
    const rows = await this.db
      .selectFrom('ledger')
      .select((eb) => ['payer', eb.fn.sum<number>('amount_fen').as('amount_fen'), eb.fn.sum<number>('claims').as('claims')])
      .where('region_code', '=', regionCode)
      .where('month', '=', month)
      .groupBy('payer')
      .execute();
    const byPayer = new Map(rows.map((r) => [r.payer, r]));
    return PAYERS.map((payer) => ({ payer, amountFen: Number(byPayer.get(payer)?.amount_fen ?? 0), claims: Number(byPayer.get(payer)?.claims ?? 0) }));
  }

  async settlement(regionCode: RegionCode, month: Month): Promise<SettlementDoc | undefined> {
    const row = await this.db.selectFrom('settlements').select('doc').where('region_code', '=', regionCode).where('month', '=', month).executeTakeFirst();
    return row ? (row.doc as SettlementDoc) : undefined;
  }

  async settledMonths(regionCode: RegionCode): Promise<Month[]> {
    const rows = await this.db.selectFrom('settled_months').select('month').where('region_code', '=', regionCode).orderBy('month').execute();
    return rows.map((r) => r.month);
  }

  async warnings(personId: string) {
    const rows = await this.db
      .selectFrom('warnings')
      .select(['kind', 'year', 'raised_on', 'claim_id', 'threshold_fen', 'burden_fen', 'citation'])
      .where('person_id', '=', personId)
      .orderBy('year')
      .orderBy('kind')
      .execute();
    return rows.map(warningOf);
  }

  async accruals(regionCode: RegionCode, month: Month) {
    const rows = await this.db
      .selectFrom('accruals')
      .select(['kind', 'payer', 'amount_fen', 'city_fen', 'town_fen', 'persons'])
      .where('region_code', '=', regionCode)
      .where('month', '=', month)
      .orderBy('kind')
      .orderBy('payer') // SQLite reads them through the (region, month, kind, payer) key
      .execute();
    return rows.map(accrualOf);
  }

  async premiumsOfYear(regionCode: RegionCode, year: number): Promise<{ amountFen: number; persons: number }> {
    const row = await this.db
      .selectFrom('accruals')
      .select((eb) => [eb.fn.sum<number | null>('amount_fen').as('amount_fen'), eb.fn.sum<number | null>('persons').as('persons')])
      .where('region_code', '=', regionCode)
      .where('kind', '=', 'poverty_premium')
      .where(sql<string>`substr(month, 1, 4)`, '=', String(year))
      .executeTakeFirst();
    return { amountFen: Number(row?.amount_fen ?? 0), persons: Number(row?.persons ?? 0) };
  }

  async fundYear(regionCode: RegionCode, year: number, payer: Payer): Promise<{ amountFen: number; claims: number }> {
    const row = await this.db
      .selectFrom('fund_years')
      .select(['amount_fen', 'claims'])
      .where('region_code', '=', regionCode)
      .where('year', '=', year)
      .where('payer', '=', payer)
      .executeTakeFirst();
    return { amountFen: row?.amount_fen ?? 0, claims: row?.claims ?? 0 };
  }

  /** Corrections applied with a month's settlement, and corrections made since to the claims of that month. */
  async corrections(regionCode: RegionCode, month: Month) {
    const applied = await this.db
      .selectFrom('corrections')
      .select(['original_month', 'payer', 'amount_fen'])
      .where('region_code', '=', regionCode)
      .where('applied_month', '=', month)
      .orderBy('original_month')
      .orderBy('payer')
      .execute();
    const against = await this.db
      .selectFrom('corrections')
      .select(['applied_month', 'payer', 'amount_fen'])
      .where('region_code', '=', regionCode)
      .where('original_month', '=', month)
      .orderBy('applied_month')
      .orderBy('payer')
      .execute();
    return {
      appliedThisMonth: applied.map((r) => ({ originalMonth: r.original_month, payer: r.payer, amountFen: r.amount_fen })),
      againstThisMonth: against.map((r) => ({ appliedMonth: r.applied_month, payer: r.payer, amountFen: r.amount_fen })),
    };
  }

  async reconciliationEntries(institutionId: string, from: string, to: string): Promise<ReconciliationEntry[]> {
    const rows = await this.db.selectFrom('reconciliation_entries').selectAll().where('institution_id', '=', institutionId).where('day', '>=', from).where('day', '<=', to).orderBy('position').execute();
    return rows.map((r) => reconciliationEntryOf(r as never));
  }

  async accessLog(f: AccessLogFilter): Promise<AccessLogEntry[]> {
    let q = this.db.selectFrom('access_log').selectAll().where('position', '>', f.after).where('day', '>=', f.fromDay).where('day', '<=', f.toDay);
    if (f.personId !== null) q = q.where('person_id', '=', f.personId);
    const rows = await q.orderBy('position').orderBy('person_id').limit(f.limit).execute();
    return rows.map(accessEntryOf);
  }
}
