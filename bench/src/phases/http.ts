/**
 * Phase `http`: SubmitClaim over HTTP from 16 keep-alive clients in a worker thread, on the shared
 * app, beside GET /health from the same clients (what the HTTP stack alone costs) and the same
 * claims to a bare Fastify route (`httpEchoPerSec`: what one event loop parsing them can serve).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import Fastify from 'fastify';
import { Measured } from '../figures';
import type { HttpLoadInput, HttpLoadOutput } from '../http-load';
import { SectionProfiler, summarize } from '../profile';
import { Sizes } from '../sizes';
import { perSec, progress, round } from '../util';
import { AppSession } from './app-session';

/** `claimsBefore`: the claims the bus phase submitted, so that these claim ids come after theirs. */
export async function measureHttpPhase({ app, projectorTx, storeTx }: AppSession, sizes: Sizes, profiler: SectionProfiler, claimsBefore: number): Promise<Measured> {
  progress(`http: ${sizes.httpClaims} claims from ${sizes.httpClients} keep-alive clients (worker thread) to 127.0.0.1:${app.port}`);
  const input: HttpLoadInput = {
    port: app.port,
    token: app.token,
    clients: sizes.httpClients,
    total: sizes.httpClaims,
    warmup: sizes.httpWarmup,
    persons: sizes.persons,
    prefix: 'HTTP',
    seqOffset: claimsBefore + 7,
  };
  // the server's event-loop utilisation over the run (from the worker's start, warm-up included)
  let serverElu = 0;
  const load = (workerData: HttpLoadInput) =>
    new Promise<HttpLoadOutput>((resolve, reject) => {
      const elu0 = performance.eventLoopUtilization();
      const worker = new Worker(path.join(__dirname, '..', 'http-load.js'), { workerData });
      worker.once('message', (m: { out?: HttpLoadOutput; error?: string }) => {
        serverElu = performance.eventLoopUtilization(elu0).utilization;
        if (m.out) resolve(m.out);
        else reject(new Error(`http load worker: ${m.error}`));
      });
      worker.once('error', reject);
      worker.once('exit', (code) => code !== 0 && reject(new Error(`http load worker exited with ${code}`)));
    });
  // the HTTP stack alone (GET /health, same clients): what express, Nest and the sockets cost
  const health = await load({ ...input, health: true, total: Math.max(1_000, Math.round(sizes.httpClaims / 2)), warmup: sizes.httpWarmup });
  const healthPerSec = perSec(health.ok, health.elapsedMs);
  const healthElu = { server: round(serverElu, 2), client: round(health.clientElu, 2) };
  progress(`http: GET /health from the same clients: ${Math.round(healthPerSec)} requests/s (event-loop utilisation ${JSON.stringify(healthElu)})`);
  const echo = await measureEcho((port) => load({ ...input, port }), sizes);
  const httpEchoPerSec = perSec(echo.ok, echo.elapsedMs);
  progress(`http: the same claims to a bare Fastify route that parses and echoes them: ${Math.round(httpEchoPerSec)} requests/s (event-loop utilisation ${serverElu.toFixed(2)})`);
  projectorTx.reset();
  storeTx.reset();
  await profiler.start();
  const out = await load(input);
  const file = await profiler.stop('http');
  if (file) progress(`profile of http (server side): ${file}\n${summarize(JSON.parse(fs.readFileSync(file, 'utf8')), 30)}`);
  if (out.failed > 0) throw new Error(`http: ${out.failed} of ${sizes.httpClaims} requests failed (${JSON.stringify(out.statuses)}); first: ${out.firstError}`);
  const submitClaimHttpPerSec = perSec(out.ok, out.elapsedMs);
  const http = {
    claims: out.ok,
    clients: sizes.httpClients,
    seconds: round(out.elapsedMs / 1000, 2),
    latencyMs: { p50: round(out.latencyMs.p50, 2), p99: round(out.latencyMs.p99, 2), max: round(out.latencyMs.max, 2) },
    projectorTransactionsPerClaim: round(projectorTx.count() / (sizes.httpClaims + sizes.httpWarmup), 3),
    eventStoreTransactionsPerClaim: storeTx.count() === null ? null : round(storeTx.count()! / (sizes.httpClaims + sizes.httpWarmup), 3),
    eventLoopUtilisation: { server: round(serverElu, 2), client: round(out.clientElu, 2) },
    healthGetPerSec: round(healthPerSec),
    healthEventLoopUtilisation: healthElu,
  };
  progress(`http: ${Math.round(submitClaimHttpPerSec)} claims/s beside httpEchoPerSec ${Math.round(httpEchoPerSec)} (${JSON.stringify(http)})`);
  return { figures: { submitClaimHttpPerSec, httpEchoPerSec }, details: { http } };
}

/**
 * The ceiling of one event loop serving these clients: a bare Fastify route (no Nest, no guard, no
 * validation, nothing written) on this thread that parses each claim POST and echoes it with 201,
 * from the same clients with the same bodies. The claim's rate beside it says what the service's
 * own work costs over HTTP's.
 */
async function measureEcho(load: (port: number) => Promise<HttpLoadOutput>, sizes: Sizes): Promise<HttpLoadOutput> {
  const server = Fastify({ bodyLimit: 1024 * 1024 });
  server.post('/v1/claims', async (req, reply) => reply.code(201).send(req.body));
  await server.listen({ host: '127.0.0.1', port: 0 });
  try {
    const out = await load((server.server.address() as { port: number }).port);
    if (out.failed > 0) throw new Error(`http echo: ${out.failed} of ${sizes.httpClaims} requests failed; first: ${out.firstError}`);
    return out;
  } finally {
    await server.close();
  }
}
