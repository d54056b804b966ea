/**
 * Every metric of /metrics (issue 16), on a registry of this app's own (two apps in one process,
 * as in the tests, never collide). Prometheus conventions: `benefit_` prefix, base units last
 * (`_seconds`), counters end in `_total`. What is read when scraped (positions, lags) is a gauge
 * with a collect function; what happens (commands, refusals, group commits) is counted as it does.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { LagProbe } from '../health/lag.service';

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics(lag: LagProbe) {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });

  // one read of head, projections and relay per scrape, shared by the gauges below
  let scrape: Promise<{ head: number; projections: Awaited<ReturnType<LagProbe['projections']>>; relay: Awaited<ReturnType<LagProbe['relay']>> }> | null = null;
  const figures = () => {
    scrape ??= (async () => {
      const head = await lag.head();
      return { head, projections: await lag.projections(head), relay: await lag.relay(head) };
    })().finally(() => setImmediate(() => (scrape = null)));
    return scrape;
  };

  return {
    registry,
    commands: new Counter({ name: 'benefit_commands_total', help: 'Commands run on the command bus, by command type and outcome (ok, invalid, not_found, conflict, refused, forbidden, error)', labelNames: ['command', 'outcome'], registers }),
    commandDuration: new Histogram({
      name: 'benefit_command_duration_seconds',
      help: 'Time from a command entering the bus to its answer (decided, appended, projections caught up), by command type',
      labelNames: ['command'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120],
      registers,
    }),
    commandsInFlight: new Gauge({ name: 'benefit_commands_in_flight', help: 'Commands running now, by command type (a long job such as SettleMonth shows here while it runs)', labelNames: ['command'], registers }),
    settlement: new Histogram({
      name: 'benefit_claim_settlement_duration_seconds',
      help: 'Latency of settling a claim (SubmitClaim: fold, settle over every payer, append, project), by outcome',
      labelNames: ['outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    groupCommitAppends: new Histogram({
      name: 'benefit_event_log_group_commit_appends',
      help: 'Append requests written per group commit of the SQLite event log (one fsync each)',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
      registers,
    }),
    eventsAppended: new Counter({ name: 'benefit_event_log_events_appended_total', help: 'Events appended to the SQLite event log by this process', registers }),
    problems: new Counter({ name: 'benefit_http_problems_total', help: 'Requests answered with a problem+json, by problem type (the last part of its type URI) and status', labelNames: ['type', 'status'], registers }),
    requests: new Histogram({
      name: 'benefit_http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status class',
      labelNames: ['method', 'route', 'status_class'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    }),
    head: new Gauge({
      name: 'benefit_event_log_head_position',
      help: 'Global position of the last event in the log',
      registers,
      async collect() {
        this.set((await figures()).head);
      },
    }),
    checkpoints: new Gauge({
      name: 'benefit_projection_checkpoint_position',
      help: 'Position each projection has applied (its progress through a rebuild or catch-up, against benefit_event_log_head_position)',
      labelNames: ['projection'],
      registers,
      async collect() {
        for (const [projection, position] of Object.entries((await figures()).projections.byProjection)) this.set({ projection }, position);
      },
    }),
    projectionLagEvents: new Gauge({
      name: 'benefit_projection_lag_events',
      help: 'Events in the log that the slowest projection has not applied',
      registers,
      async collect() {
        this.set((await figures()).projections.lagEvents);
      },
    }),
    projectionLagSeconds: new Gauge({
      name: 'benefit_projection_lag_seconds',
      help: 'Age of the oldest event the slowest projection has not applied (0 when caught up)',
      registers,
      async collect() {
        this.set((await figures()).projections.lagSeconds);
      },
    }),
    relayCheckpoint: new Gauge({
      name: 'benefit_relay_checkpoint_position',
      help: 'Position of the last event the Kafka relay had acknowledged by the broker (only where a relay is deployed)',
      registers,
      async collect() {
        const relay = (await figures()).relay;
        if (relay) this.set(relay.position);
      },
    }),
    relayLagEvents: new Gauge({
      name: 'benefit_relay_lag_events',
      help: 'Events in the log the relay has not published yet (only where a relay is deployed)',
      registers,
      async collect() {
        const relay = (await figures()).relay;
        if (relay) this.set(relay.lagEvents);
      },
    }),
    relayLagSeconds: new Gauge({
      name: 'benefit_relay_lag_seconds',
      help: 'Age of the oldest event the relay has not published yet, 0 when caught up (only where a relay is deployed)',
      registers,
      async collect() {
        const relay = (await figures()).relay;
        if (relay) this.set(relay.lagSeconds);
      },
    }),
    backupLastSuccess: new Gauge({ name: 'benefit_backup_last_success_timestamp_seconds', help: 'When the last scheduled backup finished (Unix time; absent until one has)', registers }),
    backupDuration: new Gauge({ name: 'benefit_backup_last_duration_seconds', help: 'How long the last successful scheduled backup took', registers }),
    backupFailures: new Counter({ name: 'benefit_backup_failures_total', help: 'Scheduled backups that failed', registers }),
  };
}
