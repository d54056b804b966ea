/**
 * The DATA_DIR lock within one process (SQLite keeps its own account of the locks each connection
 * of a process holds, so two takers here contend as two processes would). Across processes, and
 * after kill -9: test/e2e/data-dir-lock.e2e.spec.ts.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataDirInUse, DataDirLock, holderFile, lockDataDir, readHolder } from './data-dir-lock';

let dir: string;
const held: DataDirLock[] = [];
const take = (...args: Parameters<typeof lockDataDir>) => {
  const lock = lockDataDir(...args);
  held.push(lock);
  return lock;
};
const refusal = (fn: () => unknown): DataDirInUse => {
  try {
    fn();
  } catch (err) {
    if (err instanceof DataDirInUse) return err;
    throw err;
  }
  throw new Error('the lock was taken twice');
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'benefit-lock-'));
});
afterEach(() => {
  for (const lock of held.splice(0)) lock.release();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('one owner per DATA_DIR', () => {
  it('a second exclusive taker is refused at once, naming the holder from lock.pid', () => {
    take(dir, 'api');
    const err = refusal(() => take(dir, 'cli rebuild'));
    expect(err.holder).toEqual(expect.objectContaining({ pid: process.pid, role: 'api' }));
    expect(err.message).toMatch(new RegExp(`^${dir} is in use by the api \\(pid ${process.pid}, since `));
  });

  it('lock.pid is only the message: deleting or overwriting it does not let a second owner in', () => {
    take(dir, 'api');
    fs.rmSync(holderFile(dir));
    expect(refusal(() => take(dir, 'api')).message).toContain('another process (it left no lock.pid)');
    fs.writeFileSync(holderFile(dir), JSON.stringify({ pid: 1, role: 'forged', since: 'x' }));
    refusal(() => take(dir, 'api'));
  });

  it('a refused taker in the same process leaves the lock held for other processes too', () => {
    take(dir, 'api');
    refusal(() => take(dir, 'api'));
    refusal(() => take(dir, 'projector', 'shared'));
    // another process tries SQLite's exclusive lock on lock.db directly
    const script = `const db = new (require('better-sqlite3'))(${JSON.stringify(path.join(dir, 'lock.db'))}, { timeout: 0 });
      try { db.exec('BEGIN EXCLUSIVE'); console.log('took'); } catch (e) { console.log(e.code); }`;
    const out = spawnSync(process.execPath, ['-e', script], { cwd: path.resolve(__dirname, '..', '..', '..'), encoding: 'utf8' });
    expect(out.stdout.trim()).toBe('SQLITE_BUSY');
  });

  it('released, it can be taken again; the holder file goes with it', () => {
    take(dir, 'api').release();
    expect(fs.existsSync(holderFile(dir))).toBe(false);
    take(dir, 'projector');
    expect(readHolder(dir)?.role).toBe('projector');
  });

  it('creates DATA_DIR and an empty, owner-only lock.db', () => {
    const fresh = path.join(dir, 'new', 'data');
    take(fresh, 'api');
    const stat = fs.statSync(path.join(fresh, 'lock.db'));
    expect(stat.size).toBe(0);
    expect(stat.mode & 0o077).toBe(0);
  });
});

describe('the split topology shares it', () => {
  it('shared holders fit together; an exclusive one fits beside none of them', () => {
    const a = take(dir, 'api (PROJECTIONS=external)', 'shared');
    const b = take(dir, 'projector', 'shared');
    refusal(() => take(dir, 'api'));
    a.release();
    refusal(() => take(dir, 'cli rebuild'));
    b.release();
    take(dir, 'cli rebuild');
  });

  it('a shared holder is refused beside an exclusive owner', () => {
    take(dir, 'api');
    expect(refusal(() => take(dir, 'projector', 'shared')).holder?.role).toBe('api');
  });

  it('a shared holder leaving keeps the holder file another one wrote', () => {
    const a = take(dir, 'api (PROJECTIONS=external)', 'shared');
    take(dir, 'projector', 'shared');
    // both run as this test process: stand the file in for another process's
    fs.writeFileSync(holderFile(dir), JSON.stringify({ pid: process.pid + 1, role: 'projector', since: 'now' }));
    a.release();
    expect(readHolder(dir)?.role).toBe('projector');
  });
});
