/** The per-stream queue of the command runner: order, isolation, cleanup, failures. */
import { KeyedQueue } from './keyed-queue';

const tick = () => new Promise<void>((r) => setImmediate(r));
/** A task that can be finished from outside, to hold a key busy. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

describe('KeyedQueue', () => {
  it('runs the tasks of one key one at a time, in the order they were queued', async () => {
    const q = new KeyedQueue();
    const log: string[] = [];
    let running = 0;
    const task = (name: string) => async () => {
      running += 1;
      expect(running).toBe(1);
      log.push(`start ${name}`);
      for (let i = 0; i < 3; i++) await tick();
      log.push(`end ${name}`);
      running -= 1;
      return name;
    };
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((n) => q.run('person-1', task(n))));
    expect(results).toEqual(['a', 'b', 'c', 'd']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c', 'start d', 'end d']);
  });

  it('a busy key does not hold up another key', async () => {
    const q = new KeyedQueue();
    const held = gate();
    const first = q.run('person-1', () => held.opened.then(() => 'one'));
    const other = await q.run('person-2', async () => 'two');
    expect(other).toBe('two');
    held.open();
    expect(await first).toBe('one');
  });

  it('a task that fails fails only its caller: the next task of the key still runs', async () => {
    const q = new KeyedQueue();
    const failing = q.run('person-1', async () => {
      throw new Error('refused');
    });
    const throwing = q.run('person-1', () => {
      throw new Error('thrown before any promise');
    });
    const next = q.run('person-1', async () => 'ran');
    await expect(failing).rejects.toThrow('refused');
    await expect(throwing).rejects.toThrow('thrown before any promise');
    expect(await next).toBe('ran');
  });

  it('forgets a key once its last task is done, so memory follows the keys in flight', async () => {
    const q = new KeyedQueue();
    const held = gate();
    const busy = q.run('person-1', () => held.opened);
    const queued = q.run('person-1', async () => undefined);
    await Promise.all(Array.from({ length: 100 }, (_, i) => q.run(`other-${i}`, async () => i)));
    await tick();
    expect(q.size).toBe(1); // person-1 still busy; the 100 others are gone
    held.open();
    await Promise.all([busy, queued]);
    await tick();
    expect(q.size).toBe(0);
    await q.run('person-1', async () => {
      throw new Error('x');
    }).catch(() => undefined);
    await tick();
    expect(q.size).toBe(0);
  });

  it('a task queued after the key went idle starts at once', async () => {
    const q = new KeyedQueue();
    await q.run('person-1', async () => 1);
    await tick();
    let started = false;
    const p = q.run('person-1', async () => {
      started = true;
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(started).toBe(true);
    await p;
  });
});
