/** Publishing to Kafka with kafkajs: every request waits for all in-sync replicas (acks = -1). */
import { Kafka, logLevel as KafkaLogLevel, LogEntry, Partitioners, Producer } from 'kafkajs';
import { Logger } from 'pino';
import { OutgoingMessage } from './routing';

export interface Publisher {
  /** Resolves only once the broker acknowledged every message (all in-sync replicas). */
  publish(messages: OutgoingMessage[]): Promise<void>;
  /** Drops the connection after an error: the next publish connects again. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export interface KafkaPublisherOptions {
  brokers: string[];
  clientId: string;
  /** Upper bound of one request's payload; larger lists are sent as several requests, in order. */
  maxRequestBytes?: number;
  /** Broker-side wait for the replicas' acknowledgement. */
  ackTimeoutMs?: number;
}

/** Routes kafkajs' own log lines into pino (its errors are retried by the relay: logged as warnings). */
export function kafkaLogCreator(logger: Logger) {
  const child = logger.child({ component: 'kafkajs' });
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _logger, ...extra } = log as LogEntry['log'] & { logger?: string };
      if (level === KafkaLogLevel.ERROR || level === KafkaLogLevel.WARN) child.warn(extra, message);
      else if (level === KafkaLogLevel.INFO) child.info(extra, message);
      else child.debug(extra, message);
    };
}

const approxSize = (m: OutgoingMessage): number =>
  m.key.length + Buffer.byteLength(m.value) + Object.entries(m.headers).reduce((n, [k, v]) => n + k.length + v.length + 8, 0) + 64;

/** Splits the messages into requests of at most `maxBytes`, keeping their order. */
export function chunkBySize(messages: OutgoingMessage[], maxBytes: number): OutgoingMessage[][] {
  const chunks: OutgoingMessage[][] = [];
  let current: OutgoingMessage[] = [];
  let size = 0;
  for (const m of messages) {
    const s = approxSize(m);
    if (current.length > 0 && size + s > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(m);
    size += s;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export class KafkaPublisher implements Publisher {
  private readonly kafka: Kafka;
  private producer: Producer | null = null;
  private connecting: Promise<Producer> | null = null;

  constructor(
    private readonly options: KafkaPublisherOptions,
    private readonly logger: Logger,
  ) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: KafkaLogLevel.WARN,
      logCreator: kafkaLogCreator(logger),
      connectionTimeout: 5_000,
      requestTimeout: 30_000,
      // kafkajs retries a failing request a few times itself; the relay then backs off and retries the batch
      retry: { retries: 3, initialRetryTime: 300, maxRetryTime: 5_000 },
    });
  }

  private connect(): Promise<Producer> {
    if (this.producer) return Promise.resolve(this.producer);
    this.connecting ??= (async () => {
      const producer = this.kafka.producer({
        allowAutoTopicCreation: true,
        // not idempotent: ordering under retries comes from one request in flight at a time
        idempotent: false,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      producer.on(producer.events.DISCONNECT, () => this.logger.debug('kafka producer disconnected'));
      try {
        await producer.connect();
      } catch (err) {
        await producer.disconnect().catch(() => undefined);
        throw err;
      }
      this.logger.info({ brokers: this.options.brokers }, 'connected to kafka');
      this.producer = producer;
      return producer;
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await this.connect();
    for (const chunk of chunkBySize(messages, this.options.maxRequestBytes ?? 900_000)) {
      const byTopic = new Map<string, OutgoingMessage[]>();
      for (const m of chunk) {
        const list = byTopic.get(m.topic);
        if (list) list.push(m);
        else byTopic.set(m.topic, [m]);
      }
      await producer.sendBatch({
        acks: -1,
        timeout: this.options.ackTimeoutMs ?? 30_000,
        topicMessages: [...byTopic].map(([topic, list]) => ({
          topic,
          messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
        })),
      });
    }
  }

  async reset(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    if (producer) await producer.disconnect().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.connecting?.catch(() => undefined);
    await this.reset();
  }
}
