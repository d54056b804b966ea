/**
 * Online backup of an embedded DATA_DIR while the api runs (issue 16). It never takes the
 * DATA_DIR lock: every database is opened read-only and copied with SQLite's online backup API,
 * which copies a consistent snapshot however much the api appends meanwhile.
 *
 * What is copied, in this order:
 * - `events.db`, the log: the only copy of every payment decision;
 * - `keys.db` after it, so it holds the data key of every person the copied log registered (a key
 *   is stored before its registration is appended); a later keys.db is what a restore needs;
 * - `auth.db`: issued and revoked token ids (no secret; keeps the revocations and `token list`);
 * - `resident-id.key`: without it an id registered before could be registered again.
 * What is not, on purpose (`notCopied` in the manifest):
 * - `master.key`: with keys.db it opens every name and resident id; it is backed up apart
 *   (README "Keys and personal data"), and a restore is given it (`--master-key`) or DATA_KEY;
 * - `token-signing.key` and `admin-token`: whoever held them could call the live service as anyone;
 *   a restored service makes new ones at first start and tokens are issued again;
 * - `readmodel.db`: rebuilt from the log by the restore.
 * The backup directory is 0700 and every file in it 0600: the log and resident-id.key are personal
 * data and a secret.
 */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BACKUP_FORMAT, BackupManifest, MANIFEST_FILE, logFigures, replayLedgers, sha256File } from './manifest';

export const DATABASES = ['events.db', 'keys.db', 'auth.db'] as const;
export const KEY_FILES = ['resident-id.key'] as const;

export class BackupRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupRefused';
  }
}

export interface BackupOptions {
  now?: () => Date;
  onProgress?: (step: string, done?: number, total?: number) => void;
}

/** Copies DATA_DIR's log and keys into `dest` (absent or empty), writing manifest.json last. */
export async function backupDataDir(dataDir: string, dest: string, opts: BackupOptions = {}): Promise<BackupManifest> {
  const started = Date.now();
  const now = opts.now ?? (() => new Date());
  const progress = opts.onProgress ?? (() => undefined);
  const events = path.join(dataDir, 'events.db');
  if (!fs.existsSync(events)) throw new BackupRefused(`no event log in ${dataDir} (no events.db): set DATA_DIR to the api's data directory`);
  if (fs.existsSync(dest) && fs.readdirSync(dest).length > 0) throw new BackupRefused(`${dest} is not empty: back up into a new directory (a backup never overwrites another)`);
  fs.mkdirSync(dest, { recursive: true, mode: 0o700 });
  fs.chmodSync(dest, 0o700);

  const copied: string[] = [];
  for (const name of DATABASES) {
    const from = path.join(dataDir, name);
    if (!fs.existsSync(from)) continue;
    progress(`copying ${name}`);
    await onlineCopy(from, path.join(dest, name));
    copied.push(name);
  }
  for (const name of KEY_FILES) {
    const from = path.join(dataDir, name);
    if (!fs.existsSync(from)) continue;
    fs.copyFileSync(from, path.join(dest, name));
    fs.chmodSync(path.join(dest, name), 0o600);
    copied.push(name);
  }

  progress('checksum of the log');
  const figures = logFigures(path.join(dest, 'events.db'));
  const masterKeyIds = copied.includes('keys.db') ? masterKeysUsed(path.join(dest, 'keys.db')) : [];

  // the ledgers of exactly the copied log: replayed into a throw-away read model, never the live one
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'benefit-backup-'));
  let ledgers;
  try {
    progress('replaying the copy for its ledger totals', 0, figures.headPosition);
    ledgers = await replayLedgers(path.join(dest, 'events.db'), path.join(scratch, 'readmodel.db'), (done, total) => progress('replaying the copy for its ledger totals', done, total));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  // the replay opened the copy in WAL mode: its last close folds the journal back; hash only a settled file
  for (const name of copied) if (fs.existsSync(path.join(dest, `${name}-wal`))) new Database(path.join(dest, name)).close();

  const files: BackupManifest['files'] = {};
  for (const name of copied) files[name] = sha256File(path.join(dest, name));
  const notCopied: Record<string, string> = {
    'master.key': 'kept apart from keys.db: together they open every name and resident id; give it to the restore (--master-key) or set DATA_KEY',
    'token-signing.key': 'a secret that mints tokens for the live service; a restored service makes a new one, issue tokens again',
    'admin-token': 'a secret; a restored service writes a new one (or set ADMIN_TOKEN)',
    'readmodel.db': 'rebuilt from the log by the restore',
    'snapshots.db': 'a cache of folded states: each is folded from the log again when first needed',
    'jobs.db': 're-settlement jobs (progress and rows): their corrections are in the log; ask for a job again to see its diff (an applied one finds nothing twice)',
  };
  if (!copied.includes('resident-id.key')) notCopied['resident-id.key'] = 'not in DATA_DIR (RESIDENT_ID_KEY is set): keep that setting with the backup';
  if (!copied.includes('keys.db')) notCopied['keys.db'] = 'not in DATA_DIR (KEYSTORE_URL, or no person registered yet): back the key store up with its own tools';
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    createdAt: now().toISOString(),
    source: path.resolve(dataDir),
    ...figures,
    files,
    masterKeyIds,
    notCopied,
    ledgers,
    millis: Date.now() - started,
  };
  // written last, atomically: a directory without manifest.json is an unfinished backup
  const tmp = path.join(dest, `${MANIFEST_FILE}.tmp`);
  fs.writeFileSync(tmp, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  const fd = fs.openSync(tmp, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(tmp, path.join(dest, MANIFEST_FILE));
  return manifest;
}

/**
 * SQLite's online backup from a read-only connection. After the first step the rest is copied in
 * one step, so a writer in another process cannot keep restarting it; a WAL reader never blocks
 * the writer meanwhile.
 */
async function onlineCopy(from: string, to: string): Promise<void> {
  const source = new Database(from, { readonly: true, fileMustExist: true });
  try {
    source.pragma('busy_timeout = 10000');
    await source.backup(to, { progress: () => 1 << 30 });
  } finally {
    source.close();
  }
  fs.chmodSync(to, 0o600);
}

/** The ids of the master keys that wrap at least one data key in a keys.db. */
function masterKeysUsed(keysDb: string): string[] {
  const db = new Database(keysDb, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT DISTINCT key_id FROM person_keys WHERE key_id IS NOT NULL ORDER BY key_id').all() as { key_id: string }[];
    return rows.map((r) => r.key_id);
  } finally {
    db.close();
  }
}

/** Keeps the `keep` newest backups under `root` (directories with a manifest, by name), removes older ones. */
export function pruneBackups(root: string, keep: number): string[] {
  if (!fs.existsSync(root)) return [];
  const done = fs
    .readdirSync(root)
    .filter((d) => fs.existsSync(path.join(root, d, MANIFEST_FILE)))
    .sort();
  const removed = done.slice(0, Math.max(0, done.length - keep));
  for (const d of removed) fs.rmSync(path.join(root, d), { recursive: true, force: true });
  return removed;
}

/** A directory name for a scheduled backup: its UTC instant, sortable (2026-12-02T04-22-07Z). */
export const backupName = (at: Date) => at.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
