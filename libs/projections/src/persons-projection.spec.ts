/**
 * The persons projection and personal data: sealed values are copied as they are (a projection
 * holds no key), ids recorded before encryption stay masked, and an erasure drops both, live and
 * on a replay of the log.
 */
import { randomBytes } from 'node:crypto';
import { SqliteEventStore } from '@benefit/event-store';
import { PiiVault, SqliteKeyStore, envMasterKeys } from '@benefit/vault';
import { ALL_PROJECTIONS } from './projections';
import { Projector } from './projector';
import { SqliteQueries } from './sqlite/sqlite-queries';
import { SqliteReadModel } from './sqlite/sqlite-read-model';

const ID = '11010519491231002X';
const registration = (personId: string, name: string, idNumber: string) => ({
  type: 'PatientRegistered',
  data: { personId, name, idNumber, regionCode: 'nanchong', scheme: 'employee', employment: 'in_service', monthlyContributionBaseFen: 600000, civilServant: false, countyCode: '511302', family: [], openingPersonalAccountFen: 500, registeredOn: '2023-01-01' },
});

describe('persons projection and personal data', () => {
  let store: SqliteEventStore;
  let vault: PiiVault;
  beforeEach(() => {
    store = new SqliteEventStore({ filename: ':memory:' });
    vault = new PiiVault(envMasterKeys(randomBytes(32).toString('hex')), new SqliteKeyStore(':memory:'));
  });
  afterEach(async () => {
    await store.close();
    await vault.close();
  });

  async function project(): Promise<{ rm: SqliteReadModel; q: SqliteQueries }> {
    const rm = new SqliteReadModel(':memory:');
    await new Projector(store, rm, ALL_PROJECTIONS).catchUp();
    return { rm, q: new SqliteQueries(rm) };
  }

  it('copies sealed values as they are, and masks an id recorded in clear before encryption', async () => {
    const name = await vault.seal('P-1', 'name', '张三');
    const idNumber = await vault.seal('P-1', 'idNumber', ID);
    await store.append('person-P-1', [registration('P-1', name, idNumber)], 'no_stream');
    await store.append('person-P-old', [registration('P-old', '李四', ID.replace('1949', '1950'))], 'no_stream');
    const { rm, q } = await project();
    expect(await q.person('P-1')).toEqual(expect.objectContaining({ name, idNumber }));
    expect(await q.person('P-old')).toEqual(expect.objectContaining({ name: '李四', idNumber: '110105********002X' }));
    rm.close();
  });

  it('an erasure drops name and id from the person, live and after a replay, and leaves the money alone', async () => {
    await store.append('person-P-1', [registration('P-1', await vault.seal('P-1', 'name', '张三'), await vault.seal('P-1', 'idNumber', ID))], 'no_stream');
    const { rm: live, q } = await project();
    const balance = await q.account('P-1');
    await store.append('person-P-1', [{ type: 'PersonIdentityErased', data: { personId: 'P-1', reason: 'spec', erasedAt: '2024-05-01T00:00:00.000Z' } }], 0);
    await new Projector(store, live, ALL_PROJECTIONS).catchUp();
    const erased = { name: null, idNumber: null, identityErasedAt: '2024-05-01T00:00:00.000Z', version: 1 };
    expect(await q.person('P-1')).toEqual(expect.objectContaining(erased));
    const { rm: replayed, q: q2 } = await project();
    expect(await q2.person('P-1')).toEqual(await q.person('P-1'));
    expect(await q2.account('P-1')).toEqual(balance);
    live.close();
    replayed.close();
  });
});
