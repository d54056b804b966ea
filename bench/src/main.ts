/**
 * `npm run bench [-- --json] [-- --quick | --full] [-- --only <key>] [-- --profile <dir>]`
 *
 * Measures, in one run and on one machine: raw SQLite ceilings, SubmitClaim through the
 * CommandBus and over HTTP, a full projection rebuild from the log the run wrote, how a long
 * personal history slows a claim down, and on a large generated log (5M events / 1M claims with
 * `--full`): the dry-run re-settlement of every claim, and a rebuild of every projection in a
 * child process with its peak RSS. Progress goes to stderr; stdout carries the table, or with
 * `--json` exactly one JSON object.
 *
 * One module per phase in `phases/` (the `--only` keys); `options.ts` and `sizes.ts` say what runs,
 * `figures.ts` what is reported. Experiments that are not part of the run live in `../experiments/`.
 */
import 'reflect-metadata';
import * as os from 'node:os';
import { BenchApp, startApp } from './app';
import { Figures, Measured, Report, TARGETS, meetsTargets, noFigures, roundFigures } from './figures';
import { profiledBy } from './measure';
import { Phase, UsageError, parseArgs } from './options';
import { SectionProfiler } from './profile';
import { registerPersons, sessionOf } from './phases/app-session';
import { measureBusNormalPhase, measureBusPhase, measureStorePathPhase } from './phases/bus';
import { measureCatchUpPhase } from './phases/catch-up';
import { measureHistoryPhase } from './phases/history';
import { measureHttpPhase } from './phases/http';
import { measureLargeLogPhase } from './phases/large-log';
import { measureRequestsPhase } from './phases/requests';
import { measureResettleJobPhase } from './phases/resettle';
import { measureSqlitePhase } from './phases/sqlite';
import { measureSettleMonthPhase } from './phases/settle-month';
import { sizesFor } from './sizes';
import { renderTable } from './report';
import { peakRssMb, nowMs, progress, removeDir, round, tempDir } from './util';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const sizes = sizesFor(args);
  const runs = (p: Phase) => args.only === null || args.only === p;
  const profiler = new SectionProfiler(args.profileDir);
  const profiled = profiledBy(profiler);
  const started = nowMs();
  const loadAtStart = os.loadavg().map((x) => round(x, 2));
  const figures: Figures = noFigures();
  const details: Record<string, unknown> = {};
  /** Files what a phase measured. */
  const record = (measured: Measured) => {
    Object.assign(figures, measured.figures);
    Object.assign(details, measured.details);
  };

  // 1. raw SQLite ceilings
  if (runs('sqlite')) record(await measureSqlitePhase(sizes, profiled));
  // 2a. the storage path of a claim without deciding it: the ceiling the bus is measured against
  if (runs('bus')) record(await measureStorePathPhase(sizes, profiled));

  const needsApp = runs('bus') || runs('http') || runs('history') || runs('catchUp');
  const dataDir = needsApp ? tempDir('data') : null;
  let bench: BenchApp | null = null;
  try {
    if (needsApp && dataDir) {
      progress(`starting the app (AppModule via createApp) on DATA_DIR=${dataDir}, SQLITE_SYNCHRONOUS=FULL (the default)`);
      bench = await startApp(dataDir);
      const session = sessionOf(bench, args.experiments);
      record(await registerPersons(session, sizes));
      // 2. SubmitClaim through the CommandBus (also the log the catch-up rebuilds)
      let claimsSubmitted = 0;
      if (runs('bus') || runs('catchUp')) {
        const bus = await measureBusPhase(session, sizes, profiled);
        claimsSubmitted = bus.claimsSubmitted;
        record(bus);
      }
      // 2b. the same claims with SQLITE_SYNCHRONOUS=NORMAL, on an app of its own
      if (runs('bus')) record(await measureBusNormalPhase(sizes, profiled, figures.submitClaimBusPerSec));
      // 3. SubmitClaim over HTTP
      if (runs('http')) record(await measureHttpPhase(session, sizes, profiler, claimsSubmitted));
      // 4. history: a person with 10 earlier claims against one with 1,000
      if (runs('history')) record(await measureHistoryPhase(bench, sizes, profiled));

      const eventsFile = bench.eventsFile;
      await bench.close();
      bench = null;

      // 5. catch-up: every projection rebuilt from the log into a fresh read model
      if (runs('catchUp')) record(await measureCatchUpPhase(eventsFile, dataDir, profiled));
    }
  } finally {
    if (bench) await bench.close().catch(() => undefined);
    if (dataDir) removeDir(dataDir);
  }

  try {
    // 6. a large generated log: the dry-run re-settlement of every claim, and a rebuild in a child process
    if (runs('largeLog')) record(await measureLargeLogPhase(sizes, profiled, args.profileDir));
    // 7. the longest one request at the limits holds the event loop: an app of its own
    if (runs('requests')) record(await measureRequestsPhase(sizes, profiled, args.quick));
    // 9. re-settlement as a job (dry run, end to end) beside the lean loop, each run in a child process
    if (runs('resettleJob')) record(await measureResettleJobPhase(sizes));
    // 10. month-end as a job: SettleMonth at 10,000 and 40,000 persons, each on a log of its own
    if (runs('settleMonth')) record(await measureSettleMonthPhase(profiled, args.quick));
  } finally {
    profiler.close();
  }

  const report: Report = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, platform: process.platform, arch: process.arch, totalMemMb: Math.round(os.totalmem() / 2 ** 20), loadAvgAtStart: loadAtStart, loadAvgAtEnd: os.loadavg().map((x) => round(x, 2)) },
    mode: args.quick ? 'quick' : args.full ? 'full' : 'default',
    only: args.only,
    experiments: args.experiments,
    ...roundFigures(figures),
    targets: TARGETS,
    meetsTargets: meetsTargets(figures, sizes),
    rssPeakMb: round(peakRssMb(), 1),
    durationSec: round((nowMs() - started) / 1000, 1),
    sizes,
    details,
  };
  process.stdout.write(args.json ? `${JSON.stringify(report)}\n` : renderTable(report));
}

main().catch((err) => {
  if (err instanceof UsageError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
