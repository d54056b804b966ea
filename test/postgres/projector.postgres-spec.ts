/**
 * The projector on the PostgreSQL read model: a projector killed mid-batch rolls back the batch's
 * rows together with its checkpoints and a new projector resumes to what a fresh rebuild gives;
 * one projection rebuilt in place gives back the same tables; migrations run twice are a no-op.
 * Run with `npm run test:postgres`; skipped (with a message) when PostgreSQL is unreachable.
 */
import * as fs from 'node:fs';
import { crashingProjections } from '@benefit/projections/testing/crashing';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '@benefit/event-store';
import { ALL_PROJECTIONS, Projection, Projector } from '@benefit/projections';
import { writeHistory } from '@benefit/projections/testing/history';
import { sql } from 'kysely';
import { PostgresReadModel, READ_MODEL_TABLES, createPostgresDb, migrateToLatest, openPostgresReadModel } from '../../libs/projections/src/postgres';
import { writeCorrectionsHistory } from './corrections-history';
import { TEST_URL, describeWithPostgres, dropSchema, dumpPostgres, freshSchemaName } from './support';

const suite = describeWithPostgres();
const base = freshSchemaName();
const schemas: string[] = [];
const open = (suffix: string) => {
  const schema = `${base}_${suffix}`;
  if (!schemas.includes(schema)) schemas.push(schema);
  return openPostgresReadModel(TEST_URL, { schema });
};

let dir: string;
let store: SqliteEventStore;
let head: number;

async function rebuilt(suffix: string, batchSize = 97): Promise<PostgresReadModel> {
  const rm = await open(suffix);
  await new Projector(store, rm, ALL_PROJECTIONS, { batchSize }).catchUp();
  return rm;
}

