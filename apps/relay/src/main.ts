/**
 * The Kafka relay: `node dist/apps/relay/src/main.js` with KAFKA_BROKERS (and DATA_DIR as for the
 * api). Publishes every event of DATA_DIR/events.db, at least once, to one topic per context.
 * Exit codes: 0 stopped on SIGTERM/SIGINT, 1 failed, 2 invalid configuration.
 */
import * as fs from 'node:fs';
import { SqliteEventStore, createKurrentDbEventStore } from '@benefit/event-store';
import { createLogger } from '@benefit/runtime';
import { FileCheckpointStore } from './checkpoint';
import { RelayConfig, loadRelayConfig } from './config';
import { KafkaPublisher } from './publisher';
import { Relay } from './relay';
import { CONTEXTS, topicOf } from './routing';

async function main(): Promise<number> {
  let config: RelayConfig;
  try {
    config = loadRelayConfig();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  const logger = createLogger(config.logLevel).child({ component: 'relay' });
  const kurrent = process.env.EVENTSTORE_CONNECTION_STRING || null;
  if (!kurrent && !fs.existsSync(config.eventsFile)) {
    logger.fatal({ eventsFile: config.eventsFile }, 'no event log at DATA_DIR/events.db: start the api once (or set DATA_DIR) before the relay');
    return 1;
  }
  logger.info(
    {
      brokers: config.brokers,
      eventsFile: config.eventsFile,
      checkpointFile: config.checkpointFile,
      batchSize: config.batchSize,
      topics: CONTEXTS.map((c) => topicOf(config.topicPrefix, c)),
    },
    'relay configured',
  );
  // the log: a KurrentDB/EventStoreDB cluster when EVENTSTORE_CONNECTION_STRING is set, else DATA_DIR/events.db
  const store = kurrent ? await createKurrentDbEventStore(kurrent) : new SqliteEventStore({ filename: config.eventsFile, pollMs: config.pollMs });
  const publisher = new KafkaPublisher({ brokers: config.brokers, clientId: config.clientId, maxRequestBytes: config.maxRequestBytes }, logger);
  const relay = new Relay(store, publisher, new FileCheckpointStore(config.checkpointFile), logger, {
    topicPrefix: config.topicPrefix,
    batchSize: config.batchSize,
    progressMs: config.progressMs,
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting (the running batch is sent again at the next start)');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, checkpoint: relay.checkpoint }, 'stopping: finishing the running batch');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'the running batch did not finish in time: exiting (it is sent again at the next start)');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    void relay.stop();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  let code = 0;
  try {
    await relay.start();
    await relay.done;
  } catch (err) {
    logger.fatal({ err, checkpoint: relay.checkpoint }, 'relay failed');
    code = 1;
  }
  await publisher.close();
  await store.close();
  logger.info({ checkpoint: relay.checkpoint, published: relay.published, code }, 'relay exited');
  return code;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`relay failed: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
