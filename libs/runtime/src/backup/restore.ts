/**
 * Verified restore into an empty DATA_DIR (issue 16): nothing is written before the backup has
 * shown it is whole (every file's SHA-256, the log's count, head and digest as the manifest says);
 * then the files are put in place, the master key is checked to open every data key, the read
 * model is rebuilt from the restored log, and its ledger totals per region and month must equal
 * the manifest's. Any failure leaves DATA_DIR as empty as it was found.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ownerOnlyDatabase } from '@benefit/shared';
import { MASTER_KEY_FILE, openVault } from '@benefit/vault';
import { DATABASES, KEY_FILES } from './backup';
import { BACKUP_FORMAT, BackupManifest, MANIFEST_FILE, compareLedgers, logFigures, replayLedgers, sha256File } from './manifest';

export class RestoreRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefused';
  }
}

export interface RestoreOptions {
  /** A master key file to put in DATA_DIR (the backup never holds one). */
  masterKeyFile?: string | null;
  /** DATA_KEY, when the master keys come from the environment instead. */
  dataKey?: string | null;
  onProgress?: (step: string, done?: number, total?: number) => void;
}

export interface RestoreReport {
  manifest: BackupManifest;
  /** Region-months whose ledger totals were compared (all equal, or the restore fails). */
  ledgerMonths: number;
  masterKeys: 'file' | 'DATA_KEY' | 'none needed';
  millis: number;
}

/** What a DATA_DIR may hold and still count as empty: the lock the restoring process holds. */
const LOCK_FILES = new Set(['lock.db', 'lock.pid', 'lock.db-journal']);

export function assertEmptyDataDir(dataDir: string): void {
  const present = fs.existsSync(dataDir) ? fs.readdirSync(dataDir).filter((f) => !LOCK_FILES.has(f)) : [];
  if (present.length) throw new RestoreRefused(`${dataDir} is not empty (${present.slice(0, 5).join(', ')}${present.length > 5 ? ', …' : ''}): restore into an empty DATA_DIR, never over a live one`);
}

export function readManifest(backupDir: string): BackupManifest {
  const file = path.join(backupDir, MANIFEST_FILE);
  if (!fs.existsSync(file)) throw new RestoreRefused(`no ${MANIFEST_FILE} in ${backupDir}: not a backup, or one that did not finish`);
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as BackupManifest;
  if (manifest.format !== BACKUP_FORMAT) throw new RestoreRefused(`${file} is format ${String(manifest.format)}, this restore reads ${BACKUP_FORMAT}`);
  return manifest;
}

/** Checks a backup against its manifest without writing anything: the files' checksums and the log's figures. */
export function verifyBackup(backupDir: string): BackupManifest {
  const manifest = readManifest(backupDir);
  if (!manifest.files['events.db']) throw new RestoreRefused(`the manifest of ${backupDir} names no events.db`);
  for (const [name, expected] of Object.entries(manifest.files)) {
    const file = path.join(backupDir, name);
    if (!fs.existsSync(file)) throw new RestoreRefused(`${name} is missing from ${backupDir}`);
    const actual = sha256File(file);
    if (actual.sha256 !== expected.sha256 || actual.bytes !== expected.bytes) throw new RestoreRefused(`${name} in ${backupDir} is not the file the backup wrote (SHA-256 ${actual.sha256}, manifest ${expected.sha256})`);
  }
  const figures = logFigures(path.join(backupDir, 'events.db'));
  for (const key of ['eventCount', 'headPosition', 'logSha256'] as const) {
    if (figures[key] !== manifest[key]) throw new RestoreRefused(`the log in ${backupDir} has ${key} ${figures[key]}, the manifest says ${manifest[key]}`);
  }
  return manifest;
}

export async function restoreDataDir(backupDir: string, dataDir: string, opts: RestoreOptions = {}): Promise<RestoreReport> {
  const started = Date.now();
  const progress = opts.onProgress ?? (() => undefined);
  assertEmptyDataDir(dataDir);
  progress('checking the backup against its manifest');
  const manifest = verifyBackup(backupDir);
  const masterKeys = manifest.masterKeyIds.length === 0 ? 'none needed' : opts.masterKeyFile ? 'file' : opts.dataKey ? 'DATA_KEY' : null;
  if (!masterKeys) {
    throw new RestoreRefused(`the data keys of this backup are wrapped by master key ${manifest.masterKeyIds.join(', ')}: give its key file (--master-key <file>) or set DATA_KEY`);
  }
  if (opts.masterKeyFile && !fs.existsSync(opts.masterKeyFile)) throw new RestoreRefused(`no master key file ${opts.masterKeyFile}`);

  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dataDir, 0o700);
  const written: string[] = [];
  const put = (from: string, name: string) => {
    written.push(name);
    fs.copyFileSync(from, path.join(dataDir, name), fs.constants.COPYFILE_EXCL);
    fs.chmodSync(path.join(dataDir, name), 0o600);
  };
  try {
    for (const name of [...DATABASES, ...KEY_FILES]) if (manifest.files[name]) put(path.join(backupDir, name), name);
    if (masterKeys === 'file') put(opts.masterKeyFile!, MASTER_KEY_FILE);

    if (manifest.masterKeyIds.length) {
      progress('checking the master keys open every data key');
      try {
        // refuses when a data key is wrapped by a master key it does not hold, naming it
        await (await openVault({ dataDir, dataKey: masterKeys === 'DATA_KEY' ? opts.dataKey : null, keyStoreUrl: null })).close();
      } catch (err) {
        throw new RestoreRefused(`the master keys given do not open this backup's keys.db: ${(err as Error).message}`);
      }
    }

    const readModel = path.join(dataDir, 'readmodel.db');
    written.push('readmodel.db');
    ownerOnlyDatabase(readModel);
    progress('rebuilding the read model', 0, manifest.headPosition);
    const ledgers = await replayLedgers(path.join(dataDir, 'events.db'), readModel, (done, total) => progress('rebuilding the read model', done, total));
    const differences = compareLedgers(manifest.ledgers, ledgers);
    if (differences.length) throw new RestoreRefused(`the rebuilt ledgers differ from the backup's:\n  ${differences.slice(0, 20).join('\n  ')}`);
    const ledgerMonths = Object.values(ledgers).reduce((n, months) => n + Object.keys(months).length, 0);
    return { manifest, ledgerMonths, masterKeys, millis: Date.now() - started };
  } catch (err) {
    for (const name of written) for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(path.join(dataDir, name + suffix), { force: true });
    throw err;
  }
}
