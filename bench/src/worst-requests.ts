/**
 * Issue 10 point 4: the longest a single request can hold the event loop at the limits the service
 * sets, measured on the real app over HTTP (client and server in this process, on one loop). Each
 * request is the worst of its kind that the limits let through, or the worst one refused:
 * - a simulation with MAX_OVERRIDE_VALUES override values, padded to its route's body limit, over a
 *   region's recorded history (the diff yields between every 100 persons);
 * - a claim of MAX_CLAIM_ITEMS items, as large as its route's limit (1 MB) lets them be;
 * - a claim body at that limit that validation walks and refuses: MAX_CLAIM_ITEMS items of wrong
 *   types, each filled with unknown keys (copied, then stripped), and one of far more items;
 * - bodies that the reader refuses: nested past MAX_JSON_DEPTH, over the route's limit;
 * - a registration at its route's 64 KB limit.
 * The figure of each is the longest event-loop stall while it ran (monitorEventLoopDelay, 1 ms
 * resolution): after one warm-up run, the median of `repeat` runs (the longest of them is in the
 * details: on a shared machine another process's CPU time lengthens a stall). `worstRequestMs` is
 * the worst of all kinds.
 */
import * as http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ALL_PARAMETER_DEFINITIONS } from '@benefit/policy';
import { BODY_LIMIT, MAX_CLAIM_ITEMS, MAX_JSON_DEPTH, MAX_OVERRIDE_VALUES, ROUTE_BODY_LIMIT, TokenRegistry, signingKey } from '@benefit/runtime';
import { startApp } from './app';
import { claimBody, personIdOf, residentId } from './fixtures';
import { nowMs, progress, removeDir, round, runPool, tempDir } from './util';

export interface WorstRequestsResult {
  worstSimulationRequestMs: number;
  worstClaimRequestMs: number;
  worstRefusedBodyMs: number;
  worstRequestMs: number;
  details: Record<string, { status: number; bytes: number; stallMs: number; maxStallMs: number; responseMs: number }>;
}

function post(port: number, token: string, path: string, body: string): Promise<{ status: number; ms: number }> {
  const started = nowMs();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: nowMs() - started }));
      },
    );
    // a body over the limit is answered before it is all sent: the server may close while we write
    req.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'EPIPE' || (err as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve({ status: 413, ms: nowMs() - started }) : reject(err)));
    req.end(body);
  });
}

/** Pads a JSON object body with an unknown field (stripped by validation) to exactly `bytes`. */
function padTo(body: Record<string, unknown>, bytes: number): string {
  const text = JSON.stringify({ ...body, padding: '' });
  return JSON.stringify({ ...body, padding: 'x'.repeat(Math.max(0, bytes - Buffer.byteLength(text))) });
}

/** The largest valid claim the limits let through: MAX_CLAIM_ITEMS items, each as long as the body limit allows. */
function largestClaim(claimId: string, personId: string): string {
  const base = claimBody(claimId, personId, 1);
  const item = (i: number, name: string) => ({ code: `C${String(i).padStart(63, '0')}`, name, kind: 'drug', catalogClass: i % 3 === 0 ? 'C' : 'A', drugClass: null, amountFen: 100 + (i % 97), tags: [] as string[] });
  const skeleton = JSON.stringify({ ...base, items: Array.from({ length: MAX_CLAIM_ITEMS }, (_, i) => item(i, '')) });
  // what is left of the limit, spread over the items' names (3 bytes a character in UTF-8), 200 characters at most
  const perItem = Math.min(200, Math.floor((BODY_LIMIT - Buffer.byteLength(skeleton) - 1024) / MAX_CLAIM_ITEMS / 3));
  return JSON.stringify({ ...base, items: Array.from({ length: MAX_CLAIM_ITEMS }, (_, i) => item(i, '药'.repeat(Math.max(1, perItem)))) });
}

/** A claim at the body limit that validation walks and refuses: every item of wrong types, filled with unknown keys. */
function refusedClaim(personId: string): string {
  const bad = { code: 1, name: [], kind: {}, catalogClass: 'Z', drugClass: 5, amountFen: '1', tags: 'x' };
  const keysPerItem = Math.floor((BODY_LIMIT - 4096) / MAX_CLAIM_ITEMS / 12) - 8;
  const item = { ...bad, ...Object.fromEntries(Array.from({ length: keysPerItem }, (_, k) => [`u${k}`, 0])) };
  return JSON.stringify({ ...claimBody('REFUSED', personId, 1), items: Array.from({ length: MAX_CLAIM_ITEMS }, () => item) });
}

/** As many (empty) items as the body limit holds: refused by their number before any is looked at. */
function tooManyItems(personId: string): string {
  return JSON.stringify({ ...claimBody('TOO-MANY', personId, 1), items: Array.from({ length: Math.floor((BODY_LIMIT - 4096) / 3) }, () => ({})) });
}

