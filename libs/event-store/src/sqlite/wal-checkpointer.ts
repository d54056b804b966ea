/**
 * WAL checkpoints off the thread that appends (issue 13.1). SQLite's automatic checkpoint runs
 * inside whichever commit crosses 1,000 WAL pages: that commit then copies pages into the
 * database file and fsyncs it, on the thread that answers requests. Here the appending connection
 * turns its automatic checkpoint off and a worker thread, with connections of its own, runs a
 * PASSIVE checkpoint of each file every `intervalMs`: it never takes the write lock, so it never
 * holds up an append (a TRUNCATE checkpoint does: a prototype's BEGIN IMMEDIATE got SQLITE_BUSY
 * during one). Once a checkpoint has copied every frame, the next append starts the WAL over from
 * its beginning, and `journal_size_limit` (set on the appending connection, `capBytes`) truncates
 * the file back to the cap then: a burst's WAL does not keep its disk.
 *
 * The worker's code is inline (`eval`), so it runs the same from dist/ and under ts-jest.
 */
import Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const Database = require(workerData.driver);
const files = new Map();
function open(file) {
  const db = new Database(file);
  db.pragma('busy_timeout = ' + workerData.busyMs);
  files.set(file, db);
}
for (const f of workerData.files) open(f);
function checkpointAll() {
  for (const [file, db] of files) {
    let size = 0;
    try { size = fs.statSync(file + '-wal').size; } catch { size = 0; }
    if (size === 0) continue;
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch (err) {
      parentPort.postMessage({ error: String(err && err.message || err) });
    }
  }
}
const timer = setInterval(checkpointAll, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m.watch) open(m.watch);
  if (m.stop) {
    clearInterval(timer);
    checkpointAll();
    for (const db of files.values()) db.close();
    parentPort.postMessage({ stopped: true });
  }
});
`;

export interface WalCheckpointerOptions {
  intervalMs?: number;
  /** The size the WAL file is truncated back to when it starts over (journal_size_limit). */
  capBytes?: number;
}

export class WalCheckpointer {
  private readonly worker: Worker;
  private stopping = false;
  /** Resolves when the worker has exited: after its last checkpoint, or at once when it died. */
  private readonly exited: Promise<void>;
  /** The last error a checkpoint reported (a checkpoint failing leaves the WAL to grow until one succeeds). */
  lastError: string | null = null;

  constructor(db: Database.Database, options: WalCheckpointerOptions = {}) {
    db.pragma('wal_autocheckpoint = 0');
    db.pragma(`journal_size_limit = ${options.capBytes ?? 64 * 2 ** 20}`);
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: require.resolve('better-sqlite3'),
        files: [db.name],
        intervalMs: options.intervalMs ?? 200,
        busyMs: 5000,
      },
    });
    this.worker.on('message', (m: { error?: string }) => {
      if (m.error) this.lastError = m.error;
    });
    this.worker.on('error', (err) => (this.lastError = err.message));
    this.exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.unref();
  }

  /** Checkpoints `filename` too (a file attached to the appending connection). */
  watch(filename: string): void {
    this.worker.postMessage({ watch: filename });
  }

  /** A last checkpoint, then the worker's connections close (at once when it died: `lastError` says why). */
  stop(): Promise<void> {
    if (!this.stopping) {
      this.stopping = true;
      this.worker.ref(); // a process waiting for its last checkpoint must not exit before it
      this.worker.on('message', (m: { stopped?: boolean }) => {
        if (m.stopped) void this.worker.terminate();
      });
      this.worker.postMessage({ stop: true });
    }
    return this.exited;
  }
}
