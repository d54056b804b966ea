/**
 * SettleMonth as a workflow: each person's month-end, then the region's close, over the real
 * store and projections. Worked examples of 南府办发〔2022〕33号 art. 13: in service, 2% of a
 * 6,000-yuan contribution base → 120 yuan; retired, 2.8% of a 3,000-yuan average pension → 84 yuan.
 */
import { bookWithPension, registered } from '../../domain/src/testing/fixtures';
import { parameterBook } from '@benefit/policy';
import { settleMonth } from './settle-month';
import { World, given, meta, openWorld, recordedAfter } from './testing/world';

let world: World;
/** The world's ports, with the log's atomic append the month-end's chunks need. */
const ports = (w: World) => ({ ...w, log: w.store });
beforeEach(async () => {
  world = openWorld('2023-03-06T02:00:00.000Z', bookWithPension());
  await given(world, 'P-1', [registered()]);
  await given(world, 'P-3', [registered({ personId: 'P-3', idNumber: '511302195001010038', employment: 'retired', monthlyContributionBaseFen: null })]);
});
afterEach(() => world.close());

describe('settle-month', () => {
  it('art. 13: 2023-02 credits 120 yuan in service and 84 yuan retired; the settlement records 204 yuan for 2 persons', async () => {
    const view = await settleMonth(ports(world), 'nanchong', '2023-02', meta);
    expect(view).toMatchObject({ regionCode: 'nanchong', month: '2023-02', personalAccountCreditsFen: 20400 });
    const [settled] = await world.store.readStream('settlements-nanchong');
    expect(settled.data).toMatchObject({ personalAccountCreditsFen: 20400, creditedPersons: 2 });
    const credits = (await world.store.readAll({ after: 0, maxCount: 100 })).filter((e) => e.type === 'PersonalAccountCredited');
    expect(credits.map((e) => (e.data as { amountFen: number }).amountFen).sort()).toEqual([12000, 8400]);
    expect(world.lines.at(-1)).toMatchObject({ message: 'month settled', fields: { job: 'settle-month', regionCode: 'nanchong', month: '2023-02', creditedPersons: 2 } });
  });

  it('a month settled once is refused the second time (month-settled) and nothing more is recorded', async () => {
    await settleMonth(ports(world), 'nanchong', '2023-02', meta);
    const head = await world.store.headPosition();
    await expect(settleMonth(ports(world), 'nanchong', '2023-02', meta)).rejects.toMatchObject({ code: 'month-settled' });
    expect(await recordedAfter(world, head)).toEqual([]);
  });

  it('a month not yet ended in China is refused (month-not-ended): 2023-03 on 2023-03-06', async () => {
    await expect(settleMonth(ports(world), 'nanchong', '2023-03', meta)).rejects.toMatchObject({ code: 'month-not-ended' });
  });

  it('a missing parameter refuses the whole settlement before anything is written: no pension base, no credit for anyone', async () => {
    world.book = parameterBook();
    const head = await world.store.headPosition();
    await expect(settleMonth(ports(world), 'nanchong', '2023-02', meta)).rejects.toMatchObject({ code: 'parameter-missing' });
    expect(await recordedAfter(world, head)).toEqual([]);
  });
});
