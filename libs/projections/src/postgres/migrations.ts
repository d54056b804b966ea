/**
 * The PostgreSQL read-model schema as Kysely migrations (in code, no files to ship): the same
 * tables, keys and indexes as the SQLite schema. Positions and fen amounts are bigint (read back
 * as JS numbers, see postgres-read-model.ts), documents are `json` (kept as written, key order
 * included), and every text column uses the "C" collation so that ORDER BY sorts byte-wise like
 * SQLite's BINARY collation, whatever the database's locale.
 */
import { Kysely, Migration, MigrationProvider, MigrationResultSet, Migrator, sql } from 'kysely';

/** Byte-wise ordering, as SQLite's default BINARY collation. */
const TEXT = sql`text collate "C"`;
const nn = <T extends { notNull(): T }>(c: T) => c.notNull();

const readModel0001: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('checkpoints')
      .ifNotExists()
      .addColumn('projection', TEXT, (c) => c.primaryKey())
      .addColumn('position', 'bigint', nn)
      .execute();

    await db.schema
      .createTable('persons')
      .ifNotExists()
      .addColumn('person_id', TEXT, (c) => c.primaryKey())
      .addColumn('region_code', TEXT, nn)
      .addColumn('scheme', TEXT, nn)
      .addColumn('version', 'bigint', nn)
      .addColumn('doc', 'json', nn)
      .execute();
    await db.schema.createIndex('persons_region').ifNotExists().on('persons').columns(['region_code', 'scheme']).execute();

    await db.schema
      .createTable('claims')
      .ifNotExists()
      .addColumn('claim_id', TEXT, (c) => c.primaryKey())
      .addColumn('person_id', TEXT, nn)
      .addColumn('region_code', TEXT, nn)
      .addColumn('position', 'bigint', nn)
      .addColumn('recorded_at', TEXT, nn)
      .addColumn('adjudicated', 'json', nn)
      .addColumn('adjusted', 'json')
      .execute();
    await db.schema.createIndex('claims_person').ifNotExists().on('claims').column('person_id').execute();

    await db.schema
      .createTable('corrections')
      .ifNotExists()
      .addColumn('region_code', TEXT, nn)
      .addColumn('applied_month', TEXT, nn)
      .addColumn('original_month', TEXT, nn)
      .addColumn('payer', TEXT, nn)
      .addColumn('amount_fen', 'bigint', nn)
      .addPrimaryKeyConstraint('corrections_pkey', ['region_code', 'applied_month', 'original_month', 'payer'])
      .execute();
    await db.schema.createIndex('corrections_original').ifNotExists().on('corrections').columns(['region_code', 'original_month']).execute();

    await db.schema
      .createTable('claim_ledger_months')
      .ifNotExists()
      .addColumn('claim_id', TEXT, (c) => c.primaryKey())
      .addColumn('month', TEXT, nn)
      .execute();

    await db.schema
      .createTable('counters')
      .ifNotExists()
      .addColumn('person_id', TEXT, nn)
      .addColumn('year', 'integer', nn)
      .addColumn('key', TEXT, nn)
      .addColumn('used_fen', 'bigint', nn)
      .addColumn('limit_fen', 'bigint')
      .addPrimaryKeyConstraint('counters_pkey', ['person_id', 'year', 'key'])
      .execute();

    await db.schema
      .createTable('account_balances')
      .ifNotExists()
      .addColumn('person_id', TEXT, (c) => c.primaryKey())
      .addColumn('balance_fen', 'bigint', nn)
      .execute();

    await db.schema
      .createTable('account_entries')
      .ifNotExists()
      .addColumn('person_id', TEXT, nn)
      .addColumn('position', 'bigint', nn)
      .addColumn('month', TEXT, nn)
      .addColumn('kind', TEXT, nn)
      .addColumn('amount_fen', 'bigint', nn)
      .addColumn('reference', TEXT)
      .addPrimaryKeyConstraint('account_entries_pkey', ['person_id', 'position', 'kind'])
      .execute();

    await db.schema
      .createTable('ledger')
      .ifNotExists()
      .addColumn('region_code', TEXT, nn)
      .addColumn('month', TEXT, nn)
      .addColumn('payer', TEXT, nn)
      .addColumn('institution_id', TEXT, nn)
      .addColumn('amount_fen', 'bigint', nn)
      .addColumn('claims', 'bigint', nn)
      .addPrimaryKeyConstraint('ledger_pkey', ['region_code', 'month', 'payer', 'institution_id'])
      .execute();

    await db.schema
      .createTable('settled_months')
      .ifNotExists()
      .addColumn('region_code', TEXT, nn)
      .addColumn('month', TEXT, nn)
      .addColumn('position', 'bigint', nn)
      .addPrimaryKeyConstraint('settled_months_pkey', ['region_code', 'month'])
      .execute();

    await db.schema
      .createTable('settlements')
      .ifNotExists()
      .addColumn('region_code', TEXT, nn)
      .addColumn('month', TEXT, nn)
      .addColumn('doc', 'json', nn)
      .addPrimaryKeyConstraint('settlements_pkey', ['region_code', 'month'])
      .execute();

    await db.schema
      .createTable('bed_days')
      .ifNotExists()
      .addColumn('region_code', TEXT, nn)
      .addColumn('month', TEXT, nn)
      .addColumn('institution_id', TEXT, nn)
      .addColumn('stays', 'bigint', nn)
      .addColumn('bed_days', 'bigint', nn)
      .addColumn('amount_fen', 'bigint', nn)
      .addPrimaryKeyConstraint('bed_days_pkey', ['region_code', 'month', 'institution_id'])
      .execute();

    await db.schema
      .createTable('accruals')
      .ifNotExists()
      .addColumn('region_code', TEXT, nn)
      .addColumn('month', TEXT, nn)
      .addColumn('kind', TEXT, nn)
      .addColumn('payer', TEXT, nn)
      .addColumn('amount_fen', 'bigint', nn)
      .addColumn('city_fen', 'bigint', nn)
      .addColumn('town_fen', 'bigint', nn)
      .addColumn('persons', 'bigint', nn)
      .addPrimaryKeyConstraint('accruals_pkey', ['region_code', 'month', 'kind', 'payer'])
      .execute();

    await db.schema
      .createTable('warnings')
      .ifNotExists()
      .addColumn('person_id', TEXT, nn)
      .addColumn('kind', TEXT, nn)
      .addColumn('year', 'integer', nn)
      .addColumn('raised_on', TEXT, nn)
      .addColumn('claim_id', TEXT, nn)
      .addColumn('threshold_fen', 'bigint', nn)
      .addColumn('burden_fen', 'bigint', nn)
      .addColumn('citation', TEXT, nn)
      .addPrimaryKeyConstraint('warnings_pkey', ['person_id', 'kind', 'year'])
      .execute();

    await db.schema
      .createTable('fund_years')
      .ifNotExists()
      .addColumn('region_code', TEXT, nn)
      .addColumn('year', 'integer', nn)
      .addColumn('payer', TEXT, nn)
      .addColumn('amount_fen', 'bigint', nn)
      .addColumn('claims', 'bigint', nn)
      .addPrimaryKeyConstraint('fund_years_pkey', ['region_code', 'year', 'payer'])
      .execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    for (const t of [...READ_MODEL_TABLES].reverse()) await db.schema.dropTable(t).ifExists().execute();
  },
};

