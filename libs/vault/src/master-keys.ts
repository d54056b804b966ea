/**
 * Master keys: they wrap (encrypt) each person's data key; they never touch personal data.
 *
 * A keyring is an ordered list: the first key wraps every new data key, the others stay only to
 * unwrap data keys not yet re-wrapped by a rotation. A key's id is derived from the key itself
 * (a hash with a label of its own, which reveals nothing of the key), so the same key has the
 * same id whether it comes from DATA_KEY or from the key file, and a stored id can never name
 * some other key.
 *
 * Where the keys come from:
 * - DATA_KEY (environment): one key, or `new,old` during a rotation; each 32 bytes as 64 hex
 *   characters or base64. Fixed for the life of the process.
 * - else `DATA_DIR/master.key`, made at first start (0600, in a 0700 directory): one hex key per
 *   line, current first. `keys rotate` puts a new key in front; the running api re-reads the
 *   file when it changes, so rotating and pruning never need a restart.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { ownerOnlyDir, writeOwnerOnlyFile } from '@benefit/shared';

export const MASTER_KEY_FILE = 'master.key';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface MasterKey {
  /** 16 hex characters, derived from the key: what the key store records beside a wrapped data key. */
  readonly id: string;
  readonly key: Buffer;
}

export const masterKeyId = (key: Buffer): string => createHash('sha256').update('benefit-ledger master key id\0').update(key).digest('hex').slice(0, 16);

export const masterKey = (key: Buffer): MasterKey => {
  if (key.length !== KEY_BYTES) throw new Error('a master key has 32 bytes');
  return { id: masterKeyId(key), key };
};

/** The bytes of one key as written (64 hex characters, or base64 / base64url of 32 bytes), or what is wrong (never the key). */
function decodeKey(text: string): Buffer | string {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === KEY_BYTES) return bytes;
    if (/^[0-9a-fA-F]+$/.test(text)) return `is ${text.length} hex characters, not 64`;
    return `decodes to ${bytes.length} bytes of base64, not 32`;
  }
  return 'is neither hex nor base64';
}

/**
 * A comma-separated list of keys (DATA_KEY, or the lines of the key file). Throws one message
 * naming each bad entry by its place in the list, never echoing key material.
 */
export function parseMasterKeys(text: string, what = 'DATA_KEY'): MasterKey[] {
  const entries = text.split(',').map((s) => s.trim());
  const problems: string[] = [];
  const keys: MasterKey[] = [];
  entries.forEach((entry, i) => {
    const where = entries.length > 1 ? `${what} entry ${i + 1} of ${entries.length}` : what;
    if (!entry) return problems.push(`${where} is empty`);
    const decoded = decodeKey(entry);
    if (typeof decoded === 'string') return problems.push(`${where} ${decoded}`);
    const k = masterKey(decoded);
    if (keys.some((x) => x.id === k.id)) return problems.push(`${where} repeats an earlier key`);
    keys.push(k);
  });
  if (problems.length) {
    throw new Error(`${problems.join('; ')}: give each key as 32 random bytes in 64 hex characters or base64 (e.g. \`openssl rand -hex 32\`), current key first, separated by commas`);
  }
  return keys;
}

/** The keys a process can use: `current` wraps new data keys; every key of `keys` unwraps. */
export class Keyring {
  private readonly byId: Map<string, MasterKey>;

  constructor(readonly keys: readonly MasterKey[]) {
    if (keys.length === 0) throw new Error('a keyring needs at least one master key');
    this.byId = new Map(keys.map((k) => [k.id, k]));
  }

  get current(): MasterKey {
    return this.keys[0];
  }

  get(id: string): MasterKey | undefined {
    return this.byId.get(id);
  }

  get ids(): string[] {
    return this.keys.map((k) => k.id);
  }
}

/** The additional data of a wrapped data key: it unwraps for its own person under its own master key only. */
const wrapAad = (masterId: string, personId: string) => Buffer.from(JSON.stringify(['dek:v1', masterId, personId]), 'utf8');

