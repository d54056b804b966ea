import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { isSealed } from './envelope';
import { KeyStore } from './key-store';
import { MASTER_KEY_FILE, MasterKeys, envMasterKeys, fileMasterKeys, masterKey, readKeyFile, writeKeyFile } from './master-keys';
import { openPersonalFields } from './personal-fields';
import { SqliteKeyStore } from './sqlite-key-store';
import { PersonErasedError, PiiVault } from './vault';

const hex = () => randomBytes(32).toString('hex');

/** A key store that counts the reads that reach it: what the cache saves. */
function counting(store: KeyStore): KeyStore & { gets: number } {
  const c = Object.assign(Object.create(store) as KeyStore, { gets: 0 });
  c.get = async (p: string) => {
    c.gets += 1;
    return store.get(p);
  };
  return c as KeyStore & { gets: number };
}

describe('PiiVault', () => {
  let store: SqliteKeyStore;
  let vault: PiiVault;
  let keys: MasterKeys;
  beforeEach(() => {
    store = new SqliteKeyStore(':memory:');
    keys = envMasterKeys(hex());
    vault = new PiiVault(keys, store);
  });
  afterEach(() => vault.close());

  it('seals any name and id so that they open again for the same person and field', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary' }), fc.constantFrom('P-1', 'P-2', 'Ω'), async (text, personId) => {
        const sealed = await vault.seal(personId, 'name', text);
        expect(isSealed(sealed)).toBe(true);
        expect(await vault.open(personId, 'name', sealed)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it('gives each person a data key of their own: one person’s envelope does not open as another’s', async () => {
    const sealed = await vault.seal('P-1', 'name', '张三');
    await vault.seal('P-2', 'name', '李四');
    const a = await store.get('P-1');
    const b = await store.get('P-2');
    expect(a?.state === 'active' && b?.state === 'active' && !a.wrapped.equals(b.wrapped)).toBe(true);
    await expect(vault.open('P-2', 'name', sealed)).rejects.toThrow(/does not open/);
  });

  it('creates one data key for concurrent first seals of a person, also across two vaults on one store', async () => {
    const other = new PiiVault(keys, store);
    const sealed = await Promise.all([...Array.from({ length: 5 }, (_, i) => vault.seal('P-new', 'name', `n${i}`)), other.seal('P-new', 'name', 'o')]);
    expect(await Promise.all(sealed.map((s) => vault.open('P-new', 'name', s)))).toEqual(['n0', 'n1', 'n2', 'n3', 'n4', 'o']);
    expect((await store.usage()).byMasterKey[keys.ring().current.id]).toBe(1);
  });

  it('makes the keys of new persons sealed in the same turn in one batch (one sync to disk), and prepare() in batches', async () => {
    const calls: number[] = [];
    const spy: KeyStore = Object.create(store);
    spy.create = async (keys) => {
      calls.push(keys.length);
      return store.create(keys);
    };
    const v = new PiiVault(keys, spy);
    const sealed = await Promise.all(Array.from({ length: 50 }, (_, i) => v.seal(`B-${i}`, 'name', `n${i}`)));
    expect(calls).toEqual([50]);
    expect(await Promise.all(sealed.map((s, i) => vault.open(`B-${i}`, 'name', s)))).toEqual(sealed.map((_, i) => `n${i}`));
    await v.prepare(Array.from({ length: 25 }, (_, i) => `C-${i}`), 10);
    expect(calls).toEqual([50, 10, 10, 5]);
    await v.prepare(['C-1', 'B-2']); // already held: nothing to make
    expect(calls).toEqual([50, 10, 10, 5]);
  });

  it('reads a value written before encryption as it is', async () => {
    expect(await vault.open('P-legacy', 'name', '王五')).toBe('王五');
    expect(await vault.open('P-legacy', 'idNumber', null)).toBeNull();
    expect(await store.get('P-legacy')).toBeNull(); // reading never creates a key
  });

  it('erasure: sealed and legacy values read as null, sealing is refused, and a second erasure changes nothing', async () => {
    const sealed = await vault.seal('P-9', 'idNumber', '11010519491231002X');
    await vault.erase('P-9', '2024-05-01T00:00:00.000Z');
    expect(await vault.open('P-9', 'idNumber', sealed)).toBeNull();
    expect(await vault.open('P-9', 'name', '赵六')).toBeNull();
    await expect(vault.seal('P-9', 'name', 'again')).rejects.toBeInstanceOf(PersonErasedError);
    await vault.erase('P-9', '2025-01-01T00:00:00.000Z');
    expect(await store.get('P-9')).toEqual({ personId: 'P-9', state: 'erased', erasedAt: '2024-05-01T00:00:00.000Z' });
    // a fresh process (no cache) sees the same
    expect(await new PiiVault(keys, store).open('P-9', 'idNumber', sealed)).toBeNull();
  });

  it('an erasure evicts the cached data key at once', async () => {
    const c = counting(store);
    const v = new PiiVault(keys, c);
    const sealed = await v.seal('P-c', 'name', 'x');
    await v.open('P-c', 'name', sealed);
    const reads = c.gets;
    await v.open('P-c', 'name', sealed);
    expect(c.gets).toBe(reads); // served from the cache
    await v.erase('P-c');
    expect(await v.open('P-c', 'name', sealed)).toBeNull();
  });

  it('keeps at most cacheSize data keys, and asks the store again after cacheTtlMs (another process may have erased)', async () => {
    let now = 0;
    const c = counting(store);
    const v = new PiiVault(keys, c, { cacheSize: 2, cacheTtlMs: 1000, now: () => now });
    const sealed = await Promise.all(['A', 'B', 'C'].map((p) => v.seal(p, 'name', p)));
    const before = c.gets;
    await v.open('C', 'name', sealed[2]);
    await v.open('B', 'name', sealed[1]);
    expect(c.gets).toBe(before);
    await v.open('A', 'name', sealed[0]); // evicted by C
    expect(c.gets).toBe(before + 1);
    await new PiiVault(keys, store).erase('B');
    now = 999;
    expect(await v.open('B', 'name', sealed[1])).toBe('B'); // trusted until the TTL ends
    now = 1001;
    expect(await v.open('B', 'name', sealed[1])).toBeNull();
  });

  it('refuses to read a sealed value whose data key is missing, saying to restore keys.db', async () => {
    const sealed = await vault.seal('P-x', 'name', 'x');
    const empty = new PiiVault(keys, new SqliteKeyStore(':memory:'));
    await expect(empty.open('P-x', 'name', sealed)).rejects.toThrow(/restore keys\.db/);
  });

  it('opens the personal fields of an event: the name as written, the id masked, both null once erased', async () => {
    const data = { personId: 'P-e', name: await vault.seal('P-e', 'name', '张三'), idNumber: await vault.seal('P-e', 'idNumber', '11010519491231002X'), regionCode: 'nanchong' };
    expect(await openPersonalFields(vault, data)).toEqual({ ...data, name: '张三', idNumber: '110105********002X' });
    expect(await openPersonalFields(vault, { personId: 'P-old', idNumber: '11010519491231002X' })).toEqual({ personId: 'P-old', idNumber: '110105********002X' });
    const claim = { claim: { personId: 'P-e', items: [{ name: 'drug' }] } };
    expect(await openPersonalFields(vault, claim)).toBe(claim);
    // an erasure the reader saw recorded wins over a key a crash left behind
    expect(await openPersonalFields(vault, data, new Set(['P-e']))).toEqual({ ...data, name: null, idNumber: null });
    await vault.erase('P-e');
    expect(await openPersonalFields(vault, data)).toEqual({ ...data, name: null, idNumber: null });
  });
});

describe('PiiVault with the key file while a rotation runs beside it', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-rot-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('unwraps a data key wrapped by a key added to the file after it started (re-reads the file)', async () => {
    const store = new SqliteKeyStore(path.join(dir, 'keys.db'));
    const api = new PiiVault(fileMasterKeys(dir), store);
    const cli = fileMasterKeys(dir);
    const fresh = masterKey(randomBytes(32));
    writeKeyFile(path.join(dir, MASTER_KEY_FILE), [fresh, ...readKeyFile(path.join(dir, MASTER_KEY_FILE))]);
    const sealed = await new PiiVault(cli, store).seal('P-r', 'name', 'rotated');
    expect((await store.get('P-r')) as { keyId: string }).toEqual(expect.objectContaining({ keyId: fresh.id }));
    expect(await api.open('P-r', 'name', sealed)).toBe('rotated');
    // and new data keys it makes are wrapped by the new current key
    await api.seal('P-s', 'name', 's');
    expect((await store.get('P-s')) as { keyId: string }).toEqual(expect.objectContaining({ keyId: fresh.id }));
    await store.close();
  });
});