/** The access log (one row per person per recorded read), keyed for look-up by person and by position. */
const accessLog0002: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('access_log')
      .ifNotExists()
      .addColumn('person_id', TEXT, nn)
      .addColumn('position', 'bigint', nn)
      .addColumn('day', TEXT, nn)
      .addColumn('at', TEXT, nn)
      .addColumn('actor', TEXT, nn)
      .addColumn('role', TEXT)
      .addColumn('token_id', TEXT)
      .addColumn('route', TEXT, nn)
      // text, not json: kept byte for byte as SQLite keeps it, and never queried inside
      .addColumn('what', TEXT, nn)
      .addColumn('reason', TEXT)
      .addPrimaryKeyConstraint('access_log_pkey', ['person_id', 'position'])
      .execute();
    await db.schema.createIndex('access_log_position').ifNotExists().on('access_log').columns(['position', 'person_id']).execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('access_log').ifExists().execute();
  },
};

/** 对账: settlements and cancellations by institution and recorded day (issue 11). */
const reconciliation0003: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('reconciliation_entries')
      .ifNotExists()
      .addColumn('institution_id', TEXT, nn)
      .addColumn('day', TEXT, nn)
      .addColumn('position', 'bigint', nn)
      .addColumn('claim_id', TEXT, nn)
      .addColumn('kind', TEXT, nn)
      .addColumn('total_fen', 'bigint', nn)
      .addColumn('fund_fen', 'bigint', nn)
      .addColumn('shares', 'json', nn)
      .addPrimaryKeyConstraint('reconciliation_entries_pkey', ['institution_id', 'day', 'position'])
      .execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('reconciliation_entries').ifExists().execute();
  },
};

/** Every table the read model keeps (projections' `tables` name a subset; `checkpoints` is the store's). */
export const READ_MODEL_TABLES = [
  'checkpoints',
  'persons',
  'claims',
  'corrections',
  'claim_ledger_months',
  'counters',
  'account_balances',
  'account_entries',
  'ledger',
  'settled_months',
  'settlements',
  'bed_days',
  'accruals',
  'warnings',
  'fund_years',
  'access_log',
  'reconciliation_entries',
] as const;

/** The migrations, in order, from code. */
export const readModelMigrations: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return { '0001_read_model': readModel0001, '0002_access_log': accessLog0002, '0003_reconciliation': reconciliation0003 };
  },
};

/**
 * Brings the schema to the latest migration; running it again is a no-op. The migration
 * bookkeeping tables (kysely_migration, kysely_migration_lock) live in `schema` (the one the
 * connections' search_path points at), so that several read models can share a database.
 */
export async function migrateToLatest(db: Kysely<any>, schema = 'public'): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: readModelMigrations, migrationTableSchema: schema });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const err = result.error instanceof Error ? result.error : new Error(String(result.error));
    err.message = `read-model migration ${failed?.migrationName ?? ''} failed: ${err.message}`;
    throw err;
  }
  return result;
}
