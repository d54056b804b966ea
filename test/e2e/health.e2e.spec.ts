/**
 * Health that means something and metrics (issue 16): /health as API.md says, /health/live for
 * the process, /health/ready failing with its lag figures when the projections or the relay fall
 * behind, and /metrics in Prometheus' text format fed by the command bus, the problems answered
 * and the event log's group commits. Readiness and metrics are the operator's (and auditor's).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EventStore, SqliteEventStore } from '@benefit/event-store';
import { Storage } from '@benefit/runtime';
import { STORAGE } from '../../apps/api/src/infrastructure/storage.module';
import { EVENT_STORE } from '../../apps/api/src/infrastructure/tokens';
import { TestApp, claimBody, expectProblem, issueToken, register, startApp, submit } from '../support/e2e';

const SETTINGS = { HEALTH_PROJECTION_MAX_LAG_EVENTS: '3', KAFKA_BROKERS: 'localhost:1', RELAY_CHECKPOINT_FILE: 'relay-checkpoint.json', HEALTH_RELAY_MAX_LAG_EVENTS: '2' };

/** A sample's value in Prometheus text, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = m[2] ? m[2].split(',') : [];
    if (want.every((w) => have.includes(w))) return Number(m[3]);
  }
  return undefined;
}

describe('health and metrics (issue 16)', () => {
  let t: TestApp;
  let operator: string;
  let clerk: string;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    for (const [k, v] of Object.entries(SETTINGS)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    t = await startApp();
    operator = (await issueToken(t, ['operator'], 'prometheus')).token;
    clerk = (await issueToken(t, ['clerk'], 'clerk-wang')).token;
  });
  afterAll(async () => {
    await t.close();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  const relayAt = (position: number) => fs.writeFileSync(path.join(t.dataDir, 'relay-checkpoint.json'), JSON.stringify({ position, updatedAt: new Date().toISOString() }));
  const head = () => t.app.get<EventStore>(EVENT_STORE).headPosition();

  it('GET /health keeps its meaning (public, 200 once it takes commands, the projected position); /health/live is public', async () => {
    await register(t);
    const res = await t.as(null).get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', projectedThrough: await head() });
    const live = await t.as(null).get('/health/live').expect(200);
    expect(live.body).toMatchObject({ status: 'ok', info: { process: { status: 'up', pid: process.pid } } });
  });

  it('/health/ready and /metrics: 401 without a token, 403 for a clerk, 200 for the operator', async () => {
    relayAt(await head());
    for (const url of ['/health/ready', '/metrics']) {
      expectProblem(await t.as(null).get(url), 401);
      expectProblem(await t.as(clerk).get(url), 403);
      await t.as(operator).get(url).expect(200);
    }
  });

  it('ready: storage, projections and relay within their lag, the figures in the body', async () => {
    await register(t);
    relayAt(await head());
    const res = await t.as(operator).get('/health/ready').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.details).toMatchObject({
      storage: { status: 'up', head: await head() },
      projections: { status: 'up', lagEvents: 0, lagSeconds: 0, position: await head(), maxLagEvents: 3 },
      relay: { status: 'up', lagEvents: 0, position: await head(), maxLagEvents: 2 },
    });
  });

  it('ready: 503 naming the relay when it is further behind than HEALTH_RELAY_MAX_LAG_EVENTS, with its lag in events and seconds', async () => {
    relayAt(0);
    const res = await t.as(operator).get('/health/ready').expect(503);
    expect(res.body.status).toBe('error');
    expect(res.body.error.relay).toMatchObject({ status: 'down', position: 0, lagEvents: await head() });
    expect(res.body.error.relay.lagSeconds).toBeGreaterThan(0);
    expect(res.body.info.projections.status).toBe('up');
    relayAt(await head());
    await t.as(operator).get('/health/ready').expect(200);
  });

  it('ready: 503 while the projections lag more than HEALTH_PROJECTION_MAX_LAG_EVENTS behind the head; 200 again once caught up', async () => {
    const storage = t.app.get<Storage>(STORAGE);
    await storage.projector!.stop();
    // appends this api projects in their own transaction: another process's (a tool that does not
    // project) are what leaves the projections behind
    const other = new SqliteEventStore({ filename: path.join(t.dataDir, 'events.db') });
    for (let i = 0; i < 4; i++) await other.append(`ops-probe-${i}`, [{ type: 'OpsProbe', data: { i } }], 'any');
    await other.close();
    relayAt(await head());
    const res = await t.as(operator).get('/health/ready').expect(503);
    expect(res.body.error.projections).toMatchObject({ status: 'down', lagEvents: 4, head: await head() });
    expect(res.body.details.storage.status).toBe('up');
    await storage.projector!.catchUp();
    await t.as(operator).get('/health/ready').expect(200);
  });

  it('/metrics: commands by type and outcome, settlement latency, group commits, refusals by problem type, lags and positions', async () => {
    const { personId } = await register(t);
    await submit(t, claimBody(personId));
    // a refusal: an unknown person (404) and a body that is not valid (400)
    await t.http().post('/v1/claims').send(claimBody('P-NOBODY'));
    await t.http().post('/v1/claims').send({ claimId: 'x' }).expect(400);
    relayAt(await head());
    const res = await t.as(operator).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.text;
    expect(sample(text, 'benefit_commands_total', { command: 'RegisterPatientCommand', outcome: 'ok' })).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'benefit_commands_total', { command: 'SubmitClaimCommand', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'benefit_commands_total', { command: 'SubmitClaimCommand', outcome: 'not_found' })).toBe(1);
    expect(sample(text, 'benefit_claim_settlement_duration_seconds_count', { outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'benefit_claim_settlement_duration_seconds_bucket', { outcome: 'ok', le: '+Inf' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'benefit_event_log_group_commit_appends_count')).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'benefit_event_log_events_appended_total')).toBeGreaterThanOrEqual(4);
    expect(sample(text, 'benefit_http_problems_total', { type: 'invalid', status: '400' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'benefit_http_problems_total', { status: '404' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'benefit_http_problems_total', { type: 'forbidden', status: '403' })).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'benefit_event_log_head_position')).toBe(await head());
    expect(sample(text, 'benefit_projection_checkpoint_position', { projection: 'ledger' })).toBe(await head());
    expect(sample(text, 'benefit_projection_lag_events')).toBe(0);
    expect(sample(text, 'benefit_projection_lag_seconds')).toBe(0);
    expect(sample(text, 'benefit_relay_lag_events')).toBe(0);
    expect(sample(text, 'benefit_commands_in_flight', { command: 'SubmitClaimCommand' })).toBe(0);
    expect(sample(text, 'benefit_http_request_duration_seconds_count', { method: 'POST', route: '/v1/claims', status_class: '2xx' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    // Prometheus conventions: counters end in _total, durations in _seconds
    for (const m of text.matchAll(/^# TYPE (benefit_\S+) (\S+)$/gm)) {
      if (m[2] === 'counter') expect(m[1]).toMatch(/_total$/);
      if (/duration/.test(m[1])) expect(m[1]).toMatch(/_seconds$/);
    }
  });
});
