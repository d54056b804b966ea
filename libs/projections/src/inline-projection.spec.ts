/**
 * The inline write path (issue 13.1): the read model attached to the log's connection, each append
 * projected inside its own transaction. What it must keep: the read model it writes is the one a
 * rebuild from the log gives; a projection that fails takes its append with it (nothing recorded,
 * nothing projected); a committed append is projected before it resolves; appends made by a
 * process that did not project them are projected with the next append; a catch-up on the shared
 * connection never applies an event twice.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '@benefit/event-store';
import { ALL_PROJECTIONS } from './projections';
import { Projector } from './projector';
import { SqliteReadModel } from './sqlite/sqlite-read-model';
import { SqliteQueries } from './sqlite/sqlite-queries';
import { dumpReadModel } from './testing/dump';
import { writeHistory } from './testing/history';
import { crashingProjections } from './testing/crashing';
import { Projection } from './projection';
import { projectInAppend } from './inline';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inline-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A log and a read model sharing its connection, projected in each append. */
function inlineStorage(projections: Projection[] = ALL_PROJECTIONS) {
  const store = new SqliteEventStore({ filename: path.join(dir, 'events.db'), checkpointOnWorker: true });
  const readModel = new SqliteReadModel(path.join(dir, 'readmodel.db'));
  const projector = new Projector(store, readModel, projections);
  projectInAppend(store, readModel, projector);
  return { store, readModel, projector, close: async () => (await store.close(), await readModel.close()) };
}

/**
 * Appends through `via` a copy of the first event of `type` in the log, on a stream of its own:
 * a real, projectable event that names no new claim id (claim ids are unique in a real log).
 */
async function echo(store: SqliteEventStore, via: SqliteEventStore, type: string, n: number): Promise<void> {
  const [row] = store.db.prepare<[string], { data: string }>('SELECT data FROM events WHERE type = ? ORDER BY position LIMIT 1').all(type);
  await via.append(`echo-${type}-${n}`, [{ type, data: JSON.parse(row.data) }], 'any');
}

/** A rebuild into a read model with its own writer (claim rows with their JSON). */
async function copyRebuild(store: SqliteEventStore): Promise<SqliteReadModel> {
  const copying = new SqliteReadModel(path.join(dir, `copy-${Date.now()}.db`));
  await new Projector(store, copying, ALL_PROJECTIONS).catchUp();
  return copying;
}

/**
 * A rebuild from the log into a fresh read model sharing a connection of its own to the log (as
 * `npm run cli -- rebuild` opens it): its claim rows name their events as the live ones do. Also
 * checks that those rows hold what a read model with its own writer copies.
 */
async function rebuilt(store: SqliteEventStore): Promise<Record<string, unknown[]>> {
  const n = Date.now();
  const log = new SqliteEventStore({ filename: store.db.name });
  const fresh = new SqliteReadModel(path.join(dir, `fresh-${n}.db`));
  fresh.shareConnectionWith(log);
  await new Projector(log, fresh, ALL_PROJECTIONS).catchUp();
  const dump = dumpReadModel(fresh.writer);
  const copying = new SqliteReadModel(path.join(dir, `copying-${n}.db`));
  await new Projector(store, copying, ALL_PROJECTIONS).catchUp();
  const copied = dumpReadModel(copying.writer);
  // each claim's view is the same whether its row holds the JSON or names the event
  const [fromEvent, fromCopy] = [new SqliteQueries(fresh), new SqliteQueries(copying)];
  for (const row of copied.claims as { claim_id: string }[]) expect(await fromEvent.claim(row.claim_id)).toEqual(await fromCopy.claim(row.claim_id));
  expect({ ...dump, claims: (dump.claims as { adjudicated: string }[]).map((c) => ({ ...c, adjudicated: 'x' })) }).toEqual({
    ...copied,
    claims: (copied.claims as { adjudicated: string }[]).map((c) => ({ ...c, adjudicated: 'x' })),
  });
  await Promise.all([fresh.close(), copying.close(), log.close()]);
  return dump;
}

