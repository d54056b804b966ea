/**
 * Phase `resettleJob` (issue 13 point 5): `resettleDryRunClaimsPerSec`, the dry-run re-settlement
 * of a region through the job path end to end — the job recorded with its persons, each person's
 * stream read through the upcasting store and folded, re-settled (changeRowsOf), its rows and the
 * chunk's progress committed to a jobs.db — on the large generated log (16,000 persons / 80,000
 * claims by default, 200,000 / 1,000,000 with `--full`); and `resettlePeakRssMb`, the peak RSS of
 * the process that runs the job.
 *
 * Each run is a child process of its own (this file, `--child`), so its peak RSS is the job's
 * alone. Beside it, in the same run and interleaved (job, lean, read, twice), the leanest loop over
 * the same log: the adapter's synchronous stream read, the fold and resettleClaims + resettleCredits,
 * nothing written (bench/src/large-log.ts measureResettle): the bound the job path is compared with;
 * and the floor under both, the person streams read and parsed with nothing folded (`read`).
 * The read model is not opened: the job's scope is the generated persons in their order (what
 * `personIdsInRegion` answers in the api), and the log is complete before the job starts.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { CommandRunner, personStream, withCurrentSchemas } from '@benefit/domain';
import { SqliteEventStore } from '@benefit/event-store';
import { CatalogueBook } from '@benefit/policy';
import { SqliteJobStore } from '@benefit/runtime';
import { createReadjudicationJob, runReadjudicationJob } from '@benefit/workflows';
import { Measured, TARGETS } from '../figures';
import { RESETTLED_UNDER, measureResettle, personIdOf, writeLargeLog } from '../large-log';
import { Sizes } from '../sizes';
import { nowMs, perSec, progress, removeDir, round, tempDir } from '../util';

/** Persons per chunk: the api's default (apps/api readjudication-jobs.service.ts DEFAULT_CHUNK_PERSONS). */
const CHUNK_PERSONS = 500;

interface ChildOutput {
  mode: 'job' | 'lean' | 'read';
  claims: number;
  seconds: number;
  claimsPerSec: number;
  rows: number;
  maxRssMb: number;
}

/** The job path on the log: recorded, run chunk by chunk to the end, rows in a fresh jobs.db. */
async function jobRun(eventsFile: string, jobsDb: string, persons: number, claims: number): Promise<ChildOutput> {
  const raw = new SqliteEventStore({ filename: eventsFile });
  const jobs = new SqliteJobStore(jobsDb);
  try {
    const log = withCurrentSchemas(raw);
    const ids = Array.from({ length: persons }, (_, i) => personIdOf(i));
    const ports = {
      commands: new CommandRunner(log),
      log,
      views: { waitFor: async () => undefined },
      queries: { personIdsInRegion: async () => ids, settledMonths: async () => [], claim: async () => undefined, settlement: async () => undefined },
      catalogue: { current: async () => new CatalogueBook() },
      logger: { info: (f: Record<string, unknown>) => (Number(f.done) % 20_000 === 0 ? progress(`re-settlement job: ${f.done} of ${f.of} persons, ${f.perSec} persons/s`) : undefined) },
    };
    const started = nowMs();
    const created = await createReadjudicationJob(ports, jobs, { jobId: 'bench', kind: 'dry-run', regionCode: 'nanchong', period: { fromMonth: '2023-01', toMonth: '2023-12' }, parametersRevision: RESETTLED_UNDER.revision, meta: { actor: 'bench', correlationId: 'bench' } });
    const job = await runReadjudicationJob(ports, jobs, created.jobId, RESETTLED_UNDER, { chunkPersons: CHUNK_PERSONS, stopping: () => false });
    const ms = nowMs() - started;
    if (job.state !== 'done' || job.personsDone !== persons) throw new Error(`the job ended ${job.state} at ${job.personsDone} of ${persons}: ${job.error}`);
    return { mode: 'job', claims, seconds: ms / 1000, claimsPerSec: perSec(claims, ms), rows: job.rows, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  } finally {
    jobs.close();
    await raw.close();
  }
}

/** The lean loop on the same log (large-log.ts measureResettle), timed the same way. */
async function leanRun(eventsFile: string, persons: number): Promise<ChildOutput> {
  const store = new SqliteEventStore({ filename: eventsFile });
  try {
    const started = nowMs();
    const r = measureResettle(store, persons);
    const ms = nowMs() - started;
    return { mode: 'lean', claims: r.claims, seconds: ms / 1000, claimsPerSec: perSec(r.claims, ms), rows: r.changedClaims, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  } finally {
    await store.close();
  }
}

/**
 * The floor of any path that folds each person from the log: every person's stream read and each
 * event's data parsed, nothing folded or re-settled (what a snapshot of the fold would save, issue 13.2).
 */
async function readRun(eventsFile: string, persons: number, claims: number): Promise<ChildOutput> {
  const store = new SqliteEventStore({ filename: eventsFile });
  try {
    const started = nowMs();
    let events = 0;
    for (let i = 0; i < persons; i++) {
      for (const e of store.readStreamSync(personStream(personIdOf(i)))) if (e.data !== undefined) events++;
    }
    const ms = nowMs() - started;
    return { mode: 'read', claims, seconds: ms / 1000, claimsPerSec: perSec(claims, ms), rows: events, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  } finally {
    await store.close();
  }
}

function inChild(args: string[]): Promise<ChildOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [__filename, '--child', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`re-settlement child exited with ${code}: see its stderr above`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as ChildOutput);
    });
  });
}

