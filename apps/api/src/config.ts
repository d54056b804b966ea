/** Configuration from the environment, validated at boot with one clear message per bad setting. */
import * as path from 'node:path';

export interface AppConfig {
  port: number;
  dataDir: string;
  logLevel: string;
  /** FULL: survive power loss (fsync per commit); NORMAL: survive process crashes. */
  sqliteSynchronous: 'NORMAL' | 'FULL';
  adminToken: string | null;
  /** Key of the resident-id hash (RESIDENT_ID_KEY, else DATA_DIR/resident-id.key made at first start). */
  residentIdKey?: string | null;
  /** postgres://… to keep the read model in PostgreSQL; unset: SQLite under DATA_DIR. */
  readModelUrl?: string | null;
  /** kurrentdb://… or esdb://… for a KurrentDB/EventStoreDB cluster; unset: SQLite under DATA_DIR. */
  eventStoreUrl?: string | null;
  /** inline: this process runs the projections (embedded default); external: a projector process does. */
  projections?: 'inline' | 'external';
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT must be a TCP port number (0-65535), got "${env.PORT}"`);
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LEVELS.join(', ')}, got "${logLevel}"`);
  const sync = (env.SQLITE_SYNCHRONOUS ?? 'NORMAL').toUpperCase();
  if (sync !== 'NORMAL' && sync !== 'FULL') problems.push(`SQLITE_SYNCHRONOUS must be NORMAL or FULL, got "${env.SQLITE_SYNCHRONOUS}"`);
  const readModelUrl = env.READMODEL_URL || null;
  if (readModelUrl && !/^postgres(ql)?:\/\//.test(readModelUrl)) problems.push(`READMODEL_URL must be a postgres:// URL (or unset for SQLite under DATA_DIR), got "${readModelUrl.replace(/:[^:@/]*@/, ':***@')}"`);
  const eventStoreUrl = env.EVENTSTORE_CONNECTION_STRING || null;
  if (eventStoreUrl && !/^(kurrentdb|kdb|esdb|eventstoredb)(\+discover)?:\/\//.test(eventStoreUrl)) {
    problems.push('EVENTSTORE_CONNECTION_STRING must be a kurrentdb:// or esdb:// connection string (or unset for SQLite under DATA_DIR)');
  }
  const projections = env.PROJECTIONS ?? 'inline';
  if (projections !== 'inline' && projections !== 'external') problems.push(`PROJECTIONS must be inline (this process projects) or external (a projector process does), got "${projections}"`);
  if (projections === 'external' && !readModelUrl && !eventStoreUrl) {
    problems.push('PROJECTIONS=external needs a shared read model: set READMODEL_URL (the embedded store is projected inline)');
  }
  if (problems.length) throw new Error(`invalid configuration:\n  - ${problems.join('\n  - ')}\nfix the environment and start again`);
  return {
    port,
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    logLevel,
    sqliteSynchronous: sync as 'NORMAL' | 'FULL',
    adminToken: env.ADMIN_TOKEN || null,
    residentIdKey: env.RESIDENT_ID_KEY || null,
    readModelUrl,
    eventStoreUrl,
    projections: projections as 'inline' | 'external',
  };
}
