/**
 * `node dist/bench/experiments/http-split.js [httpClaims=5000] [busClaims=15000] [rounds=3] [profileDir]`
 *
 * Issue 13.6, the leanest prototype of "HTTP over both cores with a single writer", measured
 * interleaved with the real route on one app (one DATA_DIR, SQLITE_SYNCHRONOUS=FULL, projections
 * in the appending transaction), round after round A B B2 C C16:
 *
 *   A  the real route: `POST /v1/claims` on the app (Nest on Fastify, its guard verifying an
 *      issued clerk token, validation, rate limit, helmet, access records, problem+json), from
 *      16 keep-alive clients in a worker thread (the clients of bench/src/http-load.ts with no
 *      warm-up inside, each answer checked for 201 and its claimId);
 *   B  the split: the same clients and bodies to a bare Fastify server in a worker thread
 *      (http-split-server.ts) that parses the body, checks the bearer token by string equality
 *      and posts the parsed body with a request id over a MessagePort to the main thread; the main
 *      thread, the single writer, runs `app.submit` (SubmitClaimCommand through the CommandBus,
 *      the event append and its projections, exactly the bus phase's work) and posts back the
 *      claim's view (201, or 200 for the same claim again) or a problem; the worker answers it
 *      as JSON;
 *   B2 the same split with the port's messages batched both ways: the requests of one turn of the
 *      worker's event loop in one message, the answers of one turn of the main thread's likewise
 *      (fewer wake-ups and messages; the bodies reach the bus together, larger group commits);
 *   C  the bus alone in-process, 64 in flight (as the bus phase): the ceiling of the writer;
 *   C16  beside it, the bus with 16 in flight (as many as the clients keep in A and B), httpClaims
 *      claims: what the writer alone does at B's concurrency (smaller group commits), so that B's
 *      gap to C splits into the concurrency's share and the port's.
 *
 * Each row: claims/s; event-loop utilisation (performance.eventLoopUtilization) of the main
 * thread, of the HTTP worker (B) and of the clients' thread; per claim, the main thread's busy
 * time (ELU × wall) split into its CPU, its run-queue wait (/proc/self/task/<tid>/schedstat) and
 * the rest (blocking syscalls: the log's fsync under FULL); the event store's group commits per
 * claim; CPU µs per claim of the HTTP worker and of the whole process (process.cpuUsage:
 * all threads, the clients' included), the cores the process used (its CPU over wall time) and
 * the cores other processes used meanwhile (/proc/stat less this process: the machine is shared).
 * After the rounds, a diagnostic (not in the comparison): A, B and B2 once each with 64 clients,
 * to tell whether the split is bound by the 16 clients' concurrency (the round trip through the
 * port) or by the writer. Then one more B round runs under the in-process CPU profiler (not in the table);
 * its file is summarised here and by `node dist/bench/src/profile.js <file>`.
 *
 * Corners the prototype (B, B2) cuts against the real route (A); each is work A's main thread does
 * and B does nowhere (or does in the worker, where noted):
 *   - access guard: string equality with one token (in the worker) instead of verifying the signed
 *     token (jose) against the token registry (revocation), the role policy (@Allow clerk/hospital)
 *     and a hospital's own-institution check; the command's meta carries actor `bench`, not the
 *     token's subject, role and token id;
 *   - rate limit: no @fastify/rate-limit (in A its key generator verifies the token too);
 *   - no helmet headers (A: helmet on every answer), no CORS (A: only when configured);
 *   - no x-correlation-id header: the correlation id is `split-<request id>`;
 *   - validation: no global validation pipe (compiled validation of SubmitClaimDto) and no
 *     `claimFrom` (claim bounds, specialDisease/visitType, priorPayments key order, defaults): the
 *     parsed body goes to the bus as it came; the body is parsed by Fastify's default JSON parser,
 *     not the app's Express-like body handling (useExpressLikeBodies, per-route @BodyLimit; both
 *     1 MB here);
 *   - no Nest router, guards, interceptors, pipes, param decorators or exception filter; errors
 *     are a bare `{ title, detail }` as application/problem+json (DomainError kind to
 *     400/404/409/422, anything else 500), not the problem filter's document; no frameworkErrors /
 *     clientErrorHandler problem answers; Fastify's default timeouts, not the app's;
 *   - access records: none cut (POST /v1/claims records none in A either; a refused request
 *     records nothing); the request log is debug-only, off at warn in both; the bus's metrics
 *     (prom-client instrumentation of bus.execute) run in both;
 *   - idempotency: the bus's own is kept (the same claimId and body again answers 200, a conflict
 *     409); nothing else of the edge's replay handling;
 *   - no backpressure or timeout for requests waiting on the main thread, no graceful shutdown,
 *     no handling of a dead worker;
 *   - the view crosses the port by structured clone and the worker serialises it (A: the main
 *     thread serialises it).
 * What B keeps for every request: the CommandBus submit with its decision, the event append under
 * SQLITE_SYNCHRONOUS=FULL with the projections in the appending transaction, the view; each
 * answer is checked by the clients (201 and the claim's own claimId) and the writer checks the
 * view's claimId and counts its answers against the requests.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import { DomainError } from '@benefit/shared';
import { startApp } from '../src/app';
import { countStoreCommits } from '../src/measure';
import { claimBody, personIdOf } from '../src/fixtures';
import { SectionProfiler, summarize } from '../src/profile';
import { nowMs, perSec, progress, removeDir, runPool, tempDir } from '../src/util';
import type { SplitAnswer, SplitServerInput } from './http-split-server';
import type { HttpLoadInput, HttpLoadOutput } from '../src/http-load';

const CLIENTS = 16;
const BUS_IN_FLIGHT = 64;
const PERSONS = 8_000;
const WARMUP = 500;

/**
 * One thread of this process from /proc/self/task/<tid>/schedstat (ns): `cpuUs` on a core, and
 * `runqUs` runnable but waiting for a core (what a shared, 2-core machine takes from it).
 */
