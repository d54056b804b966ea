/**
 * The access log's read model on SQLite: one row per person per recorded read, selected by person
 * and by China-time day, paged without splitting a read, and rebuilt from the log alike. The same
 * history runs on PostgreSQL in test/postgres/access-log.postgres-spec.ts.
 */
import { SqliteEventStore } from '@benefit/event-store';
import { accessLogPage, accessLogProjection } from './access-log';
import { ALL_PROJECTIONS } from './projections';
import { Projector } from './projector';
import { AccessLogFilter } from './read-model';
import { SqliteQueries } from './sqlite/sqlite-queries';
import { SqliteReadModel } from './sqlite/sqlite-read-model';
import { dumpReadModel } from './testing/dump';
import { LARGE_READ_PERSONS, TestClock, writeAccessHistory } from './testing/access-history';

const all = (over: Partial<AccessLogFilter> = {}): AccessLogFilter => ({ personId: null, fromDay: '2026-01-01', toDay: '2026-12-31', after: 0, limit: 1000, ...over });

let store: SqliteEventStore;
let rm: SqliteReadModel;
let q: SqliteQueries;
let projector: Projector;

beforeEach(async () => {
  const clock = new TestClock();
  store = new SqliteEventStore({ filename: ':memory:', now: clock.now });
  await writeAccessHistory(store, clock);
  rm = new SqliteReadModel(':memory:');
  q = new SqliteQueries(rm);
  projector = new Projector(store, rm, ALL_PROJECTIONS, { batchSize: 3 });
  await projector.catchUp();
});
afterEach(async () => {
  rm.close();
  await store.close();
});

describe('one row per person per recorded read', () => {
  it('a person’s reads, oldest first, with actor, role, token, route, what and reason', async () => {
    const rows = await q.accessLog(all({ personId: 'A' }));
    expect(rows.map((r) => [r.day, r.actor, r.route, r.reason])).toEqual([
      ['2026-03-01', 'clerk-wang', 'GET /v1/persons/:personId', null],
      ['2026-03-01', 'auditor-li', 'GET /v1/events', '复核 2026 年度'],
      ['2026-03-02', 'clerk-wang', 'GET /v1/persons/:personId', 'phone enquiry'],
    ]);
    expect(rows[1]).toEqual({
      position: expect.any(Number),
      personId: 'A',
      day: '2026-03-01',
      at: '2026-03-01T03:00:00.000Z',
      actor: 'auditor-li',
      role: 'auditor',
      tokenId: 'tok-2',
      route: 'GET /v1/events',
      what: { after: '0', limit: '100' },
      reason: '复核 2026 年度',
    });
    expect(rows.map((r) => r.position)).toEqual([...rows.map((r) => r.position)].sort((a, b) => a - b));
  });

  it('a read of three persons is three rows at one position; a large read is one row per person over several events', async () => {
    const rows = await q.accessLog(all());
    const byPosition = new Map<number, string[]>();
    for (const r of rows) byPosition.set(r.position, [...(byPosition.get(r.position) ?? []), r.personId]);
    expect([...byPosition.values()]).toContainEqual(['A', 'B', 'C']);
    expect(rows.filter((r) => r.route === 'POST /v1/readjudications').map((r) => r.personId)).toEqual(LARGE_READ_PERSONS);
    expect(rows).toHaveLength(1 + 3 + 1 + 1 + LARGE_READ_PERSONS.length + 1);
  });

  it('days are China time: 15:59:59.999Z is the 1st, 16:00Z the 2nd', async () => {
    expect((await q.accessLog(all({ personId: 'B', fromDay: '2026-03-01', toDay: '2026-03-01' }))).map((r) => r.at)).toEqual(['2026-03-01T03:00:00.000Z', '2026-03-01T15:59:59.999Z']);
    expect((await q.accessLog(all({ personId: 'A', fromDay: '2026-03-02', toDay: '2026-03-02' }))).map((r) => r.at)).toEqual(['2026-03-01T16:00:00.000Z']);
    expect(await q.accessLog(all({ fromDay: '2026-03-03', toDay: '2026-03-04' }))).toEqual([]);
    expect((await q.accessLog(all({ personId: 'C', fromDay: '2026-03-05', toDay: '2026-03-05' }))).map((r) => r.day)).toEqual(['2026-03-05']);
  });

  it('a person never read, or a range before any read, gives nothing', async () => {
    expect(await q.accessLog(all({ personId: 'Z' }))).toEqual([]);
    expect(await q.accessLog(all({ fromDay: '2025-01-01', toDay: '2026-02-28' }))).toEqual([]);
  });
});

describe('pages', () => {
  it('pages with after = next never split a read, and together hold every row once', async () => {
    const every = await q.accessLog(all());
    for (const limit of [1, 2, 3, 5, 100]) {
      const seen = [];
      let after = 0;
      for (let pages = 0; ; pages++) {
        expect(pages).toBeLessThan(200);
        const page = await accessLogPage(q, all({ after, limit }));
        seen.push(...page.entries);
        // a read's rows are all on one page: the next page starts after the last one shown
        const last = page.entries[page.entries.length - 1];
        if (last) expect(every.filter((r) => r.position === last.position).length).toBe(page.entries.filter((r) => r.position === last.position).length);
        if (page.next === null) break;
        expect(page.entries.length).toBeGreaterThan(0);
        after = page.next;
      }
      expect({ limit, seen }).toEqual({ limit, seen: every });
    }
  });

  it('a read of more persons than the limit is shown whole on a page of its own', async () => {
    const every = await q.accessLog(all());
    const large = every.find((r) => r.route === 'POST /v1/readjudications')!;
    const before = every.filter((r) => r.position < large.position);
    const page = await accessLogPage(q, all({ after: before[before.length - 1].position, limit: 100 }));
    // the first 1,000 persons make one event: 150 rows for 150 persons
    expect(page.entries.map((r) => r.personId)).toEqual(LARGE_READ_PERSONS);
    expect(page.next).toBe(large.position);
    const rest = await accessLogPage(q, all({ after: page.next!, limit: 100 }));
    expect(rest.entries.map((r) => r.personId)).toEqual(['C']);
    expect(rest.next).toBeNull();
  });

  it('the last page says so: next is null exactly when nothing follows', async () => {
    const every = await q.accessLog(all({ personId: 'A' }));
    const first = await accessLogPage(q, all({ personId: 'A', limit: 2 }));
    expect(first.entries).toEqual(every.slice(0, 2));
    expect(first.next).toBe(every[1].position);
    const second = await accessLogPage(q, all({ personId: 'A', limit: 2, after: first.next! }));
    expect(second).toEqual({ entries: every.slice(2), next: null });
    expect(await accessLogPage(q, all({ personId: 'A', limit: 3 }))).toEqual({ entries: every, next: null });
  });
});

describe('replay', () => {
  it('rebuilding the access log from the event log gives the same rows', async () => {
    const before = dumpReadModel(rm.writer);
    expect(before.access_log.length).toBeGreaterThan(150);
    await projector.rebuild(['access-log']);
    expect(dumpReadModel(rm.writer)).toEqual(before);
  });

  it('a PersonDataRead of a schema version this build does not know stops the projection loudly', async () => {
    await store.append('access-2026-03-06', [{ type: 'PersonDataRead', data: { v: 2, persons: ['A'] } }], 'any');
    await expect(projector.catchUp()).rejects.toThrow('schema version 2');
    expect(accessLogProjection.handles.has('PersonDataRead')).toBe(true);
  });
});
