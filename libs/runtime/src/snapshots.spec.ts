/** The SQLite snapshot store: one row per stream and fold, replaced, kept across reopening, owner-only. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteSnapshotStore } from './snapshots';

const snapshot = (revision: number) => ({ streamId: 'person-P-1', fold: 'person', foldVersion: 1, revision, eventId: `e-${revision}`, state: `{"revision":${revision}}`, bulk: Buffer.from(`bytes of ${revision}`) });

describe('SqliteSnapshotStore', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snapshots-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps the latest snapshot of a stream and fold across reopening, in a file only its owner reads', async () => {
    const file = path.join(dir, 'snapshots.db');
    const first = new SqliteSnapshotStore(file);
    await first.write({ ...snapshot(49), fold: 'other-fold', bulk: null });
    await first.write(snapshot(49));
    await first.write(snapshot(99));
    expect(await first.read('person-P-1', 'other-fold')).toEqual({ ...snapshot(49), fold: 'other-fold', bulk: null });
    await first.close();
    const reopened = new SqliteSnapshotStore(file);
    expect(await reopened.read('person-P-1', 'person')).toEqual(snapshot(99));
    expect(await reopened.read('person-P-2', 'person')).toBeNull();
    await reopened.close();
    expect(fs.statSync(file).mode & 0o077).toBe(0);
  });
});