function threadSched(tid: number): { cpuUs: number; runqUs: number } {
  const [cpu, runq] = fs.readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').trim().split(' ').map(Number);
  return { cpuUs: cpu / 1000, runqUs: runq / 1000 };
}
/** CPU µs the whole machine spent busy (all cores; /proc/stat, 100 ticks/s): less this process's, what others used. */
function machineBusyUs(): number {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, _idle, _iowait, irq, softirq, steal] = f;
  return (user + nice + system + irq + softirq + steal) * 10_000;
}
const processCpuUs = () => {
  const c = process.cpuUsage();
  return c.user + c.system;
};

interface Row {
  label: string;
  claims: number;
  perSec: number;
  mainElu: number;
  httpElu: number | null;
  clientElu: number | null;
  mainCpuUs: number;
  /** µs per claim the main thread was runnable but waited for a core. */
  mainRunqUs: number;
  /** µs per claim the main thread's event loop was busy (ELU × wall / claims): CPU + run-queue wait + blocking syscalls (the log's fsync). */
  mainActiveUs: number;
  /** Event-store write transactions (group commits, one fsync each) per claim. */
  commitsPerClaim: number | null;
  httpCpuUs: number | null;
  processCpuUs: number;
  cores: number;
  /** Cores other processes on the machine used meanwhile (a shared machine: what this run competed with). */
  others: number;
  p50: number | null;
  p99: number | null;
}

const STATUS: Record<DomainError['kind'], number> = { invalid: 400, not_found: 404, conflict: 409, refused: 422 };

