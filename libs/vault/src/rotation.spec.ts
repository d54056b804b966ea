import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { KeyStore } from './key-store';
import { MASTER_KEY_FILE, envMasterKeys, fileMasterKeys, readKeyFile } from './master-keys';
import { addKeyToFile, keyReport, pendingOf, prune, rewrapAll } from './rotation';
import { SqliteKeyStore } from './sqlite-key-store';
import { PiiVault } from './vault';

const hex = () => randomBytes(32).toString('hex');

describe('master-key rotation with the key file', () => {
  let dir: string;
  let store: SqliteKeyStore;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rotation-'));
    store = new SqliteKeyStore(path.join(dir, 'keys.db'));
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function persons(vault: PiiVault, n: number, from = 0): Promise<Map<string, string>> {
    const sealed = new Map<string, string>();
    for (let i = from; i < from + n; i++) sealed.set(`P-${String(i).padStart(4, '0')}`, await vault.seal(`P-${String(i).padStart(4, '0')}`, 'name', `name ${i}`));
    return sealed;
  }

  it('re-wraps every data key under the new key in batches, reports progress, then prune drops the old key; nothing sealed changes', async () => {
    const api = new PiiVault(fileMasterKeys(dir), store);
    const sealed = await persons(api, 23);
    await api.erase('P-0005');
    const old = fileMasterKeys(dir).ring().current.id;
    const cli = fileMasterKeys(dir);
    const fresh = addKeyToFile(dir);
    expect(cli.refresh().current.id).toBe(fresh);
    const progress: [number, number][] = [];
    const result = await rewrapAll(cli, store, { batchSize: 5, onProgress: (d, t) => progress.push([d, t]) });
    expect(result).toEqual({ target: fresh, rewrapped: 22, skipped: 0, passes: 1 });
    expect(progress).toEqual([[5, 22], [10, 22], [15, 22], [20, 22], [22, 22]]);
    const report = await keyReport(cli, store);
    expect(report.keys).toEqual([{ id: fresh, current: true, dataKeys: 22 }, { id: old, current: false, dataKeys: 0 }]);
    expect(report.erased).toBe(1);
    expect(await prune(cli, store, dir)).toEqual({ unused: [old], inUse: [] });
    expect(readKeyFile(path.join(dir, MASTER_KEY_FILE)).map((k) => k.id)).toEqual([fresh]);
    // the api, started before the rotation, and a fresh process both still read every name
    for (const reader of [api, new PiiVault(fileMasterKeys(dir), store)]) {
      for (const [personId, s] of sealed) expect(await reader.open(personId, 'name', s)).toBe(personId === 'P-0005' ? null : `name ${Number(personId.slice(2))}`);
    }
  });

  it('resumes an interrupted rotation: only what is left is re-wrapped', async () => {
    const api = new PiiVault(fileMasterKeys(dir), store);
    await persons(api, 12);
    addKeyToFile(dir);
    const cli = fileMasterKeys(dir);
    const failing: KeyStore = Object.create(store);
    let batches = 0;
    failing.rewrap = async (changes) => {
      if (++batches === 2) throw new Error('killed');
      return store.rewrap(changes);
    };
    await expect(rewrapAll(cli, failing, { batchSize: 4 })).rejects.toThrow('killed');
    expect(pendingOf(await keyReport(cli, store))).toBe(8);
    expect(await rewrapAll(cli, store, { batchSize: 4 })).toEqual(expect.objectContaining({ rewrapped: 8, passes: 1 }));
    expect(pendingOf(await keyReport(cli, store))).toBe(0);
  });

  it('prune keeps a key that data keys still use, and the current key always', async () => {
    const api = new PiiVault(fileMasterKeys(dir), store);
    await persons(api, 3);
    const old = api.keys.ring().current.id;
    addKeyToFile(dir);
    const cli = fileMasterKeys(dir);
    expect(await prune(cli, store, dir)).toEqual({ unused: [], inUse: [{ id: old, dataKeys: 3 }] });
    expect(readKeyFile(path.join(dir, MASTER_KEY_FILE))).toHaveLength(2);
  });

  it('a data key the api creates during a pass, under the key it held, is caught by a later pass or re-wrapped by the api itself', async () => {
    await persons(new PiiVault(fileMasterKeys(dir), store), 6);
    addKeyToFile(dir);
    const cli = fileMasterKeys(dir);
    const racing: KeyStore = Object.create(store);
    let once = false;
    racing.rewrap = async (changes) => {
      if (!once) {
        once = true;
        // the api registers someone whose id sorts before the cursor, with its own (older) view of the file
        await new PiiVault(envMasterKeys(readKeyFile(path.join(dir, MASTER_KEY_FILE))[1].key.toString('hex')), store).seal('A-early', 'name', 'x');
      }
      return store.rewrap(changes);
    };
    const result = await rewrapAll(cli, racing, { batchSize: 2 });
    expect(result.passes).toBe(2);
    expect(pendingOf(await keyReport(cli, store))).toBe(0);
  });

  it('stops before changing anything when a data key is wrapped by a key it does not hold', async () => {
    await new PiiVault(envMasterKeys(hex()), store).seal('P-foreign', 'name', 'x');
    const cli = fileMasterKeys(dir);
    await expect(rewrapAll(cli, store)).rejects.toThrow(/1 data keys are wrapped by master key [0-9a-f]{16}, which .*master\.key does not hold/);
  });
});

describe('master-key rotation with DATA_KEY=new,old', () => {
  it('re-wraps to the first key of the list; prune then names the old one as unused and changes no file', async () => {
    const store = new SqliteKeyStore(':memory:');
    const oldKey = hex();
    const newKey = hex();
    const before = new PiiVault(envMasterKeys(oldKey), store);
    const sealed = await before.seal('P-1', 'idNumber', '11010519491231002X');
    const both = envMasterKeys(`${newKey},${oldKey}`);
    expect(await rewrapAll(both, store)).toEqual(expect.objectContaining({ rewrapped: 1 }));
    const oldId = envMasterKeys(oldKey).ring().current.id;
    expect(await prune(both, store, '/nonexistent')).toEqual({ unused: [oldId], inUse: [] });
    expect(await new PiiVault(envMasterKeys(newKey), store).open('P-1', 'idNumber', sealed)).toBe('11010519491231002X');
    await expect(new PiiVault(envMasterKeys(oldKey), store).open('P-1', 'idNumber', sealed)).rejects.toThrow(/does not hold/);
    await store.close();
  });
});