export async function measureResettleJobPhase(sizes: Sizes): Promise<Measured> {
  const dir = tempDir('resettle-job');
  try {
    const eventsFile = path.join(dir, 'events.db');
    const persons = sizes.largeLogPersons;
    progress(`re-settlement job: writing the large log of ${persons.toLocaleString('en-US')} persons × ${sizes.largeLogClaimsPerPerson} claims`);
    const store = new SqliteEventStore({ filename: eventsFile });
    const log = await writeLargeLog(store, { persons, claimsPerPerson: sizes.largeLogClaimsPerPerson, group: sizes.largeLogGroup }).finally(() => store.close());
    const runs: ChildOutput[] = [];
    // interleaved, twice: the VM's speed drifts by ±25% between minutes (docs/benchmarks.md Caveats)
    for (const round_ of [1, 2]) {
      for (const mode of ['job', 'lean', 'read'] as const) {
        const out = await inChild([mode, eventsFile, path.join(dir, `jobs-${round_}.db`), String(persons), String(log.claims)]);
        progress(`re-settlement ${mode} (run ${round_}): ${out.claims.toLocaleString('en-US')} claims in ${out.seconds.toFixed(1)} s, ${Math.round(out.claimsPerSec).toLocaleString('en-US')} claims/s, peak RSS ${out.maxRssMb.toFixed(0)} MB`);
        runs.push(out);
      }
    }
    const jobs = runs.filter((r) => r.mode === 'job');
    const lean = runs.filter((r) => r.mode === 'lean');
    const read = runs.filter((r) => r.mode === 'read');
    const best = (rs: ChildOutput[]) => Math.max(...rs.map((r) => r.claimsPerSec));
    const peak = Math.max(...jobs.map((r) => r.maxRssMb));
    progress(
      `resettleDryRunClaimsPerSec ${Math.round(best(jobs)).toLocaleString('en-US')}/s (runs ${jobs.map((r) => Math.round(r.claimsPerSec)).join(', ')}) against target ≥ ${TARGETS.resettleDryRunClaimsPerSec.toLocaleString('en-US')}/s; ` +
        `the lean loop beside it ${Math.round(best(lean)).toLocaleString('en-US')}/s (runs ${lean.map((r) => Math.round(r.claimsPerSec)).join(', ')}); ` +
        `reading and parsing the streams alone ${Math.round(best(read)).toLocaleString('en-US')} claims/s (runs ${read.map((r) => Math.round(r.claimsPerSec)).join(', ')}); ` +
        `resettlePeakRssMb ${peak.toFixed(0)} MB against < ${TARGETS.resettlePeakRssMb} MB (lean ${Math.max(...lean.map((r) => r.maxRssMb)).toFixed(0)} MB), ${log.events.toLocaleString('en-US')} events`,
    );
    return {
      figures: { resettleDryRunClaimsPerSec: best(jobs), resettlePeakRssMb: peak },
      details: { resettleJob: { persons, claims: log.claims, events: log.events, chunkPersons: CHUNK_PERSONS, runs: runs.map((r) => ({ ...r, seconds: round(r.seconds, 2), claimsPerSec: round(r.claimsPerSec), maxRssMb: round(r.maxRssMb, 1) })) } },
    };
  } finally {
    removeDir(dir);
  }
}

/** `node resettle.js --child job|lean <events.db> <jobs.db> <persons> <claims>`: one run, its figures as one JSON line. */
if (require.main === module && process.argv[2] === '--child') {
  const [mode, eventsFile, jobsDb, persons, claims] = process.argv.slice(3);
  (mode === 'job' ? jobRun(eventsFile, jobsDb, Number(persons), Number(claims)) : mode === 'read' ? readRun(eventsFile, Number(persons), Number(claims)) : leanRun(eventsFile, Number(persons)))
    .then((out) => process.stdout.write(`${JSON.stringify(out)}\n`))
    .catch((err) => {
      process.stderr.write(`re-settlement child failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    });
}
