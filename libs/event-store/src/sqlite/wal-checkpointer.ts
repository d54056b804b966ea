/**
 * WAL checkpoints off the thread that appends (issue 13.1). SQLite's automatic checkpoint runs
 * inside whichever commit crosses 1,000 WAL pages: that commit then copies pages into the
 * database file and fsyncs it, on the thread that answers requests. Here the appending connection
 * turns its automatic checkpoint off and a worker thread, with connections of its own, runs a
 * PASSIVE checkpoint of each file every `intervalMs` (it never waits for the writer, so it never
 * holds up an append). A WAL that grows past `capBytes` anyway (readers pinning old frames, a
 * burst faster than the checkpoints) gets a TRUNCATE checkpoint, which waits for readers and the
 * writer up to the busy timeout and then empties the WAL: the cap bounds the disk a burst takes.
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
    try {
      db.pragma(size > workerData.capBytes ? 'wal_checkpoint(TRUNCATE)' : 'wal_checkpoint(PASSIVE)');
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
  /** A WAL larger than this is emptied (TRUNCATE) at the next checkpoint. */
  capBytes?: number;
}

export class WalCheckpointer {
  private readonly worker: Worker;
  private stopped: Promise<void> | null = null;
  /** The last error a checkpoint reported (a checkpoint failing leaves the WAL to grow until one succeeds). */
  lastError: string | null = null;

  constructor(db: Database.Database, options: WalCheckpointerOptions = {}) {
    db.pragma('wal_autocheckpoint = 0');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: require.resolve('better-sqlite3'),
        files: [db.name],
        intervalMs: options.intervalMs ?? 200,
        capBytes: options.capBytes ?? 64 * 2 ** 20,
        busyMs: 5000,
      },
    });
    this.worker.on('message', (m: { error?: string }) => {
      if (m.error) this.lastError = m.error;
    });
    this.worker.on('error', (err) => (this.lastError = err.message));
    this.worker.unref();
  }

  /** Checkpoints `filename` too (a file attached to the appending connection). */
  watch(filename: string): void {
    this.worker.postMessage({ watch: filename });
  }

  /** A last checkpoint, then the worker's connections close. */
  stop(): Promise<void> {
    this.stopped ??= new Promise<void>((resolve) => {
      const done = () => resolve();
      this.worker.once('exit', done);
      this.worker.on('message', (m: { stopped?: boolean }) => {
        if (m.stopped) void this.worker.terminate().then(done, done);
      });
      this.worker.postMessage({ stop: true });
    });
    return this.stopped;
  }
}
