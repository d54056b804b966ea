/**
 * The PostgreSQL key store (KEYSTORE_URL) against the local server: the KeyStore contract, and a
 * vault on it sealing, erasing and rotating as on SQLite.
 */
import { randomBytes } from 'node:crypto';
import { createOne, runKeyStoreContract } from '../../libs/vault/src/key-store.contract';
import { openPostgresKeyStore } from '../../libs/vault/src/postgres-key-store';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { PiiVault, envMasterKeys, keyReport, openVault, rewrapAll } from '@benefit/vault';
import { TEST_URL, describeWithPostgres, dropSchema, freshSchemaName } from './support';

const d = describeWithPostgres();

d('PostgreSQL key store', () => {
  const schemas: string[] = [];
  afterAll(async () => {
    for (const s of schemas) await dropSchema(s);
  });

  runKeyStoreContract('PostgreSQL', async () => {
    const schema = freshSchemaName();
    schemas.push(schema);
    const store = await openPostgresKeyStore(TEST_URL, { schema });
    return { store, cleanup: () => store.close() };
  });

  it('opens the same table from two processes at once', async () => {
    const schema = freshSchemaName();
    schemas.push(schema);
    const stores = await Promise.all([openPostgresKeyStore(TEST_URL, { schema }), openPostgresKeyStore(TEST_URL, { schema })]);
    await createOne(stores[0], 'P-1', 'aaaaaaaaaaaaaaaa', randomBytes(60));
    expect(await stores[1].get('P-1')).toEqual(expect.objectContaining({ state: 'active' }));
    for (const s of stores) await s.close();
  });

  it('KEYSTORE_URL selects it: a deployment’s vault keeps no keys.db in DATA_DIR', async () => {
    const schema = freshSchemaName();
    schemas.push(schema);
    const client = new Client({ connectionString: TEST_URL });
    await client.connect();
    await client.query(`create schema "${schema}"`);
    await client.end();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keystore-url-'));
    const keyStoreUrl = `${TEST_URL}${TEST_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    const dataKey = randomBytes(32).toString('hex');
    const vault = await openVault({ dataDir, dataKey, keyStoreUrl });
    const sealed = await vault.seal('P-url', 'idNumber', '11010519491231002X');
    await vault.close();
    expect(fs.readdirSync(dataDir)).toEqual([]);
    const store = await openPostgresKeyStore(TEST_URL, { schema });
    expect(await store.get('P-url')).toEqual(expect.objectContaining({ state: 'active' }));
    expect(await new PiiVault(envMasterKeys(dataKey), store).open('P-url', 'idNumber', sealed)).toBe('11010519491231002X');
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a vault on it seals, opens, rotates DATA_KEY=new,old and erases', async () => {
    const schema = freshSchemaName();
    schemas.push(schema);
    const store = await openPostgresKeyStore(TEST_URL, { schema });
    const oldKey = randomBytes(32).toString('hex');
    const newKey = randomBytes(32).toString('hex');
    const vault = new PiiVault(envMasterKeys(oldKey), store);
    const sealed = await Promise.all(Array.from({ length: 7 }, (_, i) => vault.seal(`P-${i}`, 'name', `姓名${i}`)));
    const both = envMasterKeys(`${newKey},${oldKey}`);
    expect(await rewrapAll(both, store, { batchSize: 3 })).toEqual(expect.objectContaining({ rewrapped: 7 }));
    expect((await keyReport(both, store)).keys.map((k) => k.dataKeys)).toEqual([7, 0]);
    const after = new PiiVault(envMasterKeys(newKey), store);
    expect(await Promise.all(sealed.map((s, i) => after.open(`P-${i}`, 'name', s)))).toEqual(sealed.map((_, i) => `姓名${i}`));
    await after.erase('P-3');
    expect(await new PiiVault(envMasterKeys(newKey), store).open('P-3', 'name', sealed[3])).toBeNull();
    await store.close();
  });
});
