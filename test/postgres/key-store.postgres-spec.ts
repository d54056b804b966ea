/**
 * The PostgreSQL key store (KEYSTORE_URL) against the local server: the KeyStore contract, and a
 * vault on it sealing, erasing and rotating as on SQLite.
 */
import { randomBytes } from 'node:crypto';
import { runKeyStoreContract } from '../../libs/vault/src/key-store.contract';
import { openPostgresKeyStore } from '../../libs/vault/src/postgres-key-store';
import { PiiVault, envMasterKeys, keyReport, rewrapAll } from '@benefit/vault';
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
    await stores[0].create('P-1', 'aaaaaaaaaaaaaaaa', randomBytes(60));
    expect(await stores[1].get('P-1')).toEqual(expect.objectContaining({ state: 'active' }));
    for (const s of stores) await s.close();
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