/** MAX_OVERRIDE_VALUES values over every rate parameter of the packs, each a list of dated values. */
function simulationAtTheCap(): Record<string, unknown> {
  const rates = [...ALL_PARAMETER_DEFINITIONS.values()].filter((d) => d.unit === 'rate' && d.key.startsWith('nanchong.'));
  const overrides: Record<string, { effectiveFrom: string; value: number }[]> = {};
  for (let n = 0; n < MAX_OVERRIDE_VALUES; n++) {
    const def = rates[n % rates.length];
    (overrides[def.key] ??= []).push({ effectiveFrom: `2023-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`, value: 0.6 });
  }
  return { regionCode: 'nanchong', fromMonth: '2023-01', toMonth: '2023-12', parameterOverrides: overrides };
}

export async function measureWorstRequests(opts: { persons: number; claimsPerPerson: number; repeat: number }): Promise<WorstRequestsResult> {
  const dataDir = tempDir('worst-requests');
  const app = await startApp(dataDir);
  try {
    const registry = new TokenRegistry(dataDir);
    const { token } = await registry.issue(signingKey(dataDir), { roles: ['admin'], subject: 'bench-worst', institutionId: null, expiresInSeconds: 3600, issuedBy: 'bench' });
    registry.close();
    progress(`worst requests: a region of ${opts.persons} persons × ${opts.claimsPerPerson} claims for the simulation to re-settle`);
    // persons far from the bench's own ids (their resident ids must differ)
    await runPool(opts.persons, 64, async (i) => {
      await app.register(personIdOf(500_000 + i), 500_000 + i);
    });
    let seq = 0;
    await runPool(opts.persons * opts.claimsPerPerson, 64, async () => {
      const s = seq++;
      await app.submit(claimBody(`WORST-${s}`, personIdOf(500_000 + (s % opts.persons)), s), `worst-${s}`);
    });

    const details: WorstRequestsResult['details'] = {};
    const h = monitorEventLoopDelay({ resolution: 1 });
    const measure = async (name: string, path: string, body: () => string, expect: number) => {
      const stalls: number[] = [];
      const responses: number[] = [];
      let bytes = 0;
      for (let r = 0; r <= opts.repeat; r++) {
        const text = body();
        bytes = Buffer.byteLength(text);
        // let the loop settle, then watch it for the one request
        await new Promise((resolve) => setTimeout(resolve, 20));
        h.reset();
        h.enable();
        const { status, ms } = await post(app.port, token, path, text);
        h.disable();
        if (status !== expect) throw new Error(`worst requests: ${name} answered ${status}, expected ${expect}`);
        if (r === 0) continue; // the warm-up: the code of this path compiled
        stalls.push(h.max / 1e6);
        responses.push(ms);
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const result = { status: expect, bytes, stallMs: round(median(stalls), 1), maxStallMs: round(Math.max(...stalls), 1), responseMs: round(median(responses), 1) };
      details[name] = result;
      progress(`worst requests: ${name} (${bytes.toLocaleString('en-US')} bytes → ${expect}): the loop stalled ${result.stallMs} ms (median of ${opts.repeat}; longest ${result.maxStallMs} ms); answered in ${result.responseMs} ms`);
      return result.stallMs;
    };

    const simulation = await measure('simulationAtTheCap', '/v1/simulations', () => padTo(simulationAtTheCap(), ROUTE_BODY_LIMIT - 64), 200);
    let claimSeq = 0;
    const claim = await measure('claimOf1000Items', '/v1/claims', () => largestClaim(`WORST-BIG-${claimSeq++}`, personIdOf(500_000)), 201);
    const refusedValidation = await measure('claimRefusedByValidation', '/v1/claims', () => refusedClaim(personIdOf(500_000)), 400);
    const refusedCount = await measure('claimOfTooManyItems', '/v1/claims', () => tooManyItems(personIdOf(500_000)), 400);
    const deep = await measure('bodyNestedTooDeep', '/v1/claims', () => `{"items":${'['.repeat(BODY_LIMIT / 2 - 16)}${']'.repeat(BODY_LIMIT / 2 - 16)}}`, 400);
    const justDeep = await measure('bodyNested32Deep', '/v1/claims', () => padTo({ items: JSON.parse('['.repeat(MAX_JSON_DEPTH - 1) + ']'.repeat(MAX_JSON_DEPTH - 1)) }, BODY_LIMIT - 64), 400);
    const tooLarge = await measure('bodyOverTheLimit', '/v1/persons', () => padTo({ personId: 'X' }, ROUTE_BODY_LIMIT + 1024), 413);
    let regSeq = 0;
    const registration = await measure(
      'registrationAt64KB',
      '/v1/persons',
      () => padTo({ personId: `WORST-REG-${regSeq}`, name: '张三', idNumber: residentId(900_000 + regSeq++), regionCode: 'nanchong', scheme: 'resident', countyCode: '511302', registeredOn: '2023-01-01' }, ROUTE_BODY_LIMIT - 64),
      201,
    );
    const refused = Math.max(refusedValidation, refusedCount, deep, justDeep, tooLarge);
    return {
      worstSimulationRequestMs: simulation,
      worstClaimRequestMs: claim,
      worstRefusedBodyMs: refused,
      worstRequestMs: Math.max(simulation, claim, refused, registration),
      details,
    };
  } finally {
    await app.close();
    removeDir(dataDir);
  }
}