/** AES-256-GCM of a data key under a master key: iv ‖ ciphertext ‖ tag (60 bytes). */
export function wrapDataKey(master: MasterKey, personId: string, dataKey: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', master.key, iv);
  cipher.setAAD(wrapAad(master.id, personId));
  return Buffer.concat([iv, cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
}

export function unwrapDataKey(master: MasterKey, personId: string, wrapped: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', master.key, wrapped.subarray(0, IV_BYTES));
  decipher.setAAD(wrapAad(master.id, personId));
  decipher.setAuthTag(wrapped.subarray(wrapped.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(wrapped.subarray(IV_BYTES, wrapped.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new Error(`the data key of person ${personId} does not unwrap under master key ${master.id}: keys.db was altered or belongs to another key file`);
  }
}

/** Where a process gets its master keys from. */
export interface MasterKeys {
  readonly source: 'env' | 'file';
  /** Where the keys live, for messages (never the keys). */
  readonly where: string;
  /** The keyring as last read. */
  ring(): Keyring;
  /**
   * The keyring, re-read first when its source changed (the key file after `keys rotate` or
   * `keys prune`). Keys read before stay usable for unwrapping: a running process may still meet
   * a data key wrapped under a key that a prune has just removed from the file.
   */
  refresh(): Keyring;
}

/** DATA_KEY: fixed for the life of the process. */
export function envMasterKeys(dataKey: string): MasterKeys {
  const ring = new Keyring(parseMasterKeys(dataKey));
  return { source: 'env', where: 'DATA_KEY', ring: () => ring, refresh: () => ring };
}

const FILE_HEADER =
  '# benefit-ledger master keys, one per line (64 hex characters), the first wraps new data keys.\n' +
  '# Keep it secret; back it up apart from keys.db (either alone opens nothing). Managed by `npm run cli -- keys`.\n';

export function readKeyFile(file: string): MasterKey[] {
  const lines = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  if (lines.length === 0) throw new Error(`${file} holds no master key: restore it from its backup`);
  return parseMasterKeys(lines.join(','), file);
}

/** Replaces the key file at once (a new file renamed over the old): a reader sees the old list or the new one. */
export function writeKeyFile(file: string, keys: readonly MasterKey[]): void {
  writeOwnerOnlyFile(file, FILE_HEADER + keys.map((k) => k.key.toString('hex')).join('\n') + '\n');
}

/** DATA_DIR/master.key, created with a fresh key when missing. */
export function fileMasterKeys(dataDir: string): MasterKeys {
  const file = path.join(dataDir, MASTER_KEY_FILE);
  ownerOnlyDir(dataDir);
  if (!fs.existsSync(file)) {
    try {
      writeOwnerOnlyFile(file, FILE_HEADER + randomBytes(KEY_BYTES).toString('hex') + '\n', { exclusive: true });
    } catch (err) {
      // another process (the api and a cli command starting together) made it first: use theirs
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const stamp = () => {
    const s = fs.statSync(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  };
  let seen = stamp();
  let keys = readKeyFile(file);
  const known = new Map(keys.map((k) => [k.id, k]));
  let ring = new Keyring(keys);
  return {
    source: 'file',
    where: file,
    ring: () => ring,
    refresh() {
      const now = stamp();
      if (now === seen) return ring;
      seen = now;
      keys = readKeyFile(file);
      for (const k of keys) known.set(k.id, k);
      // the file's order decides the current key; keys pruned from it stay at the end, in memory only
      ring = new Keyring([...keys, ...[...known.values()].filter((k) => !keys.some((x) => x.id === k.id))]);
      return ring;
    },
  };
}

/** Master keys from DATA_KEY when set, else the key file in DATA_DIR. */
export function openMasterKeys(opts: { dataKey?: string | null; dataDir: string }): MasterKeys {
  return opts.dataKey ? envMasterKeys(opts.dataKey) : fileMasterKeys(opts.dataDir);
}

export const newMasterKey = (): MasterKey => masterKey(randomBytes(KEY_BYTES));
