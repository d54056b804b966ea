/**
 * The SQLite snapshot store: one row per stream and fold, replaced, kept across reopening,
 * owner-only; the chunks a row names are written with it, read one by one, and dropped once
 * neither the row nor the one it replaced names them. With the command runner and the person
 * codec, a cold load from this store is the whole fold.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@benefit/event-store';
import { writeHistory } from '@benefit/projections/testing/history';
import { CommandRunner, PersonEvent, SNAPSHOT_CODECS, foldPerson, personFold, personStream, withCurrentSchemas } from '@benefit/domain';
import { SqliteSnapshotStore } from './snapshots';

const snapshot = (revision: number, chunks: string[] = []) => ({ streamId: 'person-P-1', fold: 'person', foldVersion: 1, revision, eventId: `e-${revision}`, state: `{"revision":${revision}}`, chunks });
const bytes = (text: string) => Buffer.from(text);

describe('SqliteSnapshotStore', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snapshots-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps the latest snapshot of a stream and fold across reopening, in a file only its owner reads', async () => {
    const file = path.join(dir, 'snapshots.db');
    const first = new SqliteSnapshotStore(file);
    await first.write({ ...snapshot(49), fold: 'other-fold' });
    await first.write(snapshot(49, ['a']), new Map([['a', bytes('records a')]]));
    await first.write(snapshot(99, ['a', 'b']), new Map([['b', bytes('records b')]]));
    expect(await first.read('person-P-1', 'other-fold')).toEqual({ ...snapshot(49), fold: 'other-fold' });
    await first.close();
    const reopened = new SqliteSnapshotStore(file);
    expect(await reopened.read('person-P-1', 'person')).toEqual(snapshot(99, ['a', 'b']));
    expect(reopened.readChunk('person-P-1', 'person', 'b')).toEqual(bytes('records b'));
    expect(await reopened.read('person-P-2', 'person')).toBeNull();
    await reopened.close();
    expect(fs.statSync(file).mode & 0o077).toBe(0);
  });

  it('writes a chunk once, keeps those the replaced row named for one more snapshot, and refuses a row naming a chunk it does not hold', async () => {
    const store = new SqliteSnapshotStore(path.join(dir, 'snapshots.db'));
    await store.write(snapshot(9, ['a', 'b']), new Map([['a', bytes('a1')], ['b', bytes('b1')]]));
    // a chunk is named by its bytes: the same id is never written again
    await store.write(snapshot(19, ['a', 'c']), new Map([['a', bytes('not a1')], ['c', bytes('c1')]]));
    expect(store.readChunk('person-P-1', 'person', 'a')).toEqual(bytes('a1'));
    expect(store.readChunk('person-P-1', 'person', 'b')).toEqual(bytes('b1')); // a state read from row 9 may still read it
    await store.write(snapshot(29, ['a', 'c', 'd']), new Map([['d', bytes('d1')]]));
    expect(store.readChunk('person-P-1', 'person', 'b')).toBeNull();
    expect(store.readChunk('person-P-1', 'person', 'c')).toEqual(bytes('c1'));
    expect(store.readChunk('person-P-2', 'person', 'a')).toBeNull();

    await expect(store.write(snapshot(39, ['a', 'gone']), new Map([['e', bytes('e1')]]))).rejects.toThrow(/gone/);
    expect(await store.read('person-P-1', 'person')).toEqual(snapshot(29, ['a', 'c', 'd']));
    expect(store.readChunk('person-P-1', 'person', 'e')).toBeNull();
    await store.close();
  });

  it('drops the snapshots of the layout before chunks (a cache): a file written by it opens, and holds no snapshot', async () => {
    const file = path.join(dir, 'snapshots.db');
    const old = new Database(file);
    old.exec('CREATE TABLE snapshots (stream_id TEXT NOT NULL, fold TEXT NOT NULL, fold_version INTEGER NOT NULL, revision INTEGER NOT NULL, event_id TEXT NOT NULL, state TEXT NOT NULL, bulk BLOB, PRIMARY KEY (stream_id, fold)) WITHOUT ROWID');
    old.prepare('INSERT INTO snapshots VALUES (?, ?, ?, ?, ?, ?, ?)').run('person-P-1', 'person', 1, 9, 'e-9', '{}', bytes('old records'));
    old.close();
    const store = new SqliteSnapshotStore(file);
    expect(await store.read('person-P-1', 'person')).toBeNull();
    await store.close();
  });

  it('with the command runner: a cold load from the stored snapshot is the whole fold, claim records included', async () => {
    const events = withCurrentSchemas(new SqliteEventStore({ filename: ':memory:' }));
    const seal = async (personId: string, field: string, value: string) => `pii:v1:${Buffer.from(`${personId}/${field}/${value.length}`).toString('base64')}`;
    await writeHistory(events, { persons: 3, claims: 24, seed: 3, seal });
    const snapshots = new SqliteSnapshotStore(path.join(dir, 'snapshots.db'));
    const errors: unknown[] = [];
    const snapshotting = { store: snapshots, codecs: SNAPSHOT_CODECS, every: 2, onError: (err: unknown) => errors.push(err) };
    for (let p = 0; p < 3; p++) {
      const stream = personStream(`P-${p}`);
      const folded = foldPerson((await events.readStream(stream)).map((e) => ({ type: e.type, data: e.data }) as PersonEvent));
      const writer = new CommandRunner(events, { snapshotting });
      await writer.load(stream, personFold);
      await writer.snapshotsWritten();
      const stored = (await snapshots.read(stream, 'person'))!;
      expect(stored.revision).toBe(folded.revision);
      const cold = await new CommandRunner(events, { snapshotting }).load(stream, personFold);
      expect(cold.state.claims).toEqual(folded.claims);
      expect(cold.state).toEqual(folded);
    }
    expect(errors).toEqual([]);
    await snapshots.close();
    await events.close();
  });
});
