import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createOne, runKeyStoreContract } from './key-store.contract';
import { SqliteKeyStore } from './sqlite-key-store';

function tempStore(): { store: SqliteKeyStore; dir: string; file: string } {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'key-store-')), 'data');
  const file = path.join(dir, 'keys.db');
  return { store: new SqliteKeyStore(file), dir, file };
}

runKeyStoreContract('SQLite', async () => {
  const { store, dir } = tempStore();
  return { store, cleanup: async () => { await store.close(); fs.rmSync(path.dirname(dir), { recursive: true, force: true }); } };
});

describe('SQLite key store on disk', () => {
  let t: ReturnType<typeof tempStore>;
  beforeEach(() => (t = tempStore()));
  afterEach(async () => {
    await t.store.close();
    fs.rmSync(path.dirname(t.dir), { recursive: true, force: true });
  });

  it('is an owner-only file (0600) in an owner-only directory (0700), with a rollback journal and secure_delete', () => {
    expect(fs.statSync(t.file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(t.dir).mode & 0o777).toBe(0o700);
    expect(t.store.db.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(t.store.db.pragma('secure_delete', { simple: true })).toBe(1);
    expect(t.store.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
  });

  it('leaves no byte of a destroyed key in the file, nor a -wal or -journal beside it', async () => {
    const keys = Array.from({ length: 50 }, () => randomBytes(60));
    for (const [i, k] of keys.entries()) await createOne(t.store, `P-${i}`, 'aaaaaaaaaaaaaaaa', k);
    const victim = keys[17];
    expect(fs.readFileSync(t.file).includes(victim)).toBe(true); // the scan below can see a key
    await t.store.erase('P-17', '2024-01-01T00:00:00.000Z');
    await t.store.close();
    const bytes = fs.readFileSync(t.file);
    // any 16-byte run of the wrapped key (IV, ciphertext or tag) would betray a leftover copy
    for (let at = 0; at + 16 <= victim.length; at += 8) expect(bytes.includes(victim.subarray(at, at + 16))).toBe(false);
    expect(bytes.includes(keys[18])).toBe(true);
    expect(fs.readdirSync(t.dir).sort()).toEqual(['keys.db']);
  });

  it('takes group and other access away from a keys.db made before this rule', async () => {
    await t.store.close();
    fs.chmodSync(t.file, 0o644);
    const again = new SqliteKeyStore(t.file);
    expect(fs.statSync(t.file).mode & 0o777).toBe(0o600);
    await again.close();
  });
});
