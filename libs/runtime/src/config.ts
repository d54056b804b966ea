/** Configuration from the environment, validated at boot with one clear message per bad setting. */
import { createPublicKey } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseMasterKeys } from '@benefit/vault';

export interface AppConfig {
  port: number;
  dataDir: string;
  logLevel: string;
  /**
   * FULL (default): an acknowledged append is on disk, through power loss (an fsync per group
   * commit); NORMAL: it survives a process crash, kill -9 included, but a power loss may take it.
   */
  sqliteSynchronous: 'NORMAL' | 'FULL';
  /** ADMIN_TOKEN: holds every role. Unset with no identity provider: DATA_DIR/admin-token, made at first start. */
  adminToken: string | null;
  /** An identity provider's keys (AUTH_JWKS_URL or AUTH_PUBLIC_KEY_FILE) with the issuer and audience its tokens must name. */
  oidc?: { jwksUrl: string | null; publicKeyFile: string | null; issuer: string; audience: string } | null;
  /** Clock skew allowed on `exp` and `nbf` (AUTH_CLOCK_SKEW_SECONDS, default 30). */
  authClockSkewSeconds?: number;
  /** The OpenAPI page without a token (DOCS_PUBLIC, default true). */
  docsPublic?: boolean;
  /** Origins a browser may call from (CORS_ORIGINS, comma-separated); none: CORS stays off. */
  corsOrigins?: string[];
  /** Requests per minute per token (per address without one); 0: no limit (RATE_LIMIT_PER_MINUTE, default 3000). */
  rateLimitPerMinute?: number;
  /** Key of the resident-id hash (RESIDENT_ID_KEY, else DATA_DIR/resident-id.key made at first start). */
  residentIdKey?: string | null;
  /** postgres://… to keep the read model in PostgreSQL; unset: SQLite under DATA_DIR. */
  readModelUrl?: string | null;
  /** kurrentdb://… or esdb://… for a KurrentDB/EventStoreDB cluster; unset: SQLite under DATA_DIR. */
  eventStoreUrl?: string | null;
  /** inline: this process runs the projections (embedded default); external: a projector process does. */
  projections?: 'inline' | 'external';
  /**
   * With the embedded log and read model, project each append inside its own transaction
   * (PROJECT_IN_APPEND, default true; false: the catch-up after each commit, as with PostgreSQL).
   */
  projectInAppend?: boolean;
  /**
   * Master keys that wrap each person's data key (DATA_KEY: 32 bytes as 64 hex characters or
   * base64, `new,old` during a rotation); unset: DATA_DIR/master.key, made at first start.
   */
  dataKey?: string | null;
  /** postgres://… for a key store shared by apis on several hosts (KEYSTORE_URL); unset: DATA_DIR/keys.db. */
  keyStoreUrl?: string | null;
  /** The last date a command may carry is today + this many years (DATE_WINDOW_YEARS_AHEAD, default 1; the first is 1990-01-01). */
  dateWindowYearsAhead?: number;
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT must be a TCP port number (0-65535), got "${env.PORT}"`);
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LEVELS.join(', ')}, got "${logLevel}"`);
  const sync = (env.SQLITE_SYNCHRONOUS ?? 'FULL').toUpperCase();
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
  const projectInAppend = (env.PROJECT_IN_APPEND ?? 'true').toLowerCase();
  if (projectInAppend !== 'true' && projectInAppend !== 'false') problems.push(`PROJECT_IN_APPEND must be true (project each append in its transaction) or false, got "${env.PROJECT_IN_APPEND}"`);
  const auth = authSettings(env, problems);
  const dataKey = env.DATA_KEY || null;
  if (dataKey) {
    try {
      parseMasterKeys(dataKey);
    } catch (err) {
      problems.push((err as Error).message); // names the bad entry, never the key
    }
  }
  const keyStoreUrl = env.KEYSTORE_URL || null;
  if (keyStoreUrl && !/^postgres(ql)?:\/\//.test(keyStoreUrl)) problems.push(`KEYSTORE_URL must be a postgres:// URL (or unset for DATA_DIR/keys.db), got "${keyStoreUrl.replace(/:[^:@/]*@/, ':***@')}"`);
  const yearsAhead = Number(env.DATE_WINDOW_YEARS_AHEAD || 1);
  if (!Number.isInteger(yearsAhead) || yearsAhead < 0 || yearsAhead > 50) {
    problems.push(`DATE_WINDOW_YEARS_AHEAD must be a whole number of years from 0 to 50 (dates up to today + that many years are accepted), got "${env.DATE_WINDOW_YEARS_AHEAD}"`);
  }
  if (problems.length) throw new Error(`invalid configuration:\n  - ${problems.join('\n  - ')}\nfix the environment and start again`);
  return {
    port,
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    logLevel,
    sqliteSynchronous: sync as 'NORMAL' | 'FULL',
    ...auth,
    residentIdKey: env.RESIDENT_ID_KEY || null,
    readModelUrl,
    eventStoreUrl,
    projections: projections as 'inline' | 'external',
    projectInAppend: projectInAppend === 'true',
    dataKey,
    keyStoreUrl,
    dateWindowYearsAhead: yearsAhead,
  };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** API.md Access: where tokens come from, and the edges in front of them. */
function authSettings(env: NodeJS.ProcessEnv, problems: string[]) {
  const adminToken = env.ADMIN_TOKEN || null;
  if (adminToken !== null && (adminToken.length < 24 || /\s/.test(adminToken))) {
    problems.push('ADMIN_TOKEN must be at least 24 characters with no spaces: generate one with `openssl rand -hex 32`');
  }
  const jwksUrl = env.AUTH_JWKS_URL || null;
  const publicKeyFile = env.AUTH_PUBLIC_KEY_FILE || null;
  let oidc: AppConfig['oidc'] = null;
  if (jwksUrl && publicKeyFile) problems.push('set AUTH_JWKS_URL or AUTH_PUBLIC_KEY_FILE, not both');
  if (jwksUrl) {
    let url: URL | null = null;
    try {
      url = new URL(jwksUrl);
    } catch {
      problems.push(`AUTH_JWKS_URL must be a URL, got "${jwksUrl}"`);
    }
    // keys fetched in clear could be swapped on the way: https, or http to this machine only
    if (url && !(url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname)))) {
      problems.push('AUTH_JWKS_URL must be https:// (or http:// on a loopback address)');
    }
  }
  if (publicKeyFile) {
    try {
      createPublicKey(fs.readFileSync(publicKeyFile));
    } catch (err) {
      problems.push(`AUTH_PUBLIC_KEY_FILE must be a readable PEM public key: ${(err as Error).message}`);
    }
  }
  if (jwksUrl || publicKeyFile) {
    if (!env.AUTH_ISSUER) problems.push('AUTH_ISSUER is required with an identity provider: the "iss" its tokens carry');
    if (!env.AUTH_AUDIENCE) problems.push('AUTH_AUDIENCE is required with an identity provider: the "aud" its tokens carry for this service');
    oidc = { jwksUrl, publicKeyFile: publicKeyFile ? path.resolve(publicKeyFile) : null, issuer: env.AUTH_ISSUER ?? '', audience: env.AUTH_AUDIENCE ?? '' };
  } else if (env.AUTH_ISSUER || env.AUTH_AUDIENCE) {
    problems.push('AUTH_ISSUER and AUTH_AUDIENCE need AUTH_JWKS_URL or AUTH_PUBLIC_KEY_FILE: the keys their tokens are checked against');
  }
  const skew = Number(env.AUTH_CLOCK_SKEW_SECONDS ?? 30);
  if (!Number.isInteger(skew) || skew < 0 || skew > 300) problems.push(`AUTH_CLOCK_SKEW_SECONDS must be a whole number of seconds from 0 to 300, got "${env.AUTH_CLOCK_SKEW_SECONDS}"`);
  const docs = (env.DOCS_PUBLIC ?? 'true').toLowerCase();
  if (docs !== 'true' && docs !== 'false') problems.push(`DOCS_PUBLIC must be true or false, got "${env.DOCS_PUBLIC}"`);
  const corsOrigins = (env.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) problems.push(`CORS_ORIGINS must list origins such as https://console.example.gov.cn (no path), got "${origin}"`);
  }
  const rate = Number(env.RATE_LIMIT_PER_MINUTE ?? 3000);
  if (!Number.isInteger(rate) || rate < 0) problems.push(`RATE_LIMIT_PER_MINUTE must be a whole number (0: no limit), got "${env.RATE_LIMIT_PER_MINUTE}"`);
  return { adminToken, oidc, authClockSkewSeconds: skew, docsPublic: docs !== 'false', corsOrigins, rateLimitPerMinute: rate };
}
