/**
 * The projector on its own: follows the event log and keeps the read model current, for
 * deployments where several api processes share one read model (PROJECTIONS=external there).
 * Exactly one projector may write a read model. Same configuration as the api (libs/runtime/src/config.ts).
 */
import 'reflect-metadata';
import { createLogger, holdDataDirOrExit, loadConfig, openStorage } from '@benefit/runtime';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  // into DATA_DIR/readmodel.db it must be the only process there; into PostgreSQL it shares the log
  // with the apis of the split topology (the advisory lock keeps one projector per read model)
  holdDataDirOrExit(config.dataDir, 'projector', config.readModelUrl ? 'shared' : 'exclusive', 'projector');
  const logger = createLogger(config.logLevel).child({ app: 'projector' });
  const storage = await openStorage(config, logger, 'projector');
  const projector = storage.projector!;
  await projector.load();
  const head = await storage.store.headPosition();
  logger.info({ from: projector.position(), head }, 'projector starting: catching up with the event log');
  const started = Date.now();
  await projector.catchUp();
  logger.info({ position: projector.position(), ms: Date.now() - started }, 'projections are current; following the log');
  projector.start(Number(process.env.PROJECTOR_POLL_MS ?? 100), (err) =>
    logger.error({ err }, 'projection failed: nothing after the failing event is applied; fix the cause, then restart (or `npm run cli -- rebuild`)'),
  );
  const report = setInterval(() => logger.info({ position: projector.position() }, 'projected through'), 60_000);
  report.unref();
  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping: finishing the running batch');
    clearInterval(report);
    await storage.close();
    logger.info('projector stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`projector failed to start: ${err instanceof Error ? err.stack : String(err)}\ncheck DATA_DIR, READMODEL_URL and EVENTSTORE_CONNECTION_STRING, then start again\n`);
  process.exit(1);
});
