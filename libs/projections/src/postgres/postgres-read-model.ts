/**
 * The PostgreSQL read model (Kysely over a pg Pool): the same tables as the SQLite one, and the
 * same batches, gathered by the engine (engine/batched-read-model.ts). A projector batch runs in
 * one transaction with the checkpoints it sets; this store writes the batch's rows with multi-row
 * INSERT … ON CONFLICT statements before the checkpoints and the COMMIT.
 */
import { Kysely, PostgresDialect, Transaction, sql } from 'kysely';
import { Pool, PoolConfig, types as pgTypes } from 'pg';
import { Payer } from '@benefit/shared';
import { PersonDoc } from '../read-model';
import { exactInteger } from '../exact-integer';
import { Batch, ClaimAdjusted } from '../engine/batch';
import { BatchedReadModel } from '../engine/batched-read-model';
import { RowWriter } from '../engine/row-writer';
import { flushBatch } from './postgres-flush';
import { READ_MODEL_TABLES, migrateToLatest } from './migrations';
import { ReadModelDb } from './schema';

export interface PostgresReadModelOptions {
  /**
   * The schema holding the read model (created when missing; the connections' search_path).
   * Default: the server's default search_path (normally `public`).
   */
  schema?: string;
  /** Pool size (default 10). */
  max?: number;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * bigint columns and sum() results (numeric for bigint input) as JS numbers, checked exact
 * (exact-integer.ts): a value past 2^53 fails loudly rather than round. Set on the pool only,
 * never globally on `pg.types`.
 */
const toNumber = (value: string) => exactInteger(value, 'a bigint or numeric value');
const numericTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID || oid === NUMERIC_OID) return toNumber;
    return format ? pgTypes.getTypeParser(oid, format) : pgTypes.getTypeParser(oid);
  }) as typeof pgTypes.getTypeParser,
};

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): void {
  if (!IDENTIFIER.test(schema)) throw new Error(`read model: invalid schema name ${JSON.stringify(schema)} (lower-case letters, digits, _)`);
}

/** A Kysely instance on a pg Pool whose connections read bigint/numeric as numbers and use `schema`. */
export function createPostgresDb(url: string, options: PostgresReadModelOptions = {}): Kysely<ReadModelDb> {
  const config: PoolConfig = { connectionString: url, max: options.max ?? 10, types: numericTypes };
  if (options.schema) {
    assertSchemaName(options.schema);
    config.options = `-c search_path=${options.schema}`;
  }
  const pool = new Pool(config);
  // an idle client losing its server connection must not crash the process
  pool.on('error', () => undefined);
  return new Kysely<ReadModelDb>({ dialect: new PostgresDialect({ pool }) });
}

/** Opens (and migrates to the latest schema) the PostgreSQL read model at `url`. */
export async function openPostgresReadModel(url: string, options: PostgresReadModelOptions = {}): Promise<PostgresReadModel> {
  const db = createPostgresDb(url, options);
  try {
    if (options.schema) await createSchema(db, options.schema);
    const schema = options.schema ?? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s ?? 'public';
    await migrateToLatest(db, schema);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return new PostgresReadModel(db);
}

/** `if not exists` still fails when two processes create the schema at once: then it exists. */
async function createSchema(db: Kysely<ReadModelDb>, schema: string): Promise<void> {
  try {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  } catch (err) {
    const found = await sql`select 1 from pg_namespace where nspname = ${schema}`.execute(db);
    if (found.rows.length === 0) throw err;
  }
}

type Db = Kysely<ReadModelDb>;

const KNOWN_TABLES: ReadonlySet<string> = new Set(READ_MODEL_TABLES);

export class PostgresReadModel extends BatchedReadModel {
  /** `db` is owned by the read model: close() destroys it (and its pool). */
  constructor(readonly db: Db) {
    super();
  }

  async checkpoint(projection: string): Promise<number> {
    const row = await this.db.selectFrom('checkpoints').select('position').where('projection', '=', projection).executeTakeFirst();
    return row?.position ?? 0;
  }

  protected async writeTransaction(work: (rows: RowWriter) => Promise<void>): Promise<void> {
    await this.db.transaction().execute((trx) => work(rowWriter(trx)));
  }

  protected async dropRows(projection: string, tables: string[]): Promise<void> {
    for (const t of tables) if (!KNOWN_TABLES.has(t) || t === 'checkpoints') throw new Error(`read model: unknown table ${t}`);
    await this.db.transaction().execute(async (trx) => {
      for (const t of tables) await sql`delete from ${sql.table(t)}`.execute(trx);
      await trx
        .insertInto('checkpoints')
        .values({ projection, position: 0 })
        .onConflict((oc) => oc.column('projection').doUpdateSet({ position: 0 }))
        .execute();
    });
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

/** The writes and reads of one projector transaction. */
function rowWriter(trx: Transaction<ReadModelDb>): RowWriter {
  return {
    flush: (batch: Batch) => flushBatch(trx, batch),
    setCheckpoints: async (checkpoints) => {
      const rows = [...checkpoints].map(([projection, position]) => ({ projection, position }));
      if (rows.length === 0) return;
      await trx
        .insertInto('checkpoints')
        .values(rows)
        .onConflict((oc) => oc.column('projection').doUpdateSet((eb) => ({ position: eb.ref('excluded.position') })))
        .execute();
    },
    person: async (personId) => {
      const row = await trx.selectFrom('persons').select('doc').where('person_id', '=', personId).executeTakeFirst();
      return row ? (row.doc as PersonDoc) : undefined;
    },
    settledMonths: async (regionCode) => {
      const rows = await trx.selectFrom('settled_months').select('month').where('region_code', '=', regionCode).execute();
      return rows.map((r) => r.month);
    },
    ledgerByInstitution: async (regionCode, month) => {
      const rows = await trx
        .selectFrom('ledger')
        .select(['institution_id', 'payer', 'amount_fen'])
        .where('region_code', '=', regionCode)
        .where('month', '=', month)
        .orderBy('institution_id')
        .orderBy('payer')
        .execute();
      return rows.map((r) => ({ institutionId: r.institution_id, payer: r.payer as Payer, amountFen: r.amount_fen }));
    },
    bedDays: async (regionCode, month) => {
      const rows = await trx
        .selectFrom('bed_days')
        .select(['institution_id', 'stays', 'bed_days', 'amount_fen'])
        .where('region_code', '=', regionCode)
        .where('month', '=', month)
        .orderBy('institution_id')
        .execute();
      return rows.map((r) => ({ institutionId: r.institution_id, stays: r.stays, bedDays: r.bed_days, amountFen: r.amount_fen }));
    },
    claimLedgerMonth: async (claimId) => {
      const row = await trx.selectFrom('claim_ledger_months').select('month').where('claim_id', '=', claimId).executeTakeFirst();
      return row?.month;
    },
    claimAdjusted: async (claimId) => {
      const row = await trx.selectFrom('claims').select('adjusted').where('claim_id', '=', claimId).executeTakeFirst();
      return row ? { adjusted: (row.adjusted ?? null) as ClaimAdjusted | null } : undefined;
    },
  };
}
