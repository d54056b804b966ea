/** Serves the API on the embedded store: `npm start` (PORT, DATA_DIR). */
import 'reflect-metadata';
import { createApp } from './bootstrap';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { writePidFile } from './infrastructure/pid-file';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  const logger = createLogger(config.logLevel);
  const app = await createApp(config, logger);
  // every address, as Express's server.listen(port) did, in Node's order: '::' (IPv6 and IPv4 on a
  // dual-stack host), else 0.0.0.0; Fastify given no host would listen on localhost only
  await app.listen(config.port, '::').catch(() => app.listen(config.port, '0.0.0.0'));
  const removePidFile = writePidFile(config.dataDir);
  process.once('exit', removePidFile);
  logger.info({ port: config.port, dataDir: config.dataDir, docs: `http://localhost:${config.port}/docs` }, 'benefit-ledger api listening');
}

main().catch((err) => {
  process.stderr.write(`benefit-ledger failed to start: ${err instanceof Error ? err.stack : String(err)}\n` + 'check DATA_DIR is writable and PORT is free, then start again\n');
  process.exit(1);
});
