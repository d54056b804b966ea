/**
 * WAL checkpoints on a worker thread: the appending connection never checkpoints (its automatic
 * checkpoint is off), the worker copies the WAL into the database file while appends go on, and
 * closing waits for its last checkpoint — also when the worker died at start.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from './sqlite-event-store';
import { WalCheckpointer } from './wal-checkpointer';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wal-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const sizeOf = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);
const payload = { text: 'x'.repeat(2000) };

async function appendMany(store: SqliteEventStore, n: number): Promise<void> {
  for (let i = 0; i < n; i += 100) {
    await Promise.all(Array.from({ length: 100 }, (_, k) => store.append(`s-${i + k}`, [{ type: 'Noted', data: payload }], 'no_stream')));
  }
}

async function until(check: () => boolean, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}

describe('WAL checkpoints on a worker thread', () => {
  it('the appending connection never checkpoints; the worker moves the WAL into the database file as appends go on', async () => {
    const file = path.join(dir, 'events.db');
    const store = new SqliteEventStore({ filename: file, checkpointOnWorker: true });
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const before = sizeOf(file);
    await appendMany(store, 2000); // ~5 MB of WAL, past SQLite's 1,000-page automatic checkpoint
    // the pages reach the database file only through the worker
    expect(await until(() => sizeOf(file) > before + 2_000_000)).toBe(true);
    await store.close();
    const reopened = new Database(file, { readonly: true });
    expect(reopened.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 2000 });
    reopened.close();
  });

  it("without the option the connection keeps SQLite's automatic checkpoint (every 1,000 WAL pages, inside a commit)", async () => {
    const file = path.join(dir, 'events.db');
    const store = new SqliteEventStore({ filename: file });
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await store.close();
  });

  it('closing waits for the last checkpoint, and does not hang when the worker failed at start', async () => {
    const file = path.join(dir, 'events.db');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    const checkpointer = new WalCheckpointer(db, { intervalMs: 10 });
    checkpointer.watch(path.join(dir, 'no-such-dir', 'x.db')); // the worker cannot open it and dies
    expect(await until(() => checkpointer.lastError !== null)).toBe(true);
    await checkpointer.stop();
    db.close();
  });
});
