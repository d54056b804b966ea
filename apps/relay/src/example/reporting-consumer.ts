/**
 * Example consumer of the relay's topics: feeds the claims topic into ReportingProjection.
 * Offsets are committed only after the projection's transaction committed; a crash in between
 * redelivers messages, which the projection drops by eventId.
 *
 * Run: KAFKA_BROKERS=… REPORTING_DB=./data/reporting.db node dist/apps/relay/src/example/reporting-consumer.js
 */
import { Consumer, EachBatchPayload, Kafka, logLevel as KafkaLogLevel } from 'kafkajs';
import * as path from 'node:path';
import { Logger } from 'pino';
import { createLogger } from '@benefit/runtime';
import { LOG_LEVELS } from '../config';
import { kafkaLogCreator } from '../publisher';
import { ReportingProjection } from './reporting-projection';

export interface ReportingConsumerOptions {
  brokers: string[];
  groupId: string;
  topic: string;
  clientId?: string;
}

export class ReportingConsumer {
  private readonly consumer: Consumer;
  received = 0;

  constructor(
    private readonly projection: ReportingProjection,
    private readonly options: ReportingConsumerOptions,
    private readonly logger: Logger,
  ) {
    const kafka = new Kafka({
      clientId: options.clientId ?? 'benefit-ledger-reporting',
      brokers: options.brokers,
      logLevel: KafkaLogLevel.WARN,
      logCreator: kafkaLogCreator(logger),
    });
    this.consumer = kafka.consumer({ groupId: options.groupId, allowAutoTopicCreation: true });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.options.topic], fromBeginning: true });
    await this.consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (payload) => this.handleBatch(payload) });
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> {
    let next: string | null = null;
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      const eventId = message.headers?.eventId?.toString();
      const type = message.headers?.type?.toString();
      if (!eventId || !type || !message.value) {
        this.logger.warn({ topic: batch.topic, partition: batch.partition, offset: message.offset }, 'message without eventId/type header or value: skipped');
      } else {
        const applied = this.projection.apply({ eventId, type, data: JSON.parse(message.value.toString()) });
        this.received += 1;
        if (!applied) this.logger.debug({ eventId, type }, 'duplicate dropped');
      }
      resolveOffset(message.offset);
      next = (BigInt(message.offset) + 1n).toString();
      await heartbeat();
    }
    // the projection committed each message before its offset is committed here
    if (next !== null) await commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }] });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

async function main(): Promise<void> {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
  const logLevel = process.env.LOG_LEVEL ?? 'info';
  const problems: string[] = [];
  if (brokers.length === 0) problems.push('KAFKA_BROKERS is required: a comma-separated list of host:port');
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  if (problems.length) {
    process.stderr.write(`invalid configuration:\n  - ${problems.join('\n  - ')}\n`);
    process.exit(2);
  }
  const logger = createLogger(logLevel).child({ component: 'reporting-consumer' });
  const dbFile = path.resolve(process.env.REPORTING_DB || path.join(process.env.DATA_DIR || './data', 'reporting.db'));
  const projection = new ReportingProjection(dbFile);
  const consumer = new ReportingConsumer(
    projection,
    {
      brokers,
      groupId: process.env.KAFKA_GROUP_ID || 'benefit-ledger-reporting',
      topic: `${process.env.KAFKA_TOPIC_PREFIX || 'benefit-ledger'}.claims`,
    },
    logger,
  );
  const stop = async () => {
    await consumer.stop();
    logger.info({ received: consumer.received, duplicatesDropped: projection.duplicatesDropped }, 'reporting consumer stopped');
    projection.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  await consumer.start();
  logger.info({ dbFile }, 'reporting consumer running');
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`reporting consumer failed: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  });
}
