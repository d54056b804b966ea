import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEventStoreContract } from '../event-store.contract';
import { NewEvent, RecordedEvent, WrongExpectedRevisionError } from '../event-store.port';
import { SqliteEventStore, SqliteEventStoreOptions } from './sqlite-event-store';

/** A fresh directory per store: WAL mode adds `-wal` and `-shm` files next to the database. */
function tempDbFile(): { filename: string; removeDir: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'event-store-spec-'));
  return { filename: join(dir, 'events.sqlite'), removeDir: () => rmSync(dir, { recursive: true, force: true }) };
}

const ev = (type: string, data: unknown = {}): NewEvent => ({ type, data });

async function waitFor(what: string, condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * A handler that collects delivered events. Capped: a subscription that re-delivers forever spins on
 * microtasks, which would starve the timers of `waitFor` and crash jest instead of failing the test.
 */
function collector(): { received: RecordedEvent[]; handler: (events: RecordedEvent[]) => Promise<void> } {
  const received: RecordedEvent[] = [];
  return {
    received,
    handler: async (events) => {
      if (received.length > 1_000) throw new Error('runaway subscription');
      received.push(...events);
    },
  };
}

runEventStoreContract('SQLite file', async () => {
  const { filename, removeDir } = tempDbFile();
  const store = new SqliteEventStore({ filename, pollMs: 50 });
  return {
    store,
    cleanup: async () => {
      await store.close();
      removeDir();
    },
  };
});

runEventStoreContract('SQLite :memory:', async () => {
  const store = new SqliteEventStore({ filename: ':memory:', pollMs: 50 });
  return { store, cleanup: () => store.close() };
});

describe('SqliteEventStore specifics', () => {
  let filename: string;
  let removeDir: () => void;
  const open: SqliteEventStore[] = [];

  /** Each call is a separate connection: as close as one process gets to simulating two. */
  const openStore = (options: Partial<SqliteEventStoreOptions> = {}) => {
    const store = new SqliteEventStore({ filename, pollMs: 20, ...options });
    open.push(store);
    return store;
  };

  beforeEach(() => {
    ({ filename, removeDir } = tempDbFile());
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    removeDir();
  });

  it('an empty store has head position 0, and the head is exactly the last appended position', async () => {
    const store = openStore();
    expect(await store.headPosition()).toBe(0);
    expect(await store.readAll({ after: 0, maxCount: 10 })).toEqual([]);
    const result = await store.append('s-1', [ev('A'), ev('B')], 'no_stream');
    expect(result.position).toBe(2);
    expect(await store.headPosition()).toBe(2);
  });

  it('data persists after close and reopen', async () => {
    const first = openStore();
    await first.append('patient-1', [ev('Registered', { name: '张三' }), ev('Admitted', { ward: 3 })], 'no_stream');
    const written = await first.readStream('patient-1');
    await first.close();

    const reopened = openStore();
    expect(await reopened.readStream('patient-1')).toEqual(written);
    expect(await reopened.streamRevision('patient-1')).toBe(1);
    // Positions continue after the persisted log instead of restarting.
    const next = await reopened.append('patient-2', [ev('Registered')], 'no_stream');
    expect(next.position).toBe(written[1].position + 1);
  });

  it('two instances on the same file see each other’s appends; a stale expected revision fails', async () => {
    const one = openStore();
    const two = openStore();
    await one.append('claim-1', [ev('Submitted')], 'no_stream');
    expect(await two.streamRevision('claim-1')).toBe(0);

    // Both decide on revision 0; `one` commits first, so `two`'s decision is stale.
    await one.append('claim-1', [ev('Approved')], 0);
    const stale = two.append('claim-1', [ev('Rejected')], 0);
    await expect(stale).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await expect(stale).rejects.toMatchObject({ streamId: 'claim-1', expected: 0, actual: 1 });

    expect((await two.readStream('claim-1')).map((e) => e.type)).toEqual(['Submitted', 'Approved']);
    const fromTwo = await two.append('claim-1', [ev('Paid')], 1);
    expect(fromTwo.nextExpectedRevision).toBe(2);
    expect((await one.readAll({ after: 0, maxCount: 10 })).map((e) => e.type)).toEqual(['Submitted', 'Approved', 'Paid']);
  });

  it('revisions this instance remembers are dropped once another instance has appended', async () => {
    const one = openStore();
    const two = openStore();
    await two.append('person-1', [ev('Registered')], 'no_stream');
    await two.append('person-1', [ev('Claimed')], 0); // `two` now knows revision 1
    await one.append('person-1', [ev('Claimed')], 1); // …which `one` moves on to 2
    await expect(two.append('person-1', [ev('Claimed')], 1)).rejects.toMatchObject({ streamId: 'person-1', expected: 1, actual: 2 });
    await expect(two.append('person-1', [ev('Created again')], 'no_stream')).rejects.toMatchObject({ expected: 'no_stream', actual: 2 });
    expect((await two.append('person-1', [ev('Claimed')], 2)).nextExpectedRevision).toBe(3);
    // `one` last wrote revision 2: a read of what is newer must still find `two`'s revision 3
    expect((await one.readStream('person-1', { fromRevision: 3 })).map((e) => e.type)).toEqual(['Claimed']);
    expect(await one.readStream('person-1', { fromRevision: 4 })).toEqual([]);
  });

  it('a stream expected new that exists fails alone, without a revision query, in a batch of other appends', async () => {
    const first = openStore();
    await first.append('claim-9', [ev('KeyReserved')], 'no_stream');
    await first.close();
    const store = openStore(); // knows no revisions
    const results = await Promise.allSettled([
      store.append('claim-8', [ev('KeyReserved')], 'no_stream'),
      store.append('claim-9', [ev('KeyReserved')], 'no_stream'),
      store.append('claim-10', [ev('KeyReserved')], 'no_stream'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ streamId: 'claim-9', expected: 'no_stream', actual: 0 });
    expect((await store.readAll({ after: 0, maxCount: 10 })).map((e) => e.streamId)).toEqual(['claim-9', 'claim-8', 'claim-10']);
  });

  it('an append answers with the position of each event and the instant recorded', async () => {
    const store = openStore({ now: () => new Date('2026-01-02T03:04:05.000Z') });
    await store.append('s-0', [ev('A')], 'no_stream');
    const result = await store.append('s-1', [ev('A'), ev('B')], 'no_stream');
    expect(result).toEqual({ nextExpectedRevision: 1, position: 3, positions: [2, 3], recordedAt: '2026-01-02T03:04:05.000Z' });
    expect((await store.readStream('s-1')).map((e) => [e.position, e.metadata.recordedAt])).toEqual([[2, '2026-01-02T03:04:05.000Z'], [3, '2026-01-02T03:04:05.000Z']]);
  });

  it('a subscription picks up appends made through another instance (by polling)', async () => {
    const reader = openStore({ pollMs: 20 });
    const writer = openStore();
    const { received, handler } = collector();
    const sub = reader.subscribeToAll({ after: 0 }, handler);

    await writer.append('bill-1', [ev('Opened'), ev('Closed')], 'no_stream');
    await waitFor('events written by the other instance', () => received.length >= 2);
    expect(received).toEqual(await writer.readStream('bill-1'));
    await sub.stop();
  });

  it('a local append wakes a subscription immediately, even one subscribed a moment ago', async () => {
    // With a poll interval longer than the test timeout, only the append's wake-up can deliver.
    const store = openStore({ pollMs: 60_000 });
    const { received, handler } = collector();
    const sub = store.subscribeToAll({ after: 0 }, handler);
    await store.append('s-1', [ev('Right away')], 'no_stream');
    await waitFor('the live event', () => received.length >= 1, 2_000);

    await store.append('s-1', [ev('Later')], 0);
    await waitFor('the second live event', () => received.length >= 2, 2_000);
    await sub.stop();
  });

  it('stop() returns promptly even right after subscribing (no wait for the poll interval)', async () => {
    const store = openStore({ pollMs: 60_000 });
    const sub = store.subscribeToAll({ after: 0 }, async () => undefined);
    const startedAt = Date.now();
    await sub.stop();
    expect(Date.now() - startedAt).toBeLessThan(1_000);
  });

  it('close() stops running subscriptions so their done settles', async () => {
    const store = openStore({ pollMs: 60_000 });
    const sub = store.subscribeToAll({ after: 0 }, async () => undefined);
    await store.append('s-1', [ev('A')], 'no_stream');
    await store.close();
    await expect(sub.done).resolves.toBeUndefined();
  });
});
