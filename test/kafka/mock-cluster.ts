/**
 * librdkafka's mock cluster, started through kcat: `kcat -C -b localhost:1 -t boot -X
 * test.mock.num.brokers=1 -d mock` prints `bootstrap.servers=127.0.0.1:PORT` on stderr and keeps a
 * broker alive while it runs. Topics are created on produce/metadata; no admin, no idempotence.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { Consumer, Kafka, KafkaMessage, logLevel } from 'kafkajs';

export function kcatAvailable(): boolean {
  const r = spawnSync('kcat', ['-V'], { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

export interface MockCluster {
  brokers: string[];
  stop(): Promise<void>;
}

export function startMockCluster(timeoutMs = 15_000): Promise<MockCluster> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn('kcat', ['-C', '-b', 'localhost:1', '-t', 'boot', '-X', 'test.mock.num.brokers=1', '-d', 'mock'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kcat mock cluster did not print bootstrap.servers within ${timeoutMs} ms:\n${stderr.slice(-2000)}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.stderr!.setEncoding('utf8');
    const onData = (chunk: string) => {
      stderr += chunk;
      const m = /bootstrap\.servers=([0-9.]+:\d+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        child.stderr!.off('data', onData);
        child.stderr!.resume(); // keep draining the debug output
        resolve({
          brokers: [m[1]],
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), 3000).unref();
            }),
        });
      }
    };
    child.stderr!.on('data', onData);
  });
}

export interface ConsumedMessage {
  topic: string;
  partition: number;
  key: string;
  value: string;
  headers: Record<string, string>;
}

const decode = (m: KafkaMessage, topic: string, partition: number): ConsumedMessage => ({
  topic,
  partition,
  key: m.key?.toString() ?? '',
  value: m.value?.toString() ?? '',
  headers: Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, String(v)])),
});

/** Reads the topics from the beginning until `expected` messages arrived, then `settleMs` more to see any extra. */
export async function consumeAll(brokers: string[], topics: string[], expected: number, options: { groupId: string; settleMs?: number; timeoutMs?: number }): Promise<ConsumedMessage[]> {
  const kafka = new Kafka({ brokers, clientId: 'kafka-test-reader', logLevel: logLevel.NOTHING });
  const consumer: Consumer = kafka.consumer({ groupId: options.groupId, allowAutoTopicCreation: true });
  const got: ConsumedMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    let reached!: () => void;
    const done = new Promise<void>((r) => (reached = r));
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        got.push(decode(message, topic, partition));
        if (got.length >= expected) reached();
      },
    });
    const timeoutMs = options.timeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      done,
      new Promise<void>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`only ${got.length} of ${expected} messages within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    await new Promise((r) => setTimeout(r, options.settleMs ?? 1500));
  } finally {
    await consumer.disconnect();
  }
  return got;
}
