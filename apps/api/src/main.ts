/** Serves the API on the embedded store: `npm start` (PORT, DATA_DIR). */
import 'reflect-metadata';
import { ADMIN_TOKEN_SOURCE, AdminTokenSource } from './access/access.module';
import { createApp } from './bootstrap';
import { createLogger, holdDataDirOrExit, loadConfig } from '@benefit/runtime';
import { Logger } from 'pino';

async function main(): Promise<void> {
  process.umask(0o077); // every file the service creates (data, keys, -wal/-shm) is its owner's only
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  // before anything under DATA_DIR is opened: a second api there must not touch a file (apis of
  // the split topology, PROJECTIONS=external, share the log and so the directory)
  const external = config.projections === 'external';
  holdDataDirOrExit(config.dataDir, external ? 'api (PROJECTIONS=external)' : 'api', external ? 'shared' : 'exclusive', 'benefit-ledger');
  const logger = createLogger(config.logLevel);
  const app = await createApp(config, logger);
  // every address, as Express's server.listen(port) did, in Node's order: '::' (IPv6 and IPv4 on a
  // dual-stack host), else 0.0.0.0; Fastify given no host would listen on localhost only
  await app.listen(config.port, '::').catch(() => app.listen(config.port, '0.0.0.0'));
  logger.info({ port: config.port, dataDir: config.dataDir, docs: `http://localhost:${config.port}/docs` }, 'benefit-ledger api listening');
  announceAdminToken(app.get<AdminTokenSource>(ADMIN_TOKEN_SOURCE), config.port, logger);
}

/** Where a newcomer's admin token is and how to use it: the path and a curl line, never the token. */
function announceAdminToken(admin: AdminTokenSource, port: number, logger: Logger): void {
  if (admin.ignoredFile) {
    logger.warn({ file: admin.ignoredFile }, 'an identity provider is configured, so DATA_DIR/admin-token is ignored: delete the file');
  }
  if (!admin.file) return;
  const curl = `curl -H "Authorization: Bearer $(cat ${admin.file})" http://localhost:${port}/v1/parameters`;
  logger.info({ adminTokenFile: admin.file, try: curl }, admin.created ? 'created an admin token (readable by its owner only)' : 'admin token');
  process.stdout.write(
    `\nAdmin token: ${admin.file} (readable by its owner only; it holds every role)\n` +
      `  try:   ${curl}\n` +
      `  more:  npm run cli -- token issue --role clerk --subject <name>   (roles: clerk, hospital, auditor, operator, admin)\n\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`benefit-ledger failed to start: ${err instanceof Error ? err.stack : String(err)}\n` + 'check DATA_DIR is writable and PORT is free, then start again\n');
  process.exit(1);
});
