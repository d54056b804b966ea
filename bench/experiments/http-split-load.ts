/**
 * The load clients of the http-split experiment, in a worker thread: bench/src/http-load.ts's
 * keep-alive clients (the same `post`, node's http Agent, one request after another per client,
 * the same claim bodies), with one addition: each 201 must carry the claim's own `claimId`.
 * No warm-up inside (the experiment warms up with a run of its own), so the thread's whole run is
 * the timed one.
 */
import * as http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { claimBody, personIdOf } from '../src/fixtures';
import { post } from '../src/http-post';
import type { HttpLoadOutput } from '../src/http-load';

export interface SplitLoadInput {
  port: number;
  clients: number;
  total: number;
  persons: number;
  prefix: string;
  seqOffset: number;
  token: string;
}

/** What the bench's own clients report (a type-only import: http-load.ts is a worker entry that runs when loaded). */
export type SplitLoadOutput = HttpLoadOutput;

async function run(input: SplitLoadInput): Promise<SplitLoadOutput> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: input.clients });
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let firstError: string | null = null;
  let next = 0;
  const started = performance.now();
  const elu0 = performance.eventLoopUtilization();
  const lane = async () => {
    for (;;) {
      const seq = next++;
      if (seq >= input.total) return;
      const claimId = `${input.prefix}-${String(seq).padStart(7, '0')}`;
      const body = JSON.stringify(claimBody(claimId, personIdOf((seq + input.seqOffset) % input.persons), seq + input.seqOffset));
      const t0 = performance.now();
      const res = await post(agent, input.port, input.token, body);
      latencies.push(performance.now() - t0);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      // the answer is the claim's view: 201 and this claim's id
      if (res.status === 201 && res.text.includes(`"claimId":"${claimId}"`)) ok++;
      else {
        failed++;
        firstError ??= `${res.status} ${res.text.slice(0, 300)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: input.clients }, lane));
  const elapsedMs = performance.now() - started;
  const clientElu = performance.eventLoopUtilization(elu0).utilization;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { ok, failed, statuses, elapsedMs, latencyMs: { p50: at(0.5), p99: at(0.99), max: latencies[latencies.length - 1] ?? 0 }, firstError, clientElu };
}

if (parentPort) {
  run(workerData as SplitLoadInput).then(
    (out) => parentPort!.postMessage({ out }),
    (err: Error) => parentPort!.postMessage({ error: err.stack ?? String(err) }),
  );
}
