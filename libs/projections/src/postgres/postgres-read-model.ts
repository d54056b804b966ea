/**
 * The PostgreSQL read model (Kysely over a pg Pool): the same tables and the same batch semantics
 * as the SQLite one. A projector batch runs in one transaction with the checkpoints it sets;
 * the writes that add up (counters, ledger, balances, person versions) and person documents are
 * gathered in memory over the batch and written once, with INSERT … ON CONFLICT DO UPDATE, before
 * the checkpoints and the COMMIT.
 */
import { Kysely, PostgresDialect, Transaction, sql } from 'kysely';
import { Pool, PoolConfig, types as pgTypes } from 'pg';
import { Month, Payer, RegionCode } from '@benefit/shared';
import { AccountEntry, LedgerDelta, PersonDoc, ReadModelStore, ReadModelTx, SettlementDoc } from '../read-model';
import { exactInteger } from '../exact-integer';
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

/** Rows per statement when flushing a batch (PostgreSQL allows 65,535 parameters). */
const CHUNK = 1000;

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

type Db = Kysely<ReadModelDb>;

const KNOWN_TABLES: ReadonlySet<string> = new Set(READ_MODEL_TABLES);

export class PostgresReadModel implements ReadModelStore {
  private readonly settledCache = new Map<string, Set<Month>>();

  /** `db` is owned by the read model: close() destroys it (and its pool). */
  constructor(readonly db: Db) {}

  async checkpoint(projection: string): Promise<number> {
    const row = await this.db.selectFrom('checkpoints').select('position').where('projection', '=', projection).executeTakeFirst();
    return row?.position ?? 0;
  }

  /**
   * Runs `work` in one transaction with the checkpoints it sets: all or nothing. Writes that add
   * up are gathered in memory over the batch and written once at the end, before the checkpoints.
   */
  async transaction(work: (tx: ReadModelTx) => Promise<void>, checkpoints: Map<string, number>): Promise<void> {
    try {
      await this.db.transaction().execute(async (trx) => {
        const buffer = new BatchBuffer();
        await work(this.txOf(trx, buffer));
        await flushBuffer(trx, buffer);
        const rows = [...checkpoints].map(([projection, position]) => ({ projection, position }));
        if (rows.length > 0) {
          await trx
            .insertInto('checkpoints')
            .values(rows)
            .onConflict((oc) => oc.column('projection').doUpdateSet((eb) => ({ position: eb.ref('excluded.position') })))
            .execute();
        }
      });
    } catch (err) {
      this.settledCache.clear(); // it may hold months of the batch rolled back
      throw err;
    }
  }