async function main(): Promise<void> {
  const httpClaims = Number(process.argv[2] ?? 5_000);
  const busClaims = Number(process.argv[3] ?? 15_000);
  const rounds = Number(process.argv[4] ?? 3);
  const profileDir = process.argv[5] ?? path.join(process.env.TMPDIR ?? '/tmp', 'http-split-profile');
  const started = nowMs();
  const dir = tempDir('http-split');
  const app = await startApp(dir);
  const mainTid = process.pid;
  const storeTx = countStoreCommits(app.store);
  let seq = 0; // every claim of the run has its own number (ids and persons follow it)
  try {
    progress(`registering ${PERSONS} persons through the CommandBus`);
    await runPool(PERSONS, BUS_IN_FLIGHT, (i) => app.register(personIdOf(i), i).then(() => undefined));

    // B's writer: the main thread answers each request an HTTP worker posts (B2: in batches both ways)
    let answered = 0;
    const startSplit = async (batch: boolean) => {
      const channel = new MessageChannel();
      let queue: SplitAnswer[] = [];
      const flush = () => {
        const q = queue;
        queue = [];
        channel.port1.postMessage(q);
      };
      const reply = batch
        ? (a: SplitAnswer) => {
            if (queue.push(a) === 1) setImmediate(flush);
          }
        : (a: SplitAnswer) => channel.port1.postMessage(a);
      const handle = ({ id, body }: { id: number; body: ReturnType<typeof claimBody> }) => {
        app.submit(body, `split-${id}`).then(
          (result) => {
            if (result.view.claimId !== body.claimId) throw new Error(`split: claim ${body.claimId} answered with ${result.view.claimId}`);
            const { position: _position, ...view } = result.view;
            answered++;
            reply({ id, status: result.created ? 201 : 200, view });
          },
          (err: Error) => {
            const status = err instanceof DomainError ? STATUS[err.kind] : 500;
            const title = err instanceof DomainError ? err.title : 'Internal error';
            reply({ id, status, problem: { title, detail: err.message } });
          },
        );
      };
      type Request = { id: number; body: ReturnType<typeof claimBody> };
      channel.port1.on('message', (m: Request | Request[]) => (Array.isArray(m) ? m.forEach(handle) : handle(m)));
      const serverInput: SplitServerInput = { authorization: `Bearer ${app.token}`, port: channel.port2, batch };
      const worker = new Worker(path.join(__dirname, 'http-split-server.js'), { workerData: serverInput, transferList: [channel.port2] });
      const { listening, tid } = await new Promise<{ listening: number; tid: number }>((resolve, reject) => {
        worker.once('message', (m: { listening?: number; tid?: number; error?: string }) => (m.error ? reject(new Error(`split server: ${m.error}`)) : resolve(m as { listening: number; tid: number })));
        worker.once('error', reject);
      });
      progress(`split server ${batch ? 'B2 (batched)' : 'B'} listening on 127.0.0.1:${listening} (worker thread ${tid})`);
      return { worker, channel, port: listening, tid };
    };
    const splitB = await startSplit(false);
    const splitB2 = await startSplit(true);
    progress(`the app on 127.0.0.1:${app.port}`);

    /** One run of the clients against `port`; the figures cover the clients' thread from its start to its answer. */
    const httpRun = (label: string, port: number, total: number, split: typeof splitB | null, clients = CLIENTS): Promise<Row> =>
      new Promise((resolve, reject) => {
        const server = (split ?? splitB).worker;
        const serverTid = (split ?? splitB).tid;
        // no warm-up inside: the experiment warms up with a run of its own, so the thread's whole run is the timed one
        const input: HttpLoadInput = { port, clients, total, warmup: 0, persons: PERSONS, prefix: label.replace(/\W/g, '') + `-${seq}`, seqOffset: seq, token: app.token, checkClaimId: true };
        seq += total;
        const answered0 = answered;
        let t0 = 0;
        let mainElu0 = performance.eventLoopUtilization();
        let httpElu0 = server.performance.eventLoopUtilization();
        let main0 = { cpuUs: 0, runqUs: 0 };
        let httpCpu0 = 0;
        let cpu0 = 0;
        let machine0 = 0;
        const load = new Worker(path.join(__dirname, '..', 'src', 'http-load.js'), { workerData: input });
        load.once('online', () => {
          t0 = nowMs();
          mainElu0 = performance.eventLoopUtilization();
          httpElu0 = server.performance.eventLoopUtilization();
          main0 = threadSched(mainTid);
          httpCpu0 = threadSched(serverTid).cpuUs;
          storeTx.reset();
          cpu0 = processCpuUs();
          machine0 = machineBusyUs();
        });
        load.once('message', (m: { out?: HttpLoadOutput; error?: string }) => {
          const wallMs = nowMs() - t0;
          const mainElu = performance.eventLoopUtilization(mainElu0).utilization;
          const httpElu = server.performance.eventLoopUtilization(httpElu0).utilization;
          const main1 = threadSched(mainTid);
          const httpCpu = threadSched(serverTid).cpuUs - httpCpu0;
          const commits = storeTx.count();
          const cpu = processCpuUs() - cpu0;
          const machine = machineBusyUs() - machine0;
          if (!m.out) return reject(new Error(`load worker: ${m.error}`));
          const out = m.out;
          if (out.failed > 0 || out.ok !== total) return reject(new Error(`${label}: ${out.failed} of ${total} failed (${JSON.stringify(out.statuses)}); first: ${out.firstError}`));
          if (split && answered - answered0 !== total) return reject(new Error(`${label}: the writer answered ${answered - answered0} of ${total}`));
          resolve({
            label,
            claims: out.ok,
            perSec: perSec(out.ok, out.elapsedMs),
            mainElu,
            httpElu: split ? httpElu : null,
            clientElu: out.clientElu,
            mainCpuUs: (main1.cpuUs - main0.cpuUs) / total,
            mainRunqUs: (main1.runqUs - main0.runqUs) / total,
            mainActiveUs: (mainElu * wallMs * 1000) / total,
            commitsPerClaim: commits === null ? null : commits / total,
            httpCpuUs: split ? httpCpu / total : null,
            processCpuUs: cpu / total,
            cores: cpu / 1000 / wallMs,
            others: Math.max(0, (machine - cpu) / 1000 / wallMs),
            p50: out.latencyMs.p50,
            p99: out.latencyMs.p99,
          });
        });
        load.once('error', reject);
        load.once('exit', (code) => code !== 0 && reject(new Error(`load worker exited with ${code}`)));
      });

    const busRun = async (label: string, total: number, inFlight = BUS_IN_FLIGHT): Promise<Row> => {
      const from = seq;
      seq += total;
      const mainElu0 = performance.eventLoopUtilization();
      const main0 = threadSched(mainTid);
      storeTx.reset();
      const cpu0 = processCpuUs();
      const machine0 = machineBusyUs();
      const ms = await runPool(total, inFlight, async (i) => {
        const s = from + i;
        const body = claimBody(`${label.replace(/\W/g, '')}-${String(s).padStart(7, '0')}`, personIdOf(s % PERSONS), s);
        const result = await app.submit(body, `bus-${s}`);
        if (!result.created || result.view.claimId !== body.claimId) throw new Error(`bus: claim ${body.claimId} was not created and projected`);
      });
      const mainElu = performance.eventLoopUtilization(mainElu0).utilization;
      const main1 = threadSched(mainTid);
      const commits = storeTx.count();
      const cpu = processCpuUs() - cpu0;
      const machine = machineBusyUs() - machine0;
      return { label, claims: total, perSec: perSec(total, ms), mainElu, httpElu: null, clientElu: null, mainCpuUs: (main1.cpuUs - main0.cpuUs) / total,
        mainRunqUs: (main1.runqUs - main0.runqUs) / total,
        mainActiveUs: (mainElu * ms * 1000) / total,
        commitsPerClaim: commits === null ? null : commits / total,
        httpCpuUs: null, processCpuUs: cpu / total, cores: cpu / 1000 / ms, others: Math.max(0, (machine - cpu) / 1000 / ms), p50: null, p99: null };
    };

    const f = (v: number | null, d = 2) => (v === null ? '   - ' : v.toFixed(d));
    const line = (r: number | string, row: Row) =>
      progress(
        `round ${r} ${row.label.padEnd(12)} ${String(Math.round(row.perSec)).padStart(5)} claims/s | ELU main ${f(row.mainElu)} http-worker ${f(row.httpElu)} clients ${f(row.clientElu)} | main µs/claim: busy ${row.mainActiveUs.toFixed(0).padStart(4)} = CPU ${row.mainCpuUs.toFixed(0).padStart(4)} + runq ${row.mainRunqUs.toFixed(0).padStart(4)} + other ${(row.mainActiveUs - row.mainCpuUs - row.mainRunqUs).toFixed(0).padStart(4)} | commits/claim ${f(row.commitsPerClaim, 3)} | CPU µs/claim http-worker ${row.httpCpuUs === null ? '   -' : row.httpCpuUs.toFixed(0).padStart(4)} process ${row.processCpuUs.toFixed(0).padStart(4)} | cores ${row.cores.toFixed(2)} others ${row.others.toFixed(2)} | p50/p99 ms ${f(row.p50, 1)}/${f(row.p99, 1)}`,
      );

    progress(`warm-up: ${WARMUP * 2} bus claims, ${WARMUP} claims to each HTTP server`);
    await busRun('Cw', WARMUP * 2);
    await httpRun('Aw', app.port, WARMUP, null);
    await httpRun('Bw', splitB.port, WARMUP, splitB);
    await httpRun('B2w', splitB2.port, WARMUP, splitB2);

    progress(`rounds: ${rounds} × (A real route ${httpClaims}, B split ${httpClaims}, C bus ${busClaims} at ${BUS_IN_FLIGHT} in flight, C16 bus ${httpClaims} at ${CLIENTS}); ${CLIENTS} keep-alive clients; ${PERSONS} persons`);
    const rows: Row[] = [];
    for (let r = 1; r <= rounds; r++) {
      for (const step of ['A', 'B', 'B2', 'C', 'C16'] as const) {
        const row =
          step === 'A'
            ? await httpRun('A real-route', app.port, httpClaims, null)
            : step === 'B'
              ? await httpRun('B split', splitB.port, httpClaims, splitB)
              : step === 'B2'
                ? await httpRun('B2 batched', splitB2.port, httpClaims, splitB2)
                : step === 'C'
                ? await busRun('C bus', busClaims)
                : await busRun('C16 bus', httpClaims, CLIENTS);
        rows.push(row);
        line(r, row);
      }
    }
    const mean = (label: string) => rows.filter((x) => x.label === label).reduce((s, x) => s + x.perSec, 0) / rounds;
    const a = mean('A real-route');
    const b = mean('B split');
    const c = mean('C bus');
    const c16 = mean('C16 bus');
    const b2 = mean('B2 batched');
    const best = Math.max(b, b2);
    progress(
      `mean claims/s: A ${Math.round(a)}, B ${Math.round(b)}, B2 ${Math.round(b2)}, C ${Math.round(c)}, C16 ${Math.round(c16)}; B/A ${(b / a).toFixed(2)}x, B2/A ${(b2 / a).toFixed(2)}x; the better split against the 3,000/s target: ${best >= 3000 ? 'reached' : `misses by ${Math.round(3000 - best)}/s (${((3000 / best - 1) * 100).toFixed(0)}% more needed)`}`,
    );

    // diagnostic, not in the comparison: is the split bound by the 16 clients' concurrency? (one run each, 64 clients)
    progress(`diagnostic: the same runs with 64 keep-alive clients (one each; the clients' thread shares the 2 cores)`);
    line('D', await httpRun('A64 real', app.port, httpClaims, null, 64));
    line('D', await httpRun('B64 split', splitB.port, httpClaims, splitB, 64));
    line('D', await httpRun('B2-64 batch', splitB2.port, httpClaims, splitB2, 64));

    // one more B round under the profiler (the main thread: the writer), not in the table above
    const profiler = new SectionProfiler(profileDir);
    await profiler.start();
    const profiledRow = await httpRun('B profiled', splitB.port, httpClaims, splitB);
    const file = await profiler.stop('http-split-B-main');
    profiler.close();
    if (file) {
      // the first sample's delta spans the profiler's start and the clients' thread start-up, not the run: drop it
      const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as { timeDeltas: number[] };
      profile.timeDeltas[0] = 0;
      fs.writeFileSync(file, JSON.stringify(profile));
    }
    line('P', profiledRow);
    if (file) progress(`profile of the split's main thread: ${file}\n${summarize(JSON.parse(fs.readFileSync(file, 'utf8')), 25)}`);

    for (const split of [splitB, splitB2]) {
      await split.worker.terminate();
      split.channel.port1.close();
    }
    progress(`done in ${((nowMs() - started) / 1000).toFixed(0)} s`);
  } finally {
    await app.close();
    removeDir(dir);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
