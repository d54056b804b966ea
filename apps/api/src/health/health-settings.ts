/**
 * How far behind the log the api may be and still call itself ready (GET /health/ready), read from
 * the environment and checked at boot like every other setting: one message per bad value.
 *
 * - HEALTH_PROJECTION_MAX_LAG_EVENTS (default 1000) and HEALTH_PROJECTION_MAX_LAG_SECONDS (default 30):
 *   the projections' distance to the log head, in events and in the age of the oldest unprojected event;
 * - the relay is checked when this api's environment names one (KAFKA_BROKERS or RELAY_CHECKPOINT_FILE,
 *   as the relay's own; its checkpoint file defaults to DATA_DIR/relay-checkpoint.json), against
 *   HEALTH_RELAY_MAX_LAG_EVENTS (default 10000) and HEALTH_RELAY_MAX_LAG_SECONDS (default 300).
 */
import * as path from 'node:path';

export const HEALTH_SETTINGS = Symbol('HEALTH_SETTINGS');

export interface LagLimits {
  maxLagEvents: number;
  maxLagSeconds: number;
}

export interface HealthSettings {
  projections: LagLimits;
  /** null: no relay is deployed beside this api, readiness does not look for one. */
  relay: (LagLimits & { checkpointFile: string }) | null;
}

export function healthSettings(env: NodeJS.ProcessEnv, dataDir: string): HealthSettings {
  const problems: string[] = [];
  const whole = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 1e9) {
      problems.push(`${name} must be a whole number from 1 to 1000000000, got "${raw}"`);
      return fallback;
    }
    return Number(raw);
  };
  const projections = { maxLagEvents: whole('HEALTH_PROJECTION_MAX_LAG_EVENTS', 1000), maxLagSeconds: whole('HEALTH_PROJECTION_MAX_LAG_SECONDS', 30) };
  const relayLimits = { maxLagEvents: whole('HEALTH_RELAY_MAX_LAG_EVENTS', 10_000), maxLagSeconds: whole('HEALTH_RELAY_MAX_LAG_SECONDS', 300) };
  if (problems.length) throw new Error(`invalid health settings:\n  ${problems.join('\n  ')}`);
  const relayDeployed = Boolean(env.KAFKA_BROKERS || env.RELAY_CHECKPOINT_FILE);
  return {
    projections,
    relay: relayDeployed ? { ...relayLimits, checkpointFile: path.resolve(dataDir, env.RELAY_CHECKPOINT_FILE || 'relay-checkpoint.json') } : null,
  };
}