  /** Drops a projection's rows and its checkpoint: the projector then replays it from the start. */
  async reset(projection: string, tables: string[]): Promise<void> {
    for (const t of tables) if (!KNOWN_TABLES.has(t) || t === 'checkpoints') throw new Error(`read model: unknown table ${t}`);
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const t of tables) await sql`delete from ${sql.table(t)}`.execute(trx);
        await trx
          .insertInto('checkpoints')
          .values({ projection, position: 0 })
          .onConflict((oc) => oc.column('projection').doUpdateSet({ position: 0 }))
          .execute();
      });
    } finally {
      this.settledCache.clear();
    }
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  private txOf(trx: Transaction<ReadModelDb>, buffer: BatchBuffer): ReadModelTx {
    const settledMonths = async (regionCode: RegionCode): Promise<Set<Month>> => {
      let set = this.settledCache.get(regionCode);
      if (!set) {
        const rows = await trx.selectFrom('settled_months').select('month').where('region_code', '=', regionCode).execute();
        this.settledCache.set(regionCode, (set = new Set(rows.map((r) => r.month))));
      }
      return set;
    };
    return {
      getPerson: async (personId) => {
        const buffered = buffer.persons.get(personId);
        if (buffered) return buffered.doc;
        const row = await trx.selectFrom('persons').select('doc').where('person_id', '=', personId).executeTakeFirst();
        return row ? (row.doc as PersonDoc) : undefined;
      },
      putPerson: async (doc, version) => {
        buffer.persons.set(doc.personId, { doc, version });
        buffer.versions.delete(doc.personId);
      },
      setPersonVersion: async (personId, version) => {
        const buffered = buffer.persons.get(personId);
        if (buffered) buffered.version = version;
        else buffer.versions.set(personId, version);
      },
      putClaim: async (c, adjudicatedJson) => {
        await trx
          .insertInto('claims')
          .values({ claim_id: c.claimId, person_id: c.personId, region_code: c.regionCode, position: c.position, recorded_at: c.recordedAt, adjudicated: adjudicatedJson })
          .onConflict((oc) =>
            oc.column('claim_id').doUpdateSet((eb) => ({
              position: eb.ref('excluded.position'),
              recorded_at: eb.ref('excluded.recorded_at'),
              adjudicated: eb.ref('excluded.adjudicated'),
            })),
          )
          .execute();
      },
      addCounter: async (personId, year, key, deltaFen, limitFen) => {
        const id = `${personId}\u0000${year}\u0000${key}`;
        const c = buffer.counters.get(id);
        if (c) {
          c.deltaFen += deltaFen;
          c.limitFen = limitFen;
        } else buffer.counters.set(id, { personId, year, key, deltaFen, limitFen });
      },
      addAccountEntry: async (e: AccountEntry) => {
        await trx
          .insertInto('account_entries')
          .values({ person_id: e.personId, position: e.position, month: e.month, kind: e.kind, amount_fen: e.amountFen, reference: e.reference })
          .execute();
        buffer.balances.set(e.personId, (buffer.balances.get(e.personId) ?? 0) + e.amountFen);
      },
      addLedger: async (d: LedgerDelta) => {
        const id = `${d.regionCode}\u0000${d.month}\u0000${d.payer}\u0000${d.institutionId}`;
        const l = buffer.ledger.get(id);
        if (l) {
          l.amountFen += d.amountFen;
          l.claims += d.claims;
        } else buffer.ledger.set(id, { ...d });
      },
      settledMonths,
      markSettled: async (regionCode, month, position) => {
        await trx.insertInto('settled_months').values({ region_code: regionCode, month, position }).onConflict((oc) => oc.doNothing()).execute();
        (await settledMonths(regionCode)).add(month);
      },
      ledgerByInstitution: async (regionCode, month) => {
        await flushLedger(trx, buffer); // the month's rows so far, including this batch's
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
      putSettlement: async (doc: SettlementDoc) => {
        await trx
          .insertInto('settlements')
          .values({ region_code: doc.regionCode, month: doc.month, doc: JSON.stringify(doc) })
          .onConflict((oc) => oc.columns(['region_code', 'month']).doUpdateSet((eb) => ({ doc: eb.ref('excluded.doc') })))
          .execute();
      },
      addBedDays: async (regionCode, month, r) => {
        await trx
          .insertInto('bed_days')
          .values({ region_code: regionCode, month, institution_id: r.institutionId, stays: r.stays, bed_days: r.bedDays, amount_fen: r.amountFen })
          .onConflict((oc) =>
            oc.columns(['region_code', 'month', 'institution_id']).doUpdateSet((eb) => ({
              stays: eb('bed_days.stays', '+', eb.ref('excluded.stays')),
              bed_days: eb('bed_days.bed_days', '+', eb.ref('excluded.bed_days')),
              amount_fen: eb('bed_days.amount_fen', '+', eb.ref('excluded.amount_fen')),
            })),
          )
          .execute();
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
      addAccrual: async (regionCode, month, r) => {
        await trx
          .insertInto('accruals')
          .values({ region_code: regionCode, month, kind: r.kind, payer: r.payer, amount_fen: r.amountFen, city_fen: r.cityFinanceFen, town_fen: r.townFinanceFen, persons: r.persons })
          .onConflict((oc) =>
            oc.columns(['region_code', 'month', 'kind', 'payer']).doUpdateSet((eb) => ({
              amount_fen: eb('accruals.amount_fen', '+', eb.ref('excluded.amount_fen')),
              city_fen: eb('accruals.city_fen', '+', eb.ref('excluded.city_fen')),
              town_fen: eb('accruals.town_fen', '+', eb.ref('excluded.town_fen')),
              persons: eb('accruals.persons', '+', eb.ref('excluded.persons')),
            })),
          )
          .execute();
      },
      addFundYear: async (regionCode, year, payer, amountFen, claims) => {
        await trx
          .insertInto('fund_years')
          .values({ region_code: regionCode, year, payer, amount_fen: amountFen, claims })
          .onConflict((oc) =>
            oc.columns(['region_code', 'year', 'payer']).doUpdateSet((eb) => ({
              amount_fen: eb('fund_years.amount_fen', '+', eb.ref('excluded.amount_fen')),
              claims: eb('fund_years.claims', '+', eb.ref('excluded.claims')),
            })),
          )
          .execute();
      },
      adjustClaim: async (claimId, adjudication, correction) => {
        const row = await trx.selectFrom('claims').select('adjusted').where('claim_id', '=', claimId).executeTakeFirst();
        const adjusted = row?.adjusted ? (row.adjusted as { corrections: unknown[] }) : { corrections: [] };
        await trx
          .updateTable('claims')
          .set({ adjusted: JSON.stringify({ adjudication, corrections: [...adjusted.corrections, correction] }) })
          .where('claim_id', '=', claimId)
          .execute();
      },
      cancelClaim: async (claimId, cancellation) => {
        const row = await trx.selectFrom('claims').select('adjusted').where('claim_id', '=', claimId).executeTakeFirst();
        const adjusted = row?.adjusted ? (row.adjusted as object) : { corrections: [] };
        await trx
          .updateTable('claims')
          .set({ adjusted: JSON.stringify({ ...adjusted, cancellation }) })
          .where('claim_id', '=', claimId)
          .execute();
      },
      setClaimLedgerMonth: async (claimId, month) => {
        await trx
          .insertInto('claim_ledger_months')
          .values({ claim_id: claimId, month })
          .onConflict((oc) => oc.column('claim_id').doUpdateSet((eb) => ({ month: eb.ref('excluded.month') })))
          .execute();
      },
      claimLedgerMonth: async (claimId) => {
        const row = await trx.selectFrom('claim_ledger_months').select('month').where('claim_id', '=', claimId).executeTakeFirst();
        return row?.month;
      },
      addCorrection: async (c) => {
        await trx
          .insertInto('corrections')
          .values({ region_code: c.regionCode, applied_month: c.appliedMonth, original_month: c.originalMonth, payer: c.payer, amount_fen: c.amountFen })
          .onConflict((oc) =>
            oc.columns(['region_code', 'applied_month', 'original_month', 'payer']).doUpdateSet((eb) => ({
              amount_fen: eb('corrections.amount_fen', '+', eb.ref('excluded.amount_fen')),
            })),
          )
          .execute();
      },
      addWarning: async (w) => {
        await trx
          .insertInto('warnings')
          .values({
            person_id: w.personId,
            kind: w.kind,
            year: w.year,
            raised_on: w.raisedOn,
            claim_id: w.claimId,
            threshold_fen: w.thresholdFen,
            burden_fen: w.burdenFen,
            citation: w.citation,
          })
          .onConflict((oc) => oc.doNothing())
          .execute();
      },
      addReconciliationEntry: async (r) => {
        await trx
          .insertInto('reconciliation_entries')
          .values({ institution_id: r.institutionId, day: r.day, position: r.position, claim_id: r.claimId, kind: r.kind, total_fen: r.totalFen, fund_fen: r.fundFen, shares: JSON.stringify(r.shares) })
          .execute();
      },
      addAccessRecord: async (r) => {
        await trx
          .insertInto('access_log')
          .values({ person_id: r.personId, position: r.position, day: r.day, at: r.at, actor: r.actor, role: r.role, token_id: r.tokenId, route: r.route, what: JSON.stringify(r.what), reason: r.reason })
          // as in SQLite: a person named twice in one read is one row
          .onConflict((oc) => oc.doNothing())
          .execute();
      },
    };
  }
}

/** Writes what the batch gathered: person documents, versions, counters, balances, ledger. */
async function flushBuffer(trx: Db, b: BatchBuffer): Promise<void> {
  for (const rows of chunks([...b.persons.values()])) {
    await trx
      .insertInto('persons')
      .values(rows.map(({ doc, version }) => ({ person_id: doc.personId, region_code: doc.regionCode, scheme: doc.scheme, version, doc: JSON.stringify(doc) })))
      // as in SQLite: a person keeps the region and scheme it was first written with
      .onConflict((oc) => oc.column('person_id').doUpdateSet((eb) => ({ version: eb.ref('excluded.version'), doc: eb.ref('excluded.doc') })))
      .execute();
  }
  for (const rows of chunks([...b.versions])) {
    const values = sql.join(rows.map(([personId, version]) => sql`(${personId}, ${version}::bigint)`));
    await sql`update persons set version = v.version from (values ${values}) as v (person_id, version) where persons.person_id = v.person_id`.execute(trx);
  }
  for (const rows of chunks([...b.counters.values()])) {
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
  for (const rows of chunks([...b.balances])) {
    await trx
      .insertInto('account_balances')
      .values(rows.map(([personId, delta]) => ({ person_id: personId, balance_fen: delta })))
      .onConflict((oc) => oc.column('person_id').doUpdateSet((eb) => ({ balance_fen: eb('account_balances.balance_fen', '+', eb.ref('excluded.balance_fen')) })))
      .execute();
  }
  await flushLedger(trx, b);
  b.persons.clear();
  b.versions.clear();
  b.counters.clear();
  b.balances.clear();
}

async function flushLedger(trx: Db, b: BatchBuffer): Promise<void> {
  for (const rows of chunks([...b.ledger.values()])) {
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
  b.ledger.clear();
}

/** What one projection batch adds up before writing it once. */
class BatchBuffer {
  readonly persons = new Map<string, { doc: PersonDoc; version: number }>();
  readonly versions = new Map<string, number>();
  readonly counters = new Map<string, { personId: string; year: number; key: string; deltaFen: number; limitFen: number | null }>();
  readonly balances = new Map<string, number>();
  readonly ledger = new Map<string, LedgerDelta>();
}
