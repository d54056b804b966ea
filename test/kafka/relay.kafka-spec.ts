/**
 * The relay against a real Kafka protocol peer (librdkafka's mock cluster via kcat): every event
 * arrives with its key, headers and masked resident id; a crash between the broker's ack and the
 * checkpoint resends a batch, and the example reporting consumer's totals stay exact; the relay's
 * own entry point tails a live log and stops cleanly on SIGTERM.
 * Run with `npm run test:kafka`; skipped (with a message) when kcat is not installed.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RecordedEvent, SqliteEventStore } from '@benefit/event-store';
import { maskResidentId } from '@benefit/shared';
import pino from 'pino';
import { CheckpointStore, FileCheckpointStore } from '../../apps/relay/src/checkpoint';
import { ReportingConsumer } from '../../apps/relay/src/example/reporting-consumer';
import { ReportingProjection } from '../../apps/relay/src/example/reporting-projection';
import { KafkaPublisher, Publisher } from '../../apps/relay/src/publisher';
import { Relay } from '../../apps/relay/src/relay';
import { CONTEXTS, OutgoingMessage, contextOf, keyOf, topicOf } from '../../apps/relay/src/routing';
import { RESIDENT_IDS, SeedSummary, seedLog } from '../../apps/relay/src/testing/seed';
import { ConsumedMessage, MockCluster, consumeAll, kcatAvailable, startMockCluster } from './mock-cluster';

const ROOT = path.resolve(__dirname, '../..');
const MAIN = path.join(ROOT, 'dist/apps/relay/src/main.js');
const logger = pino({ level: process.env.LOG_LEVEL ?? 'silent' });
const HAVE_KCAT = kcatAvailable();
if (!HAVE_KCAT) {
  // eslint-disable-next-line no-console
  console.warn('SKIPPED: kcat is not installed (apt-get install -y kcat); the Kafka relay tests need librdkafka\'s mock cluster');
}
const suite = HAVE_KCAT ? describe : describe.skip;

const topicsOf = (prefix: string) => CONTEXTS.map((c) => topicOf(prefix, c));

async function readLog(store: SqliteEventStore): Promise<RecordedEvent[]> {
  return store.readAll({ after: 0, maxCount: 1_000_000 });
}

suite('relay → Kafka (librdkafka mock cluster)', () => {
  let cluster: MockCluster;
  let dir: string;
  let store: SqliteEventStore;
  let seed: SeedSummary;
  let log: RecordedEvent[];

  beforeAll(async () => {
    cluster = await startMockCluster();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-kafka-'));
    store = new SqliteEventStore({ filename: path.join(dir, 'events.db'), pollMs: 20 });
    seed = await seedLog(store, { persons: 4, claimsPerPerson: 3 });
    log = await readLog(store);
  });

  afterAll(async () => {
    await store?.close();
    await cluster?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('publishes every event once, to its context topic, keyed by person, with headers and the resident id masked', async () => {
    const prefix = 'once';
    const publisher = new KafkaPublisher({ brokers: cluster.brokers, clientId: 'relay-test' }, logger);
    const checkpoints = new FileCheckpointStore(path.join(dir, 'once-checkpoint.json'));
    const relay = new Relay(store, publisher, checkpoints, logger, { topicPrefix: prefix, batchSize: 7 });
    await relay.start();
    await relay.waitFor(log.length);
    await relay.stop();
    await publisher.close();
    expect(await checkpoints.read()).toBe(log.length);

    const got = await consumeAll(cluster.brokers, topicsOf(prefix), log.length, { groupId: 'once-reader' });
    expect(got.length).toBe(log.length);
    const byId = new Map(got.map((m) => [m.headers.eventId, m]));
    expect(byId.size).toBe(log.length);
    for (const e of log) {
      const m = byId.get(e.metadata.eventId)!;
      expect(m).toBeDefined();
      expect(m.topic).toBe(topicOf(prefix, contextOf(e)));
      expect(m.key).toBe(keyOf(e));
      expect(m.headers).toMatchObject({
        eventId: e.metadata.eventId,
        type: e.type,
        position: String(e.position),
        streamId: e.streamId,
        revision: String(e.revision),
        recordedAt: e.metadata.recordedAt,
        correlationId: e.metadata.correlationId,
      });
      if (e.type === 'PatientRegistered') {
        const d = e.data as { idNumber: string; personId: string };
        expect(m.key).toBe(d.personId);
        expect(JSON.parse(m.value).idNumber).toBe(maskResidentId(d.idNumber));
      } else if (e.type !== 'ClaimSharesAdjusted') {
        expect(JSON.parse(m.value)).toEqual(e.data);
      }
    }
    // no full resident id anywhere in what left the service
    const everything = JSON.stringify(got);
    for (const id of RESIDENT_IDS) expect(everything).not.toContain(id);
    // the contexts are all used and the keys are as documented
    expect(new Set(got.map((m) => m.topic))).toEqual(new Set(topicsOf(prefix)));
    expect(got.find((m) => m.headers.type === 'MonthSettled')!.key).toBe('511300');
    expect(got.find((m) => m.headers.type === 'ParameterRecorded')!.key).toBe('parameters');
    expect(got.filter((m) => m.headers.type === 'KeyReserved' && m.topic === `${prefix}.claims`)).toHaveLength(seed.claimCount);
    // one person's events keep their log order inside their partition
    const p1 = got.filter((m) => m.key === 'p-1' && m.topic === `${prefix}.persons`).map((m) => Number(m.headers.position));
    expect(p1).toEqual([...p1].sort((a, b) => a - b));
  });

  it('after a crash between the ack and the checkpoint, resends the batch; the reporting totals stay exact', async () => {
    const prefix = 'crash';
    const file = path.join(dir, 'crash-checkpoint.json');
    const fileStore = new FileCheckpointStore(file);
    const kafka = new KafkaPublisher({ brokers: cluster.brokers, clientId: 'relay-test' }, logger);
    let ackedUpTo = 0;
    const violations: string[] = [];
    /** Checks the rule: the stored checkpoint never passes what the broker acknowledged. */
    const watchingPublisher: Publisher = {
      publish: async (messages: OutgoingMessage[]) => {
        const stored = await fileStore.read();
        const first = Number(messages[0].headers.position);
        if (stored >= first) violations.push(`checkpoint ${stored} stored before position ${first} was acknowledged`);
        await kafka.publish(messages);
        ackedUpTo = Math.max(ackedUpTo, Number(messages[messages.length - 1].headers.position));
      },
      reset: () => kafka.reset(),
      close: () => kafka.close(),
    };
    let writes = 0;
    const crashing: CheckpointStore = {
      read: () => fileStore.read(),
      write: async (position) => {
        if (position > ackedUpTo) violations.push(`checkpoint ${position} written with only ${ackedUpTo} acknowledged`);
        writes += 1;
        if (writes === 3) throw new Error('simulated crash: killed after the ack, before the checkpoint was stored');
        await fileStore.write(position);
      },
    };
    const batchSize = 6;
    const first = new Relay(store, watchingPublisher, crashing, logger, { topicPrefix: prefix, batchSize });
    await first.start();
    await expect(first.done).rejects.toThrow(/simulated crash/);
    await kafka.close();
    expect(await fileStore.read()).toBe(2 * batchSize); // the third batch was sent but not checkpointed
    expect(ackedUpTo).toBe(3 * batchSize);

    const kafka2 = new KafkaPublisher({ brokers: cluster.brokers, clientId: 'relay-test-2' }, logger);
    const second = new Relay(store, kafka2, fileStore, logger, { topicPrefix: prefix, batchSize });
    await second.start();
    await second.waitFor(log.length);
    await second.stop();
    await kafka2.close();
    expect(await fileStore.read()).toBe(log.length);
    expect(violations).toEqual([]);

    // every event at least once; the third batch exactly twice
    const got = await consumeAll(cluster.brokers, topicsOf(prefix), log.length + batchSize, { groupId: 'crash-reader' });
    expect(got.length).toBe(log.length + batchSize);
    const counts = new Map<string, number>();
    for (const m of got) counts.set(m.headers.eventId, (counts.get(m.headers.eventId) ?? 0) + 1);
    expect(counts.size).toBe(log.length);
    const twice = log.filter((e) => counts.get(e.metadata.eventId) === 2).map((e) => e.position);
    expect(twice).toEqual(Array.from({ length: batchSize }, (_, i) => 2 * batchSize + i + 1));

    // the example consumer drops the duplicates: totals equal those computed from the seed
    const claimsMessages = got.filter((m) => m.topic === `${prefix}.claims`);
    const distinctClaims = new Set(claimsMessages.map((m) => m.headers.eventId)).size;
    const duplicates = claimsMessages.length - distinctClaims;
    expect(duplicates).toBeGreaterThan(0);
    const projection = new ReportingProjection(path.join(dir, 'reporting.db'));
    const consumer = new ReportingConsumer(projection, { brokers: cluster.brokers, groupId: 'reporting', topic: `${prefix}.claims` }, logger);
    await consumer.start();
    const deadline = Date.now() + 60_000;
    while (consumer.received < claimsMessages.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1000));
    await consumer.stop();
    expect(consumer.received).toBe(claimsMessages.length);
    expect(projection.duplicatesDropped).toBe(duplicates);
    expect(projection.processedCount()).toBe(distinctClaims);
    const totals = new Map(projection.totals().map((t) => [`${t.payer}|${t.month}`, t.amountFen]));
    expect(totals).toEqual(seed.totals);
    const claimsCounted = projection.totals().filter((t) => t.payer === 'basic_pooling').reduce((n, t) => n + t.claims, 0);
    expect(claimsCounted).toBe(seed.claimCount);
    projection.close();
  });

  describe('the relay process (dist/apps/relay/src/main.js)', () => {
    const run = (env: NodeJS.ProcessEnv) => {
      const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      const out = { stdout: '', stderr: '' };
      child.stdout!.on('data', (c: Buffer) => (out.stdout += c.toString()));
      child.stderr!.on('data', (c: Buffer) => (out.stderr += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      return { child, out, exited };
    };
    const until = async (what: string, check: () => boolean | Promise<boolean>, ms = 30_000) => {
      const deadline = Date.now() + ms;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    let running: ChildProcess | null = null;
    afterEach(() => {
      if (running && running.exitCode === null) running.kill('SIGKILL');
      running = null;
    });

    it('refuses a bad configuration with one message per setting (exit 2)', async () => {
      const { out, exited } = run({ LOG_LEVEL: 'loud', RELAY_BATCH_SIZE: 'many' });
      expect(await exited).toBe(2);
      expect(out.stderr).toMatch(/KAFKA_BROKERS is required/);
      expect(out.stderr).toMatch(/LOG_LEVEL must be one of/);
      expect(out.stderr).toMatch(/RELAY_BATCH_SIZE must be a whole number/);
    });

    it('tails the live log (appends from another process), logs progress, and stops on SIGTERM with the checkpoint stored', async () => {
      const checkpointFile = path.join(dir, 'proc-checkpoint.json');
      const { child, out, exited } = run({
        KAFKA_BROKERS: cluster.brokers.join(','),
        DATA_DIR: dir,
        RELAY_CHECKPOINT_FILE: checkpointFile,
        KAFKA_TOPIC_PREFIX: 'proc',
        RELAY_BATCH_SIZE: '4',
        RELAY_POLL_MS: '20',
        LOG_LEVEL: 'debug',
      });
      running = child;
      const checkpoint = new FileCheckpointStore(checkpointFile);
      await until('the relay to catch up', () => out.stdout.includes('caught up with the log'));
      expect(await checkpoint.read()).toBe(log.length);
      // this process appends while the relay runs
      await store.append('person-p-9', [{ type: 'PatientRegistered', data: { personId: 'p-9', idNumber: RESIDENT_IDS[0], name: 'late' } }], 'no_stream');
      await store.append('person-p-9', [{ type: 'EmploymentChanged', data: { personId: 'p-9', employment: 'employed', effectiveMonth: '2025-02' } }], 'any');
      const head = await store.headPosition();
      await until('the new events to be published', async () => (await checkpoint.read()) === head);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(await checkpoint.read()).toBe(head);
      const lines = out.stdout.trim().split('\n').map((l) => JSON.parse(l) as { msg: string; level: number });
      expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['relay configured', 'connected to kafka', 'relay progress', 'caught up with the log', 'stopping: finishing the running batch', 'relay stopped', 'relay exited']));
      expect(lines.find((l) => l.msg === 'relay progress')).toMatchObject({ eventsPerSecond: expect.any(Number), lag: 0 });
      for (const id of RESIDENT_IDS) expect(out.stdout + out.stderr).not.toContain(id);

      const got = await consumeAll(cluster.brokers, topicsOf('proc'), head, { groupId: 'proc-reader' });
      expect(new Set(got.map((m: ConsumedMessage) => m.headers.eventId)).size).toBe(head);
    });

    it('keeps retrying with backoff while no broker answers, and SIGTERM still stops it cleanly without moving the checkpoint', async () => {
      const checkpointFile = path.join(dir, 'down-checkpoint.json');
      const { child, out, exited } = run({ KAFKA_BROKERS: '127.0.0.1:1', DATA_DIR: dir, RELAY_CHECKPOINT_FILE: checkpointFile, LOG_LEVEL: 'info' });
      running = child;
      await until('a retry with backoff', () => out.stdout.includes('publishing failed: reconnecting with backoff'), 60_000);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(fs.existsSync(checkpointFile)).toBe(false);
      expect(out.stdout).toMatch(/the unacknowledged batch is sent again at the next start/);
    });
  });
});
