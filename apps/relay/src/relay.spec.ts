import { SqliteEventStore } from '@benefit/event-store';
import pino from 'pino';
import { CheckpointStore } from './checkpoint';
import { Publisher } from './publisher';
import { Relay } from './relay';
import { OutgoingMessage } from './routing';
import { seedLog } from './testing/seed';

class MemoryCheckpoints implements CheckpointStore {
  position = 0;
  writes: number[] = [];
  failOnWrite: number | null = null;
  async read() {
    return this.position;
  }
  async write(position: number) {
    if (this.failOnWrite !== null && this.writes.length + 1 >= this.failOnWrite) throw new Error('simulated crash before the checkpoint was stored');
    this.writes.push(position);
    this.position = position;
  }
}

/** Records what was acknowledged; can fail or hold a send. */
class FakePublisher implements Publisher {
  acked: OutgoingMessage[] = [];
  failures = 0;
  resets = 0;
  gate: Promise<void> | null = null;
  async publish(messages: OutgoingMessage[]) {
    if (this.gate) await this.gate;
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('broker not available');
    }
    this.acked.push(...messages);
  }
  async reset() {
    this.resets += 1;
  }
  async close() {}
}

const logger = pino({ level: 'silent' });
const options = { topicPrefix: 'bl', batchSize: 5, initialBackoffMs: 5, maxBackoffMs: 20, progressMs: 1 };

describe('Relay (fake broker)', () => {
  let store: SqliteEventStore;
  beforeEach(() => (store = new SqliteEventStore({ filename: ':memory:', pollMs: 10 })));
  afterEach(() => store.close());

  it('publishes the whole log once, in order, storing a checkpoint per acknowledged batch', async () => {
    await seedLog(store, { persons: 3, claimsPerPerson: 2 });
    const head = await store.headPosition();
    const publisher = new FakePublisher();
    const checkpoints = new MemoryCheckpoints();
    const relay = new Relay(store, publisher, checkpoints, logger, options);
    await relay.start();
    await relay.waitFor(head);
    await relay.stop();
    expect(publisher.acked.map((m) => Number(m.headers.position))).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    expect(checkpoints.position).toBe(head);
    expect(checkpoints.writes).toEqual([...checkpoints.writes].sort((a, b) => a - b));
    expect(checkpoints.writes.length).toBe(Math.ceil(head / 5));
  });

  it('does not move the checkpoint while the broker has not acknowledged', async () => {
    await seedLog(store, { persons: 1, claimsPerPerson: 1 });
    const publisher = new FakePublisher();
    let release!: () => void;
    publisher.gate = new Promise((r) => (release = r));
    const checkpoints = new MemoryCheckpoints();
    const relay = new Relay(store, publisher, checkpoints, logger, options);
    await relay.start();
    await new Promise((r) => setTimeout(r, 100));
    expect(checkpoints.writes).toEqual([]);
    publisher.gate = null;
    release();
    await relay.waitFor(await store.headPosition());
    expect(checkpoints.position).toBe(await store.headPosition());
    await relay.stop();
  });

  it('retries with backoff after broker errors and loses nothing', async () => {
    await seedLog(store, { persons: 2, claimsPerPerson: 1 });
    const publisher = new FakePublisher();
    publisher.failures = 3;
    const checkpoints = new MemoryCheckpoints();
    const relay = new Relay(store, publisher, checkpoints, logger, options);
    await relay.start();
    await relay.waitFor(await store.headPosition());
    await relay.stop();
    expect(publisher.resets).toBe(3);
    expect(new Set(publisher.acked.map((m) => m.headers.eventId)).size).toBe(await store.headPosition());
  });

  it('a crash before the checkpoint is stored sends the batch again on restart', async () => {
    await seedLog(store, { persons: 2, claimsPerPerson: 1 });
    const head = await store.headPosition();
    const publisher = new FakePublisher();
    const checkpoints = new MemoryCheckpoints();
    checkpoints.failOnWrite = 2; // the 2nd batch is acknowledged, then the process "dies"
    const crashed = new Relay(store, publisher, checkpoints, logger, options);
    await crashed.start();
    await expect(crashed.done).rejects.toThrow(/simulated crash/);
    expect(checkpoints.position).toBe(5);
    expect(publisher.acked.length).toBe(10);

    checkpoints.failOnWrite = null;
    const restarted = new Relay(store, publisher, checkpoints, logger, options);
    await restarted.start();
    await restarted.waitFor(head);
    await restarted.stop();
    const ids = publisher.acked.map((m) => m.headers.eventId);
    expect(new Set(ids).size).toBe(head);
    expect(ids.length).toBe(head + 5); // positions 6-10 twice
  });

  it('stop() during a broker outage ends without storing the unacknowledged batch', async () => {
    await seedLog(store, { persons: 1, claimsPerPerson: 1 });
    const publisher = new FakePublisher();
    publisher.failures = 1_000;
    const checkpoints = new MemoryCheckpoints();
    const relay = new Relay(store, publisher, checkpoints, logger, { ...options, initialBackoffMs: 10_000, maxBackoffMs: 10_000 });
    await relay.start();
    await new Promise((r) => setTimeout(r, 50));
    await relay.stop();
    await expect(relay.done).resolves.toBeUndefined();
    expect(checkpoints.writes).toEqual([]);
  });

  it('access records (PersonDataRead) stay in the log: never published, and the checkpoint moves past them, a batch of nothing else included', async () => {
    const read = { type: 'PersonDataRead', data: { v: 1, personIds: ['p-1'], route: 'GET /v1/persons/:personId', what: { personId: 'p-1' }, reason: 'audit', status: 200, role: 'auditor', tokenId: 't' } };
    await store.append('access-2026-03-01', [read], 'any');
    await seedLog(store, { persons: 2, claimsPerPerson: 1 });
    // 9 in a row hold at least one whole batch (5) of nothing but access records
    for (let i = 0; i < 9; i++) await store.append('access-2026-03-01', [read], 'any');
    const head = await store.headPosition();
    const all = await store.readAll({ after: 0, maxCount: 1000 });
    const domain = all.filter((e) => e.type !== 'PersonDataRead');
    expect(all.length - domain.length).toBe(10);
    const publisher = new FakePublisher();
    const checkpoints = new MemoryCheckpoints();
    const relay = new Relay(store, publisher, checkpoints, logger, options);
    await relay.start();
    await relay.waitFor(head);
    await relay.stop();
    expect(publisher.acked.map((m) => Number(m.headers.position))).toEqual(domain.map((e) => e.position));
    expect(publisher.acked.some((m) => m.headers.type === 'PersonDataRead' || m.headers.streamId.startsWith('access-'))).toBe(false);
    expect(checkpoints.position).toBe(head);
  });

  it('refuses a checkpoint beyond the end of the log', async () => {
    const checkpoints = new MemoryCheckpoints();
    checkpoints.position = 10;
    const relay = new Relay(store, new FakePublisher(), checkpoints, logger, options);
    await expect(relay.start()).rejects.toThrow(/beyond the end of the log/);
  });
});
