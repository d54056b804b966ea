/**
 * Phase `bus`: SubmitClaim through the CommandBus, 64 in flight, on the shared app (its claims are
 * also the log the catch-up phase rebuilds); beside it the storage path of a claim alone, the
 * ceiling the bus is measured against, and the same claims on an app at synchronous=NORMAL.
 */
import { Measured } from '../figures';
import { claimBody, personIdOf } from '../fixtures';
import { Profiled, countStoreCommits, latencyOf } from '../measure';
import { measureStorePath } from '../store-path';
import { Sizes } from '../sizes';
import { startApp } from '../app';
import { nowMs, perSec, progress, removeDir, round, runPool, tempDir } from '../util';
import { AppSession } from './app-session';

/** The storage path of a claim without deciding it: the ceiling the bus is measured against. */
export async function measureStorePathPhase(sizes: Sizes, profiled: Profiled): Promise<Measured> {
  const sp = await profiled('storePath', () => measureStorePath({ persons: sizes.persons, claims: sizes.busClaims, inFlight: sizes.inFlight }));
  const measured = { figures: { storePathClaimsPerSec: sp.claimsPerSec }, details: { storePath: { claims: sp.claims, cpuUsPerClaim: round(sp.cpuUsPerClaim, 1) } } };
  progress(`store path: ${Math.round(sp.claimsPerSec)} claims/s (${round(sp.cpuUsPerClaim, 1)} µs of CPU per claim)`);
  return measured;
}

/** `submitClaimBusPerSec`, after a warm-up; `claimsSubmitted` (warm-up included) numbers the HTTP phase's claims after these. */
export async function measureBusPhase({ app, projectorTx, storeTx }: AppSession, sizes: Sizes, profiled: Profiled): Promise<Measured & { claimsSubmitted: number }> {
  let seq = 0;
  const submitMany = async (count: number, prefix: string, latencies: number[] | null) =>
    runPool(count, sizes.inFlight, async () => {
      const s = seq++;
      const body = claimBody(`${prefix}-${String(s).padStart(7, '0')}`, personIdOf(s % sizes.persons), s);
      const t0 = nowMs();
      const result = await app.submit(body, `bus-${s}`);
      latencies?.push(nowMs() - t0);
      if (!result.created || result.view.claimId !== body.claimId) throw new Error(`bus: claim ${body.claimId} was not created and projected`);
    });
  progress(`bus: warming up with ${sizes.busWarmup} claims`);
  await submitMany(sizes.busWarmup, 'BUSW', null);
  progress(`bus: ${sizes.busClaims} claims, ~5 items each, ${sizes.inFlight} in flight, over ${sizes.persons} persons`);
  const latencies: number[] = [];
  const head0 = await app.store.headPosition();
  projectorTx.reset();
  storeTx.reset();
  const cpu0 = process.cpuUsage();
  const ms = await profiled('bus', () => submitMany(sizes.busClaims, 'BUS', latencies));
  const cpu = process.cpuUsage(cpu0);
  const storeCommits = storeTx.count();
  const events = (await app.store.headPosition()) - head0;
  const submitClaimBusPerSec = perSec(sizes.busClaims, ms);
  const bus = {
    claims: sizes.busClaims,
    inFlight: sizes.inFlight,
    seconds: round(ms / 1000, 2),
    latencyMs: latencyOf(latencies),
    /** CPU time of this process per claim (user + system): steadier than claims/s on a shared machine. */
    cpuUsPerClaim: round((cpu.user + cpu.system) / sizes.busClaims, 1),
    eventsPerClaim: round(events / sizes.busClaims, 2),
    /** Event-store write transactions (group-commit flushes) per claim. */
    eventStoreTransactionsPerClaim: storeCommits === null ? null : round(storeCommits / sizes.busClaims, 3),
    projectorTransactionsPerClaim: round(projectorTx.count() / sizes.busClaims, 3),
  };
  progress(`bus: ${Math.round(submitClaimBusPerSec)} claims/s (${JSON.stringify(bus)})`);
  return { figures: { submitClaimBusPerSec }, details: { bus }, claimsSubmitted: seq };
}

/** The same claims with SQLITE_SYNCHRONOUS=NORMAL, on an app of its own, side by side with FULL (`fullPerSec`). */
export async function measureBusNormalPhase(sizes: Sizes, profiled: Profiled, fullPerSec: number | null): Promise<Measured> {
  const normal = await profiled('busNormal', () => measureBusNormal(sizes));
  progress(`bus, synchronous=NORMAL: ${Math.round(normal.claimsPerSec)} claims/s (${JSON.stringify(normal.details)}); FULL above: ${Math.round(fullPerSec ?? 0)}`);
  return { figures: { submitClaimBusPerSecNormal: normal.claimsPerSec }, details: { busNormal: normal.details } };
}

/**
 * `submitClaimBusPerSec` again on an app whose log runs synchronous=NORMAL (a fresh DATA_DIR, its
 * own persons, the same warm-up, claims and concurrency), closed before the run goes on. It runs
 * after the FULL measurement, so the process is no colder for it.
 */
async function measureBusNormal(sizes: Sizes) {
  const dir = tempDir('data-normal');
  const app = await startApp(dir, 'NORMAL');
  try {
    const storeTx = countStoreCommits(app.store);
    await runPool(sizes.persons, sizes.inFlight, async (i) => {
      await app.register(personIdOf(i), i);
    });
    let seq = 0;
    const submitMany = (count: number, prefix: string, latencies: number[] | null) =>
      runPool(count, sizes.inFlight, async () => {
        const s = seq++;
        const body = claimBody(`${prefix}-${String(s).padStart(7, '0')}`, personIdOf(s % sizes.persons), s);
        const t0 = nowMs();
        const result = await app.submit(body, `busn-${s}`);
        latencies?.push(nowMs() - t0);
        if (!result.created || result.view.claimId !== body.claimId) throw new Error(`bus (NORMAL): claim ${body.claimId} was not created and projected`);
      });
    progress(`bus, synchronous=NORMAL: warming up with ${sizes.busWarmup} claims, then ${sizes.busClaims} claims`);
    await submitMany(sizes.busWarmup, 'BUSNW', null);
    const latencies: number[] = [];
    storeTx.reset();
    const ms = await submitMany(sizes.busClaims, 'BUSN', latencies);
    const commits = storeTx.count();
    return {
      claimsPerSec: perSec(sizes.busClaims, ms),
      details: {
        claims: sizes.busClaims,
        seconds: round(ms / 1000, 2),
        latencyMs: latencyOf(latencies),
        eventStoreTransactionsPerClaim: commits === null ? null : round(commits / sizes.busClaims, 3),
      },
    };
  } finally {
    await app.close();
    removeDir(dir);
  }
}
