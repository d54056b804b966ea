/**
 * Month-end as a job (issue 13.4): persons in chunks, each chunk one append with the job's record.
 * A crash between chunks (the job stopped by throwing after chunk k) and a SettleMonth started
 * again pay every person exactly once and end with the ledger of an uninterrupted run; the chunk
 * size never changes what is recorded. Credits as 南府办发〔2022〕33号 art. 13: 2% of the base.
 */
import fc from 'fast-check';
import { bookWithPension, registered } from '../../domain/src/testing/fixtures';
import { MonthSettled, monthEndJobStream } from '@benefit/domain';
import { SettlementDoc } from '@benefit/projections';
import { monthEndStatus, settleMonth } from './settle-month';
import { World, given, meta, openWorld } from './testing/world';

const ports = (w: World) => ({ ...w, log: w.store });

/** Seven in-service persons of Nanchong, bases 3,000…9,000 yuan: credits 60…180 yuan each. */
async function cityOfSeven(): Promise<World> {
  const world = openWorld('2023-03-06T02:00:00.000Z', bookWithPension());
  for (let i = 1; i <= 7; i++) await given(world, `P-${i}`, [registered({ personId: `P-${i}`, monthlyContributionBaseFen: 200_000 + i * 100_000, family: [] })]);
  return world;
}

/** What the month left behind: the credits by person (from the log) and the settlement as answered. */
async function ledgerOf(world: World): Promise<{ credits: Record<string, number[]>; settled: MonthSettled['data']; view: Omit<SettlementDoc, 'settledAt' | 'position'> }> {
  const events = await world.store.readAll({ after: 0, maxCount: 100_000 });
  const credits: Record<string, number[]> = {};
  for (const e of events.filter((x) => x.type === 'PersonalAccountCredited')) (credits[e.streamId] ??= []).push((e.data as { amountFen: number }).amountFen);
  const settled = events.find((e) => e.type === 'MonthSettled')!.data as MonthSettled['data'];
  const { settledAt: _s, position: _p, ...view } = (await world.queries.settlement('nanchong', '2023-02'))!;
  return { credits, settled, view };
}

class Crash extends Error {}

/** SettleMonth stopped after chunk `k` (0-based), as a process killed between two chunks. */
async function crashAfter(world: World, chunkSize: number, k: number): Promise<void> {
  const stop = ({ chunk }: { chunk: number }) => {
    if (chunk === k) throw new Crash(`stopped after chunk ${k}`);
  };
  await expect(settleMonth(ports(world), 'nanchong', '2023-02', meta, { chunkSize, onChunk: stop })).rejects.toBeInstanceOf(Crash);
}

describe('settle-month as a job', () => {
  let uninterrupted: Awaited<ReturnType<typeof ledgerOf>>;
  beforeAll(async () => {
    const world = await cityOfSeven();
    await settleMonth(ports(world), 'nanchong', '2023-02', meta);
    uninterrupted = await ledgerOf(world);
    await world.close();
  });

  it('art. 13 in chunks of 2: 7 persons credited 60…180 yuan once each, 840 yuan in MonthSettled, 4 chunk records', async () => {
    const world = await cityOfSeven();
    await settleMonth(ports(world), 'nanchong', '2023-02', meta, { chunkSize: 2 });
    const ledger = await ledgerOf(world);
    expect(Object.values(ledger.credits).flat().sort((a, b) => a - b)).toEqual([6000, 8000, 10000, 12000, 14000, 16000, 18000]);
    expect(ledger.settled).toMatchObject({ personalAccountCreditsFen: 84000, creditedPersons: 7 });
    const records = await world.store.readStream(monthEndJobStream('nanchong', '2023-02'));
    expect(records.map((r) => (r.data as { personsDone: number }).personsDone)).toEqual([2, 4, 6, 7]);
    await world.close();
  });

  it('a crash after chunk 1 of 4, then SettleMonth again: resumes at person 5, pays each person once, the same ledger as an uninterrupted run', async () => {
    const world = await cityOfSeven();
    await crashAfter(world, 2, 1);
    const creditedBeforeRestart = (await world.store.readAll({ after: 0, maxCount: 1000 })).filter((e) => e.type === 'PersonalAccountCredited').length;
    expect(creditedBeforeRestart).toBe(4);
    expect(await monthEndStatus(world.store, 'nanchong', '2023-02', false)).toMatchObject({ state: 'recording', personsDone: 4, persons: 7, chunks: 2 });
    await settleMonth(ports(world), 'nanchong', '2023-02', meta, { chunkSize: 2 });
    expect(world.lines).toContainEqual({ message: 'resuming after the last recorded chunk', fields: expect.objectContaining({ done: 4, of: 7, chunk: 2 }) });
    const ledger = await ledgerOf(world);
    expect(Object.values(ledger.credits).every((c) => c.length === 1)).toBe(true);
    expect(ledger.credits).toEqual(uninterrupted.credits);
    expect(ledger.settled).toEqual(uninterrupted.settled);
    expect(ledger.view).toEqual(uninterrupted.view);
    await world.close();
  });

  it('a person registered after the crash with an id before the last recorded one: the job starts again from the first person, still paying each once', async () => {
    const world = await cityOfSeven();
    await crashAfter(world, 2, 1);
    await given(world, 'P-0', [registered({ personId: 'P-0', monthlyContributionBaseFen: 500_000, family: [] })]);
    await settleMonth(ports(world), 'nanchong', '2023-02', meta, { chunkSize: 2 });
    const ledger = await ledgerOf(world);
    expect(Object.keys(ledger.credits)).toHaveLength(8);
    expect(Object.values(ledger.credits).every((c) => c.length === 1)).toBe(true);
    expect(ledger.settled).toMatchObject({ personalAccountCreditsFen: 84000 + 10000, creditedPersons: 8 });
    expect(world.lines.map((l) => l.message)).not.toContain('resuming after the last recorded chunk');
    await world.close();
  });

  it('status (npm run cli -- month-end): not started before, settled after, 7 of 7 persons in 4 chunks', async () => {
    const world = await cityOfSeven();
    expect(await monthEndStatus(world.store, 'nanchong', '2023-02', false)).toMatchObject({ state: 'not-started', personsDone: 0, persons: null, chunks: 0 });
    await settleMonth(ports(world), 'nanchong', '2023-02', meta, { chunkSize: 2 });
    expect(await monthEndStatus(world.store, 'nanchong', '2023-02', true)).toMatchObject({ state: 'settled', personsDone: 7, persons: 7, chunks: 4 });
    await world.close();
  });

  it('property: neither the chunk size nor a crash after any chunk (the last one too, before the close) changes the ledger', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.option(fc.nat({ max: 6 }), { nil: undefined }), async (chunkSize, crashAt) => {
        const world = await cityOfSeven();
        try {
          const chunks = Math.ceil(7 / chunkSize);
          if (crashAt !== undefined && crashAt < chunks) await crashAfter(world, chunkSize, crashAt);
          await settleMonth(ports(world), 'nanchong', '2023-02', meta, { chunkSize });
          const ledger = await ledgerOf(world);
          expect(ledger.credits).toEqual(uninterrupted.credits);
          expect(ledger.settled).toEqual(uninterrupted.settled);
          expect(ledger.view).toEqual(uninterrupted.view);
        } finally {
          await world.close();
        }
      }),
      { numRuns: 25 },
    );
  });
});
