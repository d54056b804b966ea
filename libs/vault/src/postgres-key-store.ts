/**
 * The key store in PostgreSQL (KEYSTORE_URL=postgres://…), through Kysely: for deployments whose
 * apis run on several hosts and must share one set of data keys. The table `person_keys` is made
 * at first open. The same semantics as the SQLite store (key-store.ts).
 *
 * What PostgreSQL keeps after an erasure is beyond this adapter: the old row version stays in the
 * table's file until VACUUM reuses the space, and in the WAL archive and base backups until they
 * expire (README, "Keys and personal data").
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool, PoolConfig } from 'pg';
import { KeyRecord, KeyStore, KeyUsage, NewKey, Rewrap, recordOf } from './key-store';

interface KeyTable {
  person_id: string;
  key_id: string | null;
  wrapped: Buffer | null;
  erased_at: string | null;
}

interface KeyDb {
  person_keys: KeyTable;
}

export interface PostgresKeyStoreOptions {
  /** The schema holding `person_keys` (created when missing); default: the server's search_path. */
  schema?: string;
  max?: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openPostgresKeyStore(url: string, options: PostgresKeyStoreOptions = {}): Promise<PostgresKeyStore> {
  const config: PoolConfig = { connectionString: url, max: options.max ?? 5 };
  if (options.schema) {
    if (!IDENTIFIER.test(options.schema)) throw new Error(`key store: invalid schema name ${JSON.stringify(options.schema)} (lower-case letters, digits, _)`);
    config.options = `-c search_path=${options.schema}`;
  }
  const pool = new Pool(config);
  // an idle client losing its server connection must not crash the process
  pool.on('error', () => undefined);
  const db = new Kysely<KeyDb>({ dialect: new PostgresDialect({ pool }) });
  try {
    // one creator at a time: `if not exists` alone still fails when two processes create at once
    await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext('benefit-ledger key store'))`.execute(trx);
      if (options.schema) await sql`create schema if not exists ${sql.id(options.schema)}`.execute(trx);
      await sql`
        create table if not exists person_keys (
          person_id text primary key,
          key_id text,
          wrapped bytea,
          erased_at text,
          check ((erased_at is null and key_id is not null and wrapped is not null) or (erased_at is not null and key_id is null and wrapped is null))
        )`.execute(trx);
      await sql`create index if not exists person_keys_by_master on person_keys (key_id) where key_id is not null`.execute(trx);
    });
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return new PostgresKeyStore(db);
}

export class PostgresKeyStore implements KeyStore {
  constructor(readonly db: Kysely<KeyDb>) {}

  async get(personId: string): Promise<KeyRecord | null> {
    const row = await this.db.selectFrom('person_keys').selectAll().where('person_id', '=', personId).executeTakeFirst();
    return row ? recordOf(row) : null;
  }

  async create(keys: readonly NewKey[]): Promise<KeyRecord[]> {
    if (keys.length === 0) return [];
    const ids = [...new Set(keys.map((k) => k.personId))];
    const rows = await this.db.transaction().execute(async (trx) => {
      // one key per person: a person listed twice keeps the first one given
      const first = ids.map((id) => keys.find((k) => k.personId === id)!);
      await trx
        .insertInto('person_keys')
        .values(first.map((k) => ({ person_id: k.personId, key_id: k.keyId, wrapped: k.wrapped, erased_at: null })))
        .onConflict((oc) => oc.column('person_id').doNothing())
        .execute();
      return trx.selectFrom('person_keys').selectAll().where('person_id', 'in', ids).execute();
    });
    const byId = new Map(rows.map((r) => [r.person_id, recordOf(r)]));
    return keys.map((k) => byId.get(k.personId)!);
  }

  async erase(personId: string, erasedAt: string): Promise<void> {
    await this.db
      .insertInto('person_keys')
      .values({ person_id: personId, key_id: null, wrapped: null, erased_at: erasedAt })
      .onConflict((oc) =>
        oc.column('person_id').doUpdateSet((eb) => ({
          key_id: null,
          wrapped: null,
          erased_at: eb.fn.coalesce('person_keys.erased_at', 'excluded.erased_at'),
        })),
      )
      .execute();
  }

  async rewrap(changes: readonly Rewrap[]): Promise<number> {
    if (changes.length === 0) return 0;
    return await this.db.transaction().execute(async (trx) => {
      let n = 0;
      for (const c of changes) {
        const r = await trx.updateTable('person_keys').set({ key_id: c.toKeyId, wrapped: c.wrapped }).where('person_id', '=', c.personId).where('key_id', '=', c.fromKeyId).executeTakeFirst();
        n += Number(r.numUpdatedRows);
      }
      return n;
    });
  }

  async wrappedByOthers(exceptKeyId: string, afterPersonId: string, limit: number) {
    const rows = await this.db
      .selectFrom('person_keys')
      .selectAll()
      .where('key_id', 'is not', null)
      .where('key_id', '<>', exceptKeyId)
            // byte order, as SQLite compares text: both stores page through persons in the same order
      .where(sql<string>`person_id collate "C"`, '>', afterPersonId)
      .orderBy(sql`person_id collate "C"`)
      .limit(limit)
      .execute();
    return rows.map(recordOf) as Extract<KeyRecord, { state: 'active' }>[];
  }

  async usage(): Promise<KeyUsage> {
    const rows = await this.db.selectFrom('person_keys').select(['key_id', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('key_id').execute();
    const out: KeyUsage = { byMasterKey: {}, erased: 0 };
    for (const r of rows) {
      if (r.key_id === null) out.erased = Number(r.n);
      else out.byMasterKey[r.key_id] = Number(r.n);
    }
    return out;
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