describe('projections inside the appending transaction', () => {
  it('writes the read model a rebuild from the log gives, and each append is projected before it resolves', async () => {
    const { store, readModel, projector, close } = inlineStorage();
    let behind = 0;
    // no waiting for a catch-up: after each command the projections already stand at the head
    await writeHistory(store, { persons: 30, claims: 200, after: async () => void (projector.position() < (await store.headPosition()) && behind++) });
    expect(behind).toBe(0);
    expect(projector.position()).toBe(await store.headPosition());
    // the checkpoints were committed with the rows: a reopened projector starts at the head
    expect(await readModel.checkpoint('claims')).toBe(await store.headPosition());
    const live = dumpReadModel(readModel.writer);
    expect((live.claims as unknown[]).length).toBeGreaterThan(50);
    // the claim rows keep no copy of the claim: its view is built from the event
    expect((live.claims as { adjudicated: string }[]).every((c) => c.adjudicated === '')).toBe(true);
    expect(await rebuilt(store)).toEqual(live);
    await close();
  });

  it('a projection that fails rolls its append back: the request fails, nothing is recorded or projected, later appends go on', async () => {
    const { store, readModel, close } = inlineStorage();
    await writeHistory(store, { persons: 5, claims: 10 });
    const head = await store.headPosition();
    const before = dumpReadModel(readModel.writer);
    await close();

    // the same files, with projections that die at the next position
    const failing = inlineStorage(crashingProjections(head + 1));
    await expect(failing.store.append('s-1', [{ type: 'PatientRegistered', data: { personId: 'x' } }], 'any')).rejects.toThrow('killed');
    expect(await failing.store.headPosition()).toBe(head);
    expect(dumpReadModel(failing.readModel.writer)).toEqual(before);
    expect(await failing.readModel.checkpoint('persons')).toBe(head);
    await failing.close();

    // and with working projections the log and the read model go on from there, still equal to a rebuild
    const again = inlineStorage();
    for (let n = 0; n < 3; n++) await echo(again.store, again.store, 'PersonalAccountCredited', n);
    expect(again.projector.position()).toBe(head + 3);
    expect(dumpReadModel(again.readModel.writer)).toEqual(await rebuilt(again.store));
    await again.close();
  });

  it('events appended by a process that did not project them are projected with the next append, once', async () => {
    const { store, readModel, projector, close } = inlineStorage();
    await writeHistory(store, { persons: 5, claims: 10 });
    // another connection appends without projecting (an older tool, a KurrentDB import…)
    const other = new SqliteEventStore({ filename: path.join(dir, 'events.db') });
    for (let n = 0; n < 5; n++) for (const type of ['PersonalAccountCredited', 'ClaimAdjudicated', 'MonthSettled']) await echo(store, other, type, n);
    await other.close();
    expect(projector.position()).toBe((await store.headPosition()) - 15);
    await echo(store, store, 'PersonalAccountCredited', 100);
    expect(projector.position()).toBe(await store.headPosition());
    expect(dumpReadModel(readModel.writer)).toEqual(await rebuilt(store));
    await close();
  });

  it('a request that fails half-way in a group commit (a duplicate event id) is neither recorded nor projected; the others in its group are', async () => {
    const { store, readModel, projector, close } = inlineStorage();
    await writeHistory(store, { persons: 4, claims: 8 });
    const [row] = store.db.prepare<[], { data: string; metadata: string }>("SELECT data, metadata FROM events WHERE type = 'PersonalAccountCredited' LIMIT 1").all();
    const credit = { type: 'PersonalAccountCredited', data: JSON.parse(row.data) };
    const taken = JSON.parse(row.metadata).eventId as string;
    // one turn of the event loop: one group; the second request's first event is fine, its second clashes
    const results = await Promise.allSettled([
      store.append('dup-ok', [credit], 'any'),
      store.append('dup-bad', [credit, { ...credit, metadata: { eventId: taken } }], 'any'),
      store.append('dup-ok-2', [credit], 'any'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await store.readStream('dup-bad')).toEqual([]);
    expect(projector.position()).toBe(await store.headPosition());
    expect(dumpReadModel(readModel.writer)).toEqual(await rebuilt(store));
    await close();
  });

  it('a read model found ahead of its log (commits the log lost in a power cut) is dropped and replayed', async () => {
    const { store, close } = inlineStorage();
    await writeHistory(store, { persons: 4, claims: 8 });
    const head = await store.headPosition();
    await close();
    // the log loses its last events; the read model kept them
    const log = new SqliteEventStore({ filename: path.join(dir, 'events.db') });
    log.db.prepare('DELETE FROM events WHERE position > ?').run(head - 5);
    const readModel = new SqliteReadModel(path.join(dir, 'readmodel.db'));
    const projector = new Projector(log, readModel, ALL_PROJECTIONS);
    await projector.catchUp();
    expect(projector.position()).toBe(head - 5);
    expect(await readModel.checkpoint('claims')).toBe(head - 5);
    expect(dumpReadModel(readModel.writer)).toEqual(dumpReadModel((await copyRebuild(log)).writer));
    await readModel.close();
    await log.close();
  });

  it('a catch-up and a rebuild on the shared connection, racing appends, apply every event exactly once', async () => {
    const { store, readModel, projector, close } = inlineStorage();
    const other = new SqliteEventStore({ filename: path.join(dir, 'events.db') });
    let turn = 0;
    // appends of this process interleaved with a catch-up of what the other one appended
    await writeHistory(store, {
      persons: 12,
      claims: 60,
      after: async () => {
        if (turn++ % 7 === 0 && turn > 20) {
          await echo(store, other, 'ClaimAdjudicated', turn);
          void projector.waitFor(await store.headPosition());
        }
      },
    });
    await projector.waitFor(await store.headPosition());
    expect(dumpReadModel(readModel.writer)).toEqual(await rebuilt(store));
    // a rebuild in place while appends keep coming
    const rebuilding = projector.rebuild();
    for (let n = 0; n < 20; n++) await echo(store, n % 2 ? store : other, 'PersonalAccountCredited', 1000 + n);
    await rebuilding;
    await projector.waitFor(await store.headPosition());
    expect(dumpReadModel(readModel.writer)).toEqual(await rebuilt(store));
    await other.close();
    await close();
  });
});
