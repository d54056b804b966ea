/** Row types of the PostgreSQL read model, for Kysely (bigint columns are read back as numbers). */
import type { ColumnType } from 'kysely';

/** A `json` column: written as a JSON string, read back parsed. */
type Json<T = unknown> = ColumnType<T, string, string>;

export interface ReadModelDb {
  checkpoints: { projection: string; position: number };
  persons: { person_id: string; region_code: string; scheme: string; version: number; doc: Json };
  claims: { claim_id: string; person_id: string; region_code: string; position: number; recorded_at: string; adjudicated: Json; adjusted: ColumnType<unknown | null, string | null | undefined, string | null> };
  corrections: { region_code: string; applied_month: string; original_month: string; payer: string; amount_fen: number };
  claim_ledger_months: { claim_id: string; month: string };
  counters: { person_id: string; year: number; key: string; used_fen: number; limit_fen: number | null };
  account_balances: { person_id: string; balance_fen: number };
  account_entries: { person_id: string; position: number; month: string; kind: string; amount_fen: number; reference: string | null };
  ledger: { region_code: string; month: string; payer: string; institution_id: string; amount_fen: number; claims: number };
  settled_months: { region_code: string; month: string; position: number };
  settlements: { region_code: string; month: string; doc: Json };
  bed_days: { region_code: string; month: string; institution_id: string; stays: number; bed_days: number; amount_fen: number };
  accruals: { region_code: string; month: string; kind: string; payer: string; amount_fen: number; city_fen: number; town_fen: number; persons: number };
  warnings: { person_id: string; kind: string; year: number; raised_on: string; claim_id: string; threshold_fen: number; burden_fen: number; citation: string };
  fund_years: { region_code: string; year: number; payer: string; amount_fen: number; claims: number };
  reconciliation_entries: { institution_id: string; day: string; position: number; claim_id: string; kind: string; total_fen: number; fund_fen: number; shares: Json<Record<string, number>> };
  access_log: { person_id: string; position: number; day: string; at: string; actor: string; role: string | null; token_id: string | null; route: string; what: string; reason: string | null };
}
