/** Phase `history`: how a long personal history slows a claim down, warm and cold, on the shared app. */
import { SNAPSHOT_EVERY } from '@benefit/domain';
import { BenchApp } from '../app';
import { Measured } from '../figures';
import { claimBody } from '../fixtures';
import { Profiled, latencyOf } from '../measure';
import { Sizes } from '../sizes';
import { nowMs, perSec, progress, round, runPool } from '../util';

/** A person with 10 earlier claims against one with 1,000. */
export async function measureHistoryPhase(app: BenchApp, sizes: Sizes, profiled: Profiled): Promise<Measured> {
  const history = await profiled('history', () => measureHistory(app, sizes));
  return { figures: { historySlowdown: history.warm.ratio, historySlowdownCold: history.cold.ratio }, details: { history } };
}

/**
 * Claims/s for persons with `historyShort` earlier claims against persons with `historyLong`,
 * measured claim by claim and sequentially, alternating between the two sides so that drift
 * (GC, WAL checkpoints) falls on both alike. Each side rotates over a pool of persons so that
 * the measured claims add at most 10% to anyone's history (10 → at most 19; 1,000 → at most 1,100).
 * The measured claims are two-diseases outpatient claims without the personal account: their
 * shares do not depend on what the earlier claims used up (deductible, cap, balance), so both
 * sides do the same work apart from the history itself.
 * Warm: the persons are in the command runner's cache, as on a live server.
 * Cold: `CommandRunner.forget()` clears the cache before each claim (a restarted server, or a
 * person evicted from the cache): each one reads the person's snapshot and folds the events
 * after it (at most SNAPSHOT_EVERY), or the whole stream when it has no snapshot yet.
 */
async function measureHistory(app: BenchApp, sizes: Sizes) {
  const n = sizes.historyMeasured;
  const pool = (name: string, count: number) => Array.from({ length: count }, (_, i) => `HIST-${name}-${String(i).padStart(3, '0')}`);
  const shortPerPerson = Math.max(1, Math.floor(sizes.historyShort));
  const longPerPerson = Math.max(1, Math.floor(sizes.historyLong / 10));
  const sides = {
    warmShort: pool('WS', Math.ceil(n / shortPerPerson)),
    warmLong: pool('WL', Math.ceil(n / longPerPerson)),
    coldShort: pool('CS', Math.ceil(n / shortPerPerson)),
    coldLong: pool('CL', Math.ceil(n / longPerPerson)),
  };
  let idIndex = 900_000;
  for (const p of Object.values(sides).flat()) await app.register(p, idIndex++);
  let seq = 0;
  const submit = async (personId: string, measured: boolean) => {
    const s = seq++;
    const base = claimBody(`${personId}-${String(s).padStart(6, '0')}`, personId, s);
    const body = measured ? { ...base, visitType: 'two_diseases_outpatient' as const, usePersonalAccount: false } : base;
    const result = await app.submit(body as typeof base, `hist-${s}`);
    if (!result.created) throw new Error(`history: claim ${body.claimId} was not created`);
  };
  const preload = async (persons: string[], count: number) => {
    let i = 0;
    await runPool(persons.length, persons.length, async () => {
      const personId = persons[i++];
      for (let k = 0; k < count; k++) await submit(personId, false);
    });
  };
  progress(`history: recording ${sizes.historyShort} earlier claims for ${sides.warmShort.length * 2} persons and ${sizes.historyLong} for ${sides.warmLong.length * 2}`);
  await preload([...sides.warmShort, ...sides.coldShort], sizes.historyShort);
  await preload([...sides.warmLong, ...sides.coldLong], sizes.historyLong);

  const alternate = async (short: string[], long: string[], cold: boolean) => {
    const ms = { short: [] as number[], long: [] as number[] };
    for (let i = 0; i < n; i++) {
      const pair = [['short', short[i % short.length]], ['long', long[i % long.length]]] as const;
      for (const [which, personId] of i % 2 === 0 ? pair : [pair[1], pair[0]]) {
        if (cold) app.runner.forget();
        const t0 = nowMs();
        await submit(personId, true);
        ms[which].push(nowMs() - t0);
      }
    }
    // A sequential claim takes well under a millisecond warm, so a handful of pauses that have nothing
    // to do with history (GC, a WAL checkpoint, the projector's poll timer, another process) would
    // decide the ratio: claims/s are taken over the fastest 95% of each side's claims. The plain
    // ratio over all claims is reported beside it.
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const trimmed = (xs: number[]) => [...xs].sort((a, b) => a - b).slice(0, Math.max(1, Math.ceil(xs.length * 0.95)));
    const rate = (xs: number[]) => perSec(xs.length, sum(xs));
    const shortPerSec = rate(trimmed(ms.short));
    const longPerSec = rate(trimmed(ms.long));
    return {
      shortPerSec: round(shortPerSec),
      longPerSec: round(longPerSec),
      ratio: shortPerSec / longPerSec,
      untrimmed: { shortPerSec: round(rate(ms.short)), longPerSec: round(rate(ms.long)), ratio: round(rate(ms.short) / rate(ms.long), 3) },
      latencyMs: { short: latencyOf(ms.short), long: latencyOf(ms.long) },
    };
  };
  progress(`history: ${n} claims each side, sequential, warm cache`);
  const warm = await alternate(sides.warmShort, sides.warmLong, false);
  progress(`history warm: ${warm.shortPerSec}/s with ${sizes.historyShort} earlier claims, ${warm.longPerSec}/s with ${sizes.historyLong}: slowdown ${warm.ratio.toFixed(3)}`);
  progress(`history: ${n} claims each side, sequential, CommandRunner.forget() before each claim`);
  const cold = await alternate(sides.coldShort, sides.coldLong, true);
  progress(`history cold: ${cold.shortPerSec}/s with ${sizes.historyShort} earlier claims, ${cold.longPerSec}/s with ${sizes.historyLong}: slowdown ${cold.ratio.toFixed(3)}`);
  return {
    earlierClaims: { short: sizes.historyShort, long: sizes.historyLong },
    personsPerSide: { short: sides.warmShort.length, long: sides.warmLong.length },
    measuredClaimsEachSide: n,
    snapshotEvery: SNAPSHOT_EVERY,
    warm,
    cold,
  };
}
