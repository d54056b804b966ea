/**
 * One owner per DATA_DIR, enforced by the operating system: the owner holds an exclusive SQLite
 * lock on DATA_DIR/lock.db (fcntl byte-range locks underneath) for its whole life. A second
 * process cannot take it, whatever it does to the files beside it, and the kernel releases it
 * when the owner dies, `kill -9` included, so there is nothing stale to clean up.
 *
 * Node has no flock; better-sqlite3 is already here. `locking_mode=EXCLUSIVE` + `BEGIN EXCLUSIVE`
 * takes SQLite's EXCLUSIVE lock and never lets go of it; `busy_timeout=0` makes a second taker
 * fail at once instead of waiting. The file itself stays empty: nothing is ever written to it.
 *
 * Shared holders are the processes of the split topology (apis with PROJECTIONS=external, a
 * projector into PostgreSQL): they share the log on purpose, and PostgreSQL's advisory lock keeps
 * one projector per read model. They hold a read transaction (SQLite's SHARED lock): any number of
 * them fit together, none fits beside an exclusive owner.
 *
 * DATA_DIR/lock.pid says who took the lock, for the refusal's message only; the lock decides.
 */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ownerOnlyDir } from '@benefit/shared';

export const lockFile = (dataDir: string) => path.join(dataDir, 'lock.db');
export const holderFile = (dataDir: string) => path.join(dataDir, 'lock.pid');

export interface Holder {
  pid: number;
  /** What runs: `api`, `projector`, `cli rebuild` … */
  role: string;
  since: string;
}

export interface DataDirLock {
  /** Gives the lock back (also done by the kernel when the process ends). */
  release(): void;
}

export class DataDirInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: Holder | null,
  ) {
    super(`${dataDir} is in use by ${describeHolder(holder)}`);
    this.name = 'DataDirInUse';
  }
}

export const describeHolder = (holder: Holder | null): string =>
  holder ? `the ${holder.role} (pid ${holder.pid}, since ${holder.since})` : 'another process (it left no lock.pid)';

/** Takes DATA_DIR for this process, or throws DataDirInUse naming who has it. */
export function lockDataDir(dataDir: string, role: string, mode: 'exclusive' | 'shared' = 'exclusive'): DataDirLock {
  ownerOnlyDir(dataDir);
  // Only SQLite opens lock.db: closing any descriptor of a file drops every fcntl lock this process
  // holds on it (POSIX), and SQLite is the one that knows to keep its descriptors open meanwhile.
  const db = new Database(lockFile(dataDir), { timeout: 0 });
  ownerOnly(lockFile(dataDir));
  try {
    if (mode === 'exclusive') {
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE');
    } else {
      db.exec('BEGIN');
      db.prepare('SELECT count(*) FROM sqlite_master').get(); // the read takes SHARED and keeps it while the transaction is open
    }
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') throw new DataDirInUse(dataDir, readHolder(dataDir));
    throw err;
  }
  const me: Holder = { pid: process.pid, role, since: new Date().toISOString() };
  fs.writeFileSync(holderFile(dataDir), `${JSON.stringify(me)}\n`, { mode: 0o600 });
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      // a shared holder beside us may have written its own pid since: leave that one
      if (readHolder(dataDir)?.pid === process.pid) fs.rmSync(holderFile(dataDir), { force: true });
      db.close();
    },
  };
}

/**
 * For a process's entry point: takes DATA_DIR for the process's whole life, or says who has it
 * and what to do on stderr and exits 1 before anything under DATA_DIR is opened.
 */
export function holdDataDirOrExit(dataDir: string, role: string, mode: 'exclusive' | 'shared', program: string): DataDirLock {
  try {
    const lock = lockDataDir(dataDir, role, mode);
    process.once('exit', () => lock.release());
    return lock;
  } catch (err) {
    if (!(err instanceof DataDirInUse)) throw err;
    process.stderr.write(`${program} cannot start: DATA_DIR ${err.message}.\n${ONE_PER_DIR}\n`);
    process.exit(1);
  }
}

export const ONE_PER_DIR =
  'One api, projector or offline CLI writer (rebuild, generate) per data directory: stop that process first, or point DATA_DIR at another directory.';

/** chmod only (no open and close, see above); a file someone else owns is left as it is. */
function ownerOnly(file: string): void {
  const { mode, uid } = fs.statSync(file);
  if ((mode & 0o077) !== 0 && (process.getuid === undefined || uid === process.getuid())) fs.chmodSync(file, mode & 0o700);
}

export function readHolder(dataDir: string): Holder | null {
  try {
    const holder = JSON.parse(fs.readFileSync(holderFile(dataDir), 'utf8')) as Holder;
    return Number.isInteger(holder.pid) && typeof holder.role === 'string' ? holder : null;
  } catch {
    return null;
  }
}
