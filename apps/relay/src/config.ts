/** Relay configuration from the environment, validated at boot with one clear message per bad setting. */
import * as path from 'node:path';

export interface RelayConfig {
  /** host:port of each bootstrap broker (KAFKA_BROKERS, comma-separated). */
  brokers: string[];
  clientId: string;
  /** Topics are `{topicPrefix}.persons`, `{topicPrefix}.claims`, … */
  topicPrefix: string;
  dataDir: string;
  /** The event log the relay tails: DATA_DIR/events.db. */
  eventsFile: string;
  /** Where the last published position is stored (RELAY_CHECKPOINT_FILE, default DATA_DIR/relay-checkpoint.json). */
  checkpointFile: string;
  logLevel: string;
  /** Events read and published per batch; the checkpoint is stored once per acknowledged batch. */
  batchSize: number;
  /** Upper bound of one produce request's payload; a larger batch is sent in several requests. */
  maxRequestBytes: number;
  /** How often the store is polled for appends made by the api process. */
  pollMs: number;
  /** How often a progress line (count, rate, lag) is logged while events flow. */
  progressMs: number;
  /** SIGTERM waits this long for the running batch before giving up (exit 1). */
  shutdownTimeoutMs: number;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadRelayConfig(env: NodeJS.ProcessEnv = process.env): RelayConfig {
  const problems: string[] = [];

  const brokersRaw = env.KAFKA_BROKERS ?? '';
  const brokers = brokersRaw
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
  if (brokers.length === 0) problems.push('KAFKA_BROKERS is required: a comma-separated list of host:port, e.g. "kafka-1:9092,kafka-2:9092"');
  for (const b of brokers) {
    const m = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/.exec(b);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) problems.push(`KAFKA_BROKERS entry "${b}" must be host:port with a port 1-65535`);
  }

  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);

  const clientId = env.KAFKA_CLIENT_ID || 'benefit-ledger-relay';
  if (!/^[A-Za-z0-9._-]+$/.test(clientId)) problems.push(`KAFKA_CLIENT_ID may contain letters, digits, ".", "_" and "-" only, got "${clientId}"`);

  const topicPrefix = env.KAFKA_TOPIC_PREFIX || 'benefit-ledger';
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(topicPrefix)) problems.push(`KAFKA_TOPIC_PREFIX may contain letters, digits, ".", "_" and "-" only (at most 200), got "${topicPrefix}"`);

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return n;
  };
  const batchSize = int('RELAY_BATCH_SIZE', 500, 1, 10_000);
  const maxRequestBytes = int('RELAY_MAX_REQUEST_BYTES', 900_000, 10_000, 100_000_000);
  const pollMs = int('RELAY_POLL_MS', 250, 10, 60_000);
  const progressMs = int('RELAY_PROGRESS_MS', 10_000, 100, 3_600_000);
  const shutdownTimeoutMs = int('RELAY_SHUTDOWN_TIMEOUT_MS', 30_000, 100, 600_000);

  if (env.DATA_DIR !== undefined && env.DATA_DIR.trim() === '') problems.push('DATA_DIR must name a directory when set (default ./data)');
  const dataDir = path.resolve(env.DATA_DIR || './data');
  if (env.RELAY_CHECKPOINT_FILE !== undefined && env.RELAY_CHECKPOINT_FILE.trim() === '') problems.push('RELAY_CHECKPOINT_FILE must name a file when set (default DATA_DIR/relay-checkpoint.json)');
  const checkpointFile = path.resolve(dataDir, env.RELAY_CHECKPOINT_FILE || 'relay-checkpoint.json');

  if (problems.length) throw new Error(`invalid relay configuration:\n  - ${problems.join('\n  - ')}\nfix the environment and start again`);
  return {
    brokers,
    clientId,
    topicPrefix,
    dataDir,
    eventsFile: path.join(dataDir, 'events.db'),
    checkpointFile,
    logLevel,
    batchSize,
    maxRequestBytes,
    pollMs,
    progressMs,
    shutdownTimeoutMs,
  };
}
