/**
 * Files that hold personal data or keys are readable by their owner only: a directory made here
 * is 0700 and a file 0600, whatever the process umask. SQLite gives a database's -wal, -shm and
 * journal files the mode of the database file itself, so making the database file 0600 before
 * SQLite first opens it covers those too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

export const OWNER_ONLY_DIR = 0o700;
export const OWNER_ONLY_FILE = 0o600;

/** Creates the directory (and missing parents) owner-only; an existing directory is left as the operator set it. */
export function ownerOnlyDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: OWNER_ONLY_DIR });
}

/**
 * Creates an empty file owner-only when missing, and takes group and other access away from an
 * existing one (a file made before this rule, e.g. an events.db of an earlier release).
 */
export function ownerOnlyFile(file: string): void {
  ownerOnlyDir(path.dirname(file));
  fs.closeSync(fs.openSync(file, 'a', OWNER_ONLY_FILE));
  restrict(file);
}

/** A SQLite database and whatever companions it has now (-wal, -shm, -journal), owner-only. */
export function ownerOnlyDatabase(file: string): void {
  ownerOnlyFile(file);
  for (const suffix of ['-wal', '-shm', '-journal']) if (fs.existsSync(file + suffix)) restrict(file + suffix);
}

function restrict(file: string): void {
  const { mode, uid } = fs.statSync(file);
  // a file owned by someone else (a root-owned mount) cannot be changed by us: leave it
  if ((mode & 0o077) !== 0 && (process.getuid === undefined || uid === process.getuid())) fs.chmodSync(file, mode & 0o700);
}

/**
 * Writes a whole file owner-only and durably. `exclusive`: fail with EEXIST when it exists (two
 * processes creating a key at once keep the first). Otherwise the new content goes to a temporary
 * file that is renamed over the old one: a reader sees the old file or the new one, never half.
 */
export function writeOwnerOnlyFile(file: string, content: string, opts: { exclusive?: boolean } = {}): void {
  ownerOnlyDir(path.dirname(file));
  const target = opts.exclusive ? file : `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(target, 'wx', OWNER_ONLY_FILE);
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  if (!opts.exclusive) {
    try {
      fs.renameSync(target, file);
    } catch (err) {
      fs.rmSync(target, { force: true });
      throw err;
    }
  }
  // the directory entry too: a key file that vanishes at a power cut would strand every data key
  const dirFd = fs.openSync(path.dirname(file), 'r');
  try {
    fs.fsyncSync(dirFd);
  } finally {
    fs.closeSync(dirFd);
  }
}
