/**
 * HTTP load generator: `clients` concurrent clients, each sending SubmitClaim requests one after
 * another over a keep-alive connection (node's http Agent). Runs in a worker thread so that
 * the client's own work does not share the server's event loop.
 */
import * as http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { post } from './http-post';
import { claimBody, personIdOf } from './fixtures';

export interface HttpLoadInput {
  port: number;
  clients: number;
  total: number;
  /** Claims used to warm up (JIT, connections) before the timed run. */
  warmup: number;
  persons: number;
  prefix: string;
  /** Offset so that HTTP claims do not fall on the persons the bus claims just used. */
  seqOffset: number;
  /** The bearer token every request carries: an issued clerk token, so the access guard's work is measured too. */
  token: string;
  /** GET /health instead of SubmitClaim: the cost of the HTTP stack alone. */
  health?: boolean;
  /** Count a 201 as ok only when it carries the claim's own id (the http-split experiment checks every answer so). */
  checkClaimId?: boolean;
}

export interface HttpLoadOutput {
  ok: number;
  failed: number;
  statuses: Record<string, number>;
  elapsedMs: number;
  latencyMs: { p50: number; p99: number; max: number };
  firstError: string | null;
  /** Event-loop utilisation of the load generator's thread during the timed run (1 = it was the limit). */
  clientElu: number;
}

async function run(input: HttpLoadInput): Promise<HttpLoadOutput> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: input.clients });
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let firstError: string | null = null;
  const send = async (seq: number, timed: boolean) => {
    const person = personIdOf((seq + input.seqOffset) % input.persons);
    const claimId = `${input.prefix}-${String(seq).padStart(7, '0')}`;
    const body = input.health ? null : JSON.stringify(claimBody(claimId, person, seq + input.seqOffset));
    const t0 = performance.now();
    const res = await post(agent, input.port, input.token, body);
    if (!timed) return;
    latencies.push(performance.now() - t0);
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    if (res.status === (input.health ? 200 : 201) && (!input.checkClaimId || res.text.includes(`"claimId":"${claimId}"`))) ok++;
    else {
      failed++;
      firstError ??= `${res.status} ${res.text.slice(0, 300)}`;
    }
  };
  const pool = async (from: number, to: number, timed: boolean) => {
    let next = from;
    const lane = async () => {
      for (;;) {
        const seq = next++;
        if (seq >= to) return;
        await send(seq, timed);
      }
    };
    await Promise.all(Array.from({ length: input.clients }, lane));
  };
  await pool(0, input.warmup, false);
  const started = performance.now();
  const elu0 = performance.eventLoopUtilization();
  await pool(input.warmup, input.warmup + input.total, true);
  const elapsedMs = performance.now() - started;
  const clientElu = performance.eventLoopUtilization(elu0).utilization;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { ok, failed, statuses, elapsedMs, latencyMs: { p50: at(0.5), p99: at(0.99), max: latencies[latencies.length - 1] ?? 0 }, firstError, clientElu };
}

if (parentPort) {
  run(workerData as HttpLoadInput).then(
    (out) => parentPort!.postMessage({ out }),
    (err: Error) => parentPort!.postMessage({ error: err.stack ?? String(err) }),
  );
}
