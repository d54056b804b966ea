/**
 * The generic runner under concurrency: commands of one stream in this process are queued and
 * never conflict with each other; a writer in another process (here: a second runner on the same
 * store) is what a retry is for.
 */
import { SqliteEventStore, WrongExpectedRevisionError } from '@benefit/event-store';
import { CommandRunner, Fold } from './command-runner';

type Added = { type: 'Added'; data: { n: number } };
const tally: Fold<{ seen: number[] }, Added> = {
  name: 'tally',
  initialState: () => ({ seen: [] }),
  evolve: (s, e) => ({ seen: [...s.seen, e.data.n] }),
};
const meta = { actor: 'test', correlationId: 'c' };
const add = (n: number) => (): Added[] => [{ type: 'Added', data: { n } }];

let store: SqliteEventStore;
beforeEach(() => {
  store = new SqliteEventStore({ filename: ':memory:' });
});
afterEach(async () => {
  await store.close();
});

describe('CommandRunner: one stream, many commands at once', () => {
  it('50 concurrent commands of one stream all land, in the order they were run, without a single retry', async () => {
    const runner = new CommandRunner(store, { maxRetries: 0 });
    const results = await Promise.all(Array.from({ length: 50 }, (_, n) => runner.run('person-1', tally, add(n), meta)));
    expect(results.map((r) => r.revision)).toEqual(Array.from({ length: 50 }, (_, n) => n));
    const events = await store.readStream('person-1');
    expect(events.map((e) => (e.data as { n: number }).n)).toEqual(Array.from({ length: 50 }, (_, n) => n));
  });

  it('each command decides on what the previous ones wrote', async () => {
    const runner = new CommandRunner(store, { maxRetries: 0 });
    const sawBefore: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        runner.run('person-1', tally, (s) => {
          sawBefore.push(s.seen.length);
          return add(n)();
        }, meta),
      ),
    );
    expect(sawBefore).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('a refused command does not block the next one of the same stream', async () => {
    const runner = new CommandRunner(store, { maxRetries: 0 });
    const refused = runner.run('person-1', tally, () => {
      throw new Error('refused by a rule');
    }, meta);
    const next = runner.run('person-1', tally, add(1), meta);
    await expect(refused).rejects.toThrow('refused by a rule');
    expect((await next).revision).toBe(0);
  });

  it('commands of different streams run side by side', async () => {
    const runner = new CommandRunner(store, { maxRetries: 0 });
    await Promise.all(Array.from({ length: 20 }, (_, n) => runner.run(`person-${n % 4}`, tally, add(n), meta)));
    for (let p = 0; p < 4; p++) expect((await store.readStream(`person-${p}`)).length).toBe(5);
  });
});

describe('CommandRunner: another writer of the same stream', () => {
  it('its conflicts are retried: two writers, 20 commands each, all 40 land', async () => {
    const here = new CommandRunner(store);
    const elsewhere = new CommandRunner(store); // stands for another process on the same log
    await Promise.all(Array.from({ length: 20 }, (_, n) => [here.run('person-1', tally, add(n), meta), elsewhere.run('person-1', tally, add(100 + n), meta)]).flat());
    expect((await store.readStream('person-1')).length).toBe(40);
  });

  it('without retries left, its conflict reaches the caller', async () => {
    const here = new CommandRunner(store, { maxRetries: 0 });
    const elsewhere = new CommandRunner(store, { maxRetries: 0 });
    await here.run('person-1', tally, add(0), meta);
    const results = await Promise.allSettled([here.run('person-1', tally, add(1), meta), elsewhere.run('person-1', tally, add(2), meta)]);
    const rejected = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toBeInstanceOf(WrongExpectedRevisionError);
  });
});
