/**
 * `node dist/bench/experiments/inline-ab.js [claims] [rounds]`: the bus with the projections in the
 * appending transaction (the default since issue 13.1) and with the catch-up after the commit
 * (PROJECT_IN_APPEND=false, the path before it), each on an app of its own, interleaved A B A B:
 * claims/s and CPU µs per claim of each round.
 */
import { claimBody, personIdOf } from '../src/fixtures';
import { startApp } from '../src/app';
import { nowMs, perSec, progress, removeDir, runPool, tempDir } from '../src/util';

async function round(inline: boolean, claims: number, persons: number): Promise<{ perSec: number; cpuUs: number }> {
  const dir = tempDir(inline ? 'ab-inline' : 'ab-after');
  const app = await startApp(dir, 'FULL', inline);
  try {
    await runPool(persons, 64, (i) => app.register(personIdOf(i), i).then(() => undefined));
    let seq = 0;
    const submit = (count: number, prefix: string) =>
      runPool(count, 64, async () => {
        const s = seq++;
        const body = claimBody(`${prefix}-${String(s).padStart(7, '0')}`, personIdOf(s % persons), s);
        const result = await app.submit(body, `ab-${s}`);
        if (!result.created || result.view.claimId !== body.claimId) throw new Error(`claim ${body.claimId} not created`);
      });
    await submit(1000, 'W');
    const cpu0 = process.cpuUsage();
    const t0 = nowMs();
    await submit(claims, 'T');
    const ms = nowMs() - t0;
    const cpu = process.cpuUsage(cpu0);
    return { perSec: perSec(claims, ms), cpuUs: (cpu.user + cpu.system) / claims };
  } finally {
    await app.close();
    removeDir(dir);
  }
}

async function main(): Promise<void> {
  const claims = Number(process.argv[2] ?? 15000);
  const rounds = Number(process.argv[3] ?? 2);
  for (let r = 1; r <= rounds; r++) {
    for (const inline of [true, false]) {
      const m = await round(inline, claims, 2000);
      progress(`round ${r} ${inline ? 'in the append (default)' : 'catch-up after commit  '}: ${Math.round(m.perSec)} claims/s, ${m.cpuUs.toFixed(0)} µs CPU per claim`);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