suite('the projector on PostgreSQL', () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-projector-'));
    store = new SqliteEventStore({ filename: path.join(dir, 'events.db') });
    await writeCorrectionsHistory(store);
    head = await store.headPosition();
  });

  afterAll(async () => {
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    for (const s of schemas) await dropSchema(s);
  });

  it('a failure inside a batch rolls back its rows with its checkpoints; a new projector finishes the job', async () => {
    const rm = await open('killed');
    // dies at the first event past 60% of the log, in the middle of a batch
    const killAt = Math.floor(head * 0.6) + 13;
    const crashing = crashingProjections(killAt);
    const first = new Projector(store, rm, crashing, { batchSize: 50 });
    await expect(first.catchUp()).rejects.toThrow('killed');
    const stopped = first.position();
    expect(stopped).toBeGreaterThan(0);
    expect(stopped).toBeLessThan(killAt);
    expect(killAt - stopped).toBeLessThan(50); // killed inside the batch after `stopped`
    for (const p of ALL_PROJECTIONS) expect(await rm.checkpoint(p.name)).toBe(stopped);

    // nothing of the failed batch is left: the rows equal a projection of the log up to `stopped`
    const maxPosition = async (table: 'claims' | 'account_entries' | 'settled_months') =>
      Number((await sql<{ m: number | null }>`select max(position) as m from ${sql.table(table)}`.execute(rm.db)).rows[0].m ?? 0);
    expect(await maxPosition('claims')).toBeLessThanOrEqual(stopped);
    expect(await maxPosition('account_entries')).toBeLessThanOrEqual(stopped);
    const upTo = await open('upto');
    const capped: Projection[] = ALL_PROJECTIONS.map((p) => ({ ...p, apply: async (event, tx) => (event.position <= stopped ? p.apply(event, tx) : undefined) }));
    await new Projector(store, upTo, capped, { batchSize: 50 }).catchUp();
    expect(await dumpPostgres(rm.db)).toEqual(await dumpPostgres(upTo.db));
    await upTo.close();
    await rm.close();

    // a new process (new pool) resumes from the checkpoint
    const reopened = await open('killed');
    const second = new Projector(store, reopened, ALL_PROJECTIONS, { batchSize: 50 });
    await second.load();
    expect(second.position()).toBe(stopped);
    await second.catchUp();
    expect(second.position()).toBe(head);
    const fresh = await rebuilt('fresh');
    const resumedRows = await dumpPostgres(reopened.db);
    expect(resumedRows.claims.length).toBeGreaterThan(100);
    expect(resumedRows.corrections.length).toBeGreaterThan(10);
    expect(resumedRows).toEqual(await dumpPostgres(fresh.db));
    await reopened.close();
    await fresh.close();
  });

  it('batch size does not change the tables (1, 97, 2000)', async () => {
    const dumps = [];
    for (const size of [1, 97, 2000]) {
      const rm = await rebuilt(`batch${size}`, size);
      dumps.push(await dumpPostgres(rm.db));
      await rm.close();
    }
    expect(dumps[1]).toEqual(dumps[0]);
    expect(dumps[2]).toEqual(dumps[0]);
  });

  it('rebuilding one projection drops and replays only that one', async () => {
    const rm = await rebuilt('rebuild', 2000);
    const projector = new Projector(store, rm, ALL_PROJECTIONS);
    await projector.load();
    expect(projector.position()).toBe(head);
    const before = await dumpPostgres(rm.db);
    for (const name of ['counters', 'ledger', 'persons']) {
      // a reset alone empties that projection's tables only and sets its checkpoint to 0
      const projection = ALL_PROJECTIONS.find((p) => p.name === name)!;
      await rm.reset(name, projection.tables);
      expect(await rm.checkpoint(name)).toBe(0);
      const emptied = await dumpPostgres(rm.db);
      for (const t of Object.keys(before)) expect(emptied[t].length === 0).toBe(projection.tables.includes(t) || before[t].length === 0);
      expect(await rm.checkpoint('claims')).toBe(head);

      await projector.rebuild([name]);
      expect(projector.checkpointOf(name)).toBe(head);
      expect(await rm.checkpoint(name)).toBe(head);
      expect(await dumpPostgres(rm.db)).toEqual(before);
    }
    await rm.close();
  });

  it('migrations are idempotent: run twice, reopened, nothing changes', async () => {
    const rm = await open('migrate');
    await new Projector(store, rm, ALL_PROJECTIONS).catchUp();
    const before = await dumpPostgres(rm.db, []);
    const schema = `${base}_migrate`;
    const again = await migrateToLatest(rm.db, schema);
    expect(again.error).toBeUndefined();
    expect(again.results).toEqual([]);
    await rm.close();

    const reopened = await open('migrate'); // the factory migrates again
    expect(await dumpPostgres(reopened.db, [])).toEqual(before);
    const applied = await sql<{ name: string }>`select name from ${sql.table(`${schema}.kysely_migration`)} order by name`.execute(reopened.db);
    expect(applied.rows.map((r) => r.name)).toEqual(['0001_read_model', '0002_access_log', '0003_reconciliation']);
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = ${schema} order by table_name`.execute(reopened.db);
    expect(tables.rows.map((r) => r.table_name)).toEqual([...READ_MODEL_TABLES, 'kysely_migration', 'kysely_migration_lock'].sort());
    // bigint columns read back as numbers
    expect(typeof (await reopened.checkpoint('ledger'))).toBe('number');
    await reopened.close();

    // two processes migrating the same fresh schema at once: both succeed, one applies
    const racing = `${base}_race`;
    schemas.push(racing);
    const [a, b] = await Promise.all([openPostgresReadModel(TEST_URL, { schema: racing }), openPostgresReadModel(TEST_URL, { schema: racing })]);
    await a.close();
    await b.close();
    const db = createPostgresDb(TEST_URL, { schema: racing });
    // each migration recorded once
    expect((await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)).rows.map((r) => r.name)).toEqual(['0001_read_model', '0002_access_log', '0003_reconciliation']);
    await db.destroy();
  });

  it('refuses a schema name it would have to quote, and table names it does not know', async () => {
    await expect(openPostgresReadModel(TEST_URL, { schema: 'x; drop table y' })).rejects.toThrow(/invalid schema name/);
    const rm = await open('rebuild');
    await expect(rm.reset('counters', ['counters; drop table ledger'])).rejects.toThrow(/unknown table/);
    await rm.close();
  });
});
