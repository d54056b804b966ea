/**
 * The lean write path's WAL checkpointer (lean-write-path.ts), a worker_threads worker of its own
 * so that it starts in milliseconds (nothing of the app loaded): its own connection to the file,
 * `PRAGMA wal_checkpoint(PASSIVE)` every `everyMs`, TRUNCATE once the WAL file passes `capBytes`.
 * On the message 'stop' it closes and posts what it did.
 */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

export interface CheckpointStats {
  passive: number;
  truncate: number;
  /** Wall time spent inside the checkpoints. */
  ms: number;
  maxWalBytes: number;
}

export interface CheckpointerData {
  file: string;
  synchronous: 'FULL' | 'NORMAL';
  everyMs: number;
  capBytes: number;
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

function run({ file, synchronous, everyMs, capBytes }: CheckpointerData): void {
  const db = new Database(file);
  db.pragma('busy_timeout = 10000');
  db.pragma(`synchronous = ${synchronous}`);
  const stats: CheckpointStats = { passive: 0, truncate: 0, ms: 0, maxWalBytes: 0 };
  const tick = () => {
    let size = 0;
    try {
      size = fs.statSync(`${file}-wal`).size;
    } catch {
      // no WAL file yet
    }
    stats.maxWalBytes = Math.max(stats.maxWalBytes, size);
    const t0 = nowMs();
    const truncate = size > capBytes;
    db.pragma(truncate ? 'wal_checkpoint(TRUNCATE)' : 'wal_checkpoint(PASSIVE)');
    if (truncate) stats.truncate++;
    else stats.passive++;
    stats.ms += nowMs() - t0;
  };
  const timer = setInterval(tick, everyMs);
  parentPort!.on('message', (m) => {
    if (m !== 'stop') return;
    clearInterval(timer);
    db.close();
    parentPort!.postMessage(stats);
    parentPort!.close();
  });
  parentPort!.postMessage('ready');
}

if (parentPort) run(workerData as CheckpointerData);
