/**
 * The access log on PostgreSQL answers like SQLite: the same recorded reads projected into both
 * give the same rows and the same pages for every filter, and a rebuild of the projection gives
 * the same table back. Run with `npm run test:postgres`; skipped when PostgreSQL is unreachable.
 */
import { SqliteEventStore } from '@benefit/event-store';
import { ALL_PROJECTIONS, AccessLogFilter, Projector, SqliteQueries, SqliteReadModel, accessLogPage } from '@benefit/projections';
import { dumpReadModel } from '@benefit/projections/testing/dump';
import { LARGE_READ_PERSONS, TestClock, writeAccessHistory } from '@benefit/projections/testing/access-history';
import { Migrator, sql } from 'kysely';
import { PostgresQueries, PostgresReadModel, createPostgresDb, openPostgresReadModel, readModelMigrations } from '../../libs/projections/src/postgres';
import { TEST_URL, describeWithPostgres, dropSchema, dumpPostgres, freshSchemaName } from './support';

const suite = describeWithPostgres();
const schema = freshSchemaName();

suite('the access log on PostgreSQL and SQLite', () => {
  let store: SqliteEventStore;
  let sqlite: SqliteReadModel;
  let pg: PostgresReadModel;
  let s: SqliteQueries;
  let p: PostgresQueries;
  let projector: Projector;

  beforeAll(async () => {
    const clock = new TestClock();
    store = new SqliteEventStore({ filename: ':memory:', now: clock.now });
    pg = await openPostgresReadModel(TEST_URL, { schema });
    projector = new Projector(store, pg, ALL_PROJECTIONS, { batchSize: 2 });
    // projected live into PostgreSQL, a small batch at a time; rebuilt in one go into SQLite
    await writeAccessHistory(store, clock);
    await projector.catchUp();
    sqlite = new SqliteReadModel(':memory:');
    await new Projector(store, sqlite, ALL_PROJECTIONS).catchUp();
    s = new SqliteQueries(sqlite);
    p = new PostgresQueries(pg);
  });

  afterAll(async () => {
    await pg?.close();
    sqlite?.close();
    await store?.close();
    await dropSchema(schema);
  });

  const filters: AccessLogFilter[] = [];
  for (const personId of [null, 'A', 'B', 'C', 'L-007', 'Z']) {
    for (const [fromDay, toDay] of [['2026-01-01', '2026-12-31'], ['2026-03-01', '2026-03-01'], ['2026-03-02', '2026-03-02'], ['2026-03-02', '2026-03-05'], ['2026-03-03', '2026-03-04']]) {
      for (const limit of [1, 2, 100, 1000]) filters.push({ personId, fromDay, toDay, after: 0, limit });
    }
  }

  it('the same rows in the table', async () => {
    const fromSqlite = dumpReadModel(sqlite.writer).access_log;
    expect(fromSqlite.length).toBe(1 + 3 + 1 + 1 + LARGE_READ_PERSONS.length + 1);
    expect((await dumpPostgres(pg.db)).access_log).toEqual(fromSqlite);
  });

  it('the same raw rows and the same pages, page after page, for every filter', async () => {
    let compared = 0;
    for (const f of filters) {
      expect({ f, rows: await p.accessLog(f) }).toEqual({ f, rows: await s.accessLog(f) });
      let after = 0;
      for (let pages = 0; pages < 200; pages++) {
        const [a, b] = await Promise.all([accessLogPage(s, { ...f, after }), accessLogPage(p, { ...f, after })]);
        // stringified: equal values and equal key order, as the api serialises them
        expect({ f, after, page: JSON.stringify(b) }).toEqual({ f, after, page: JSON.stringify(a) });
        compared++;
        if (a.next === null) break;
        after = a.next;
      }
    }
    // not vacuous: the filters reach rows
    expect((await p.accessLog(filters[3])).length).toBeGreaterThan(150);
    expect((await p.accessLog({ personId: 'A', fromDay: '2026-03-02', toDay: '2026-03-02', after: 0, limit: 10 })).map((r) => r.reason)).toEqual(['phone enquiry']);
    expect(compared).toBeGreaterThan(filters.length);
  });

  it('a read model made before the access log (migration 0001 only) gets the table at start, and the projector fills it from the log', async () => {
    const old = `${schema}_old`;
    const db = createPostgresDb(TEST_URL, { schema: old });
    try {
      await sql`create schema ${sql.id(old)}`.execute(db);
      const migrated = await new Migrator({ db, provider: readModelMigrations, migrationTableSchema: old }).migrateTo('0001_read_model');
      expect(migrated.error).toBeUndefined();
      const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = ${old} and table_name = 'access_log'`.execute(db);
      expect(tables.rows[0].n).toBe(0);
    } finally {
      await db.destroy();
    }
    const upgraded = await openPostgresReadModel(TEST_URL, { schema: old });
    try {
      await new Projector(store, upgraded, ALL_PROJECTIONS).catchUp();
      expect((await dumpPostgres(upgraded.db)).access_log).toEqual((await dumpPostgres(pg.db)).access_log);
    } finally {
      await upgraded.close();
      await dropSchema(old);
    }
  });

  it('a rebuild of the projection gives the same table back', async () => {
    const before = await dumpPostgres(pg.db);
    await projector.rebuild(['access-log']);
    expect(await dumpPostgres(pg.db)).toEqual(before);
  });
});
