/**
 * Projections: a rebuild from the log reproduces the live tables exactly, and a projector
 * killed mid-batch resumes from its checkpoint without applying anything twice or skipping.
 */
import * as fs from 'node:fs';
import { crashingProjections } from './testing/crashing';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '@benefit/event-store';
import { Projection } from './projection';
import { ALL_PROJECTIONS } from './projections';
import { Projector } from './projector';
import { SqliteReadModel } from './sqlite/sqlite-read-model';
import { dumpReadModel } from './testing/dump';
import { writeHistory } from './testing/history';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'projector-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const open = (name: string) => new SqliteReadModel(path.join(dir, name));

async function rebuilt(store: SqliteEventStore, name = 'fresh.db') {
  const rm = open(name);
  await new Projector(store, rm, ALL_PROJECTIONS, { batchSize: 97 }).catchUp();
  return rm;
}

describe('replay reproduces the projections', () => {
  it('tables projected live, event by event, equal a rebuild from the log', async () => {
    const store = new SqliteEventStore({ filename: path.join(dir, 'events.db') });
    const live = open('live.db');
    const projector = new Projector(store, live, ALL_PROJECTIONS);
    await writeHistory(store, { persons: 40, claims: 300, after: async () => projector.waitFor(await store.headPosition()) });
    const fresh = await rebuilt(store);
    const expected = dumpReadModel(live.writer);
    expect(expected.claims.length).toBeGreaterThan(100); // others were refused: residents and regions without priorPayments
    expect(expected.settlements.length).toBe(2);
    expect(dumpReadModel(fresh.writer)).toEqual(expected);
    live.close();
    fresh.close();
    await store.close();
  });

  it('rebuilding one projection drops and replays only that one', async () => {
    const store = new SqliteEventStore({ filename: path.join(dir, 'events.db') });
    await writeHistory(store, { persons: 10, claims: 60 });
    const rm = open('rm.db');
    const projector = new Projector(store, rm, ALL_PROJECTIONS);
    await projector.catchUp();
    const before = dumpReadModel(rm.writer);
    await projector.rebuild(['counters']);
    expect(dumpReadModel(rm.writer)).toEqual(before);
    expect(projector.checkpointOf('counters')).toBe(await store.headPosition());
    rm.close();
    await store.close();
  });
});

describe('a projector killed mid-batch resumes from its checkpoint', () => {
  it('a failure inside a batch rolls back its rows with its checkpoints; a new projector finishes the job', async () => {
    const store = new SqliteEventStore({ filename: path.join(dir, 'events.db') });
    await writeHistory(store, { persons: 30, claims: 200, seed: 7 });
    const head = await store.headPosition();
    const rm = open('rm.db');
    // dies at the first event past 60% of the log, in the middle of a batch
    const killAt = Math.floor(head * 0.6) + 13;
    const crashing = crashingProjections(killAt);
    const first = new Projector(store, rm, crashing, { batchSize: 50 });
    await expect(first.catchUp()).rejects.toThrow('killed');
    const stopped = first.position();
    expect(stopped).toBeGreaterThan(0);
    expect(stopped).toBeLessThan(head);
    for (const p of ALL_PROJECTIONS) expect(await rm.checkpoint(p.name)).toBe(stopped);
    rm.close();

    const reopened = open('rm.db');
    const second = new Projector(store, reopened, ALL_PROJECTIONS, { batchSize: 50 });
    await second.load();
    expect(second.position()).toBe(stopped);
    await second.catchUp();
    const fresh = await rebuilt(store);
    expect(dumpReadModel(reopened.writer)).toEqual(dumpReadModel(fresh.writer));
    reopened.close();
    fresh.close();
    await store.close();
  });
});
