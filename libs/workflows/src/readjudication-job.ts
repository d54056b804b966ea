/**
 * Re-settlement as a job (issue 13 point 5): the work of readjudicate.ts over a scope too large
 * for one response (a city-year is ~65 million rows), done in chunks of persons and recorded as
 * it goes, so that memory stays flat in the size of the scope and a restarted api resumes it.
 *
 * Guarantees, and where each comes from:
 * - a dry-run chunk's rows and the job's progress are committed in one transaction of the job
 *   store: after a crash the chunk is done again from its first person, and counted once;
 * - an applied chunk writes each person's rows before appending the person's correction, and the
 *   chunk's progress after all of them; after a crash the chunk is decided again, and the
 *   per-person decision (readjudicationDecider) finds nothing to correct for a person already
 *   corrected (README "Re-settlement": applying twice finds nothing the second time), so no
 *   correction is recorded twice and the rows written before the crash stay the job's rows;
 * - persons are folded straight from the log for a dry run (not through the runner's cache of up
 *   to 100,000 states, docs/benchmarks.md "Re-settlement dry run"), so nothing grows with the scope.
 */
import { CommandMeta, Period, PersonEvent, PersonState, Readjudicate, personFold, personStream, readjudicationDecider } from '@benefit/domain';
import { CatalogueBook, ParameterBook } from '@benefit/policy';
import { Payer, RegionCode } from '@benefit/shared';
import { Ports, madeVisible, viewsCaughtUp } from './ports';
import { ChangeRow, changeRowsOf } from './readjudicate';

export type JobKind = 'dry-run' | 'apply';
export type JobState = 'running' | 'done' | 'failed';

export interface ReadjudicationJob {
  jobId: string;
  kind: JobKind;
  regionCode: RegionCode;
  fromMonth: string;
  toMonth: string;
  /** The parameter book's revision when the job was asked for: a resumed job re-settles under the same book. */
  parametersRevision: number;
  state: JobState;
  personsDone: number;
  personsTotal: number;
  /** Distinct claims with a changed share among the persons done. */
  claimsChanged: number;
  /** Rows of the diff among the persons done (API.md's `changes`). */
  rows: number;
  totalsByPayer: Partial<Record<Payer, number>>;
  createdAt: string;
  updatedAt: string;
  /** What went wrong and what to do next, for a failed job. */
  error: string | null;
}

export interface NewJob {
  jobId: string;
  kind: JobKind;
  regionCode: RegionCode;
  period: Period;
  parametersRevision: number;
  /** Who asked, recorded on every correction an applied job makes (as the synchronous apply does). */
  meta: CommandMeta;
}

/** A row of the diff with its place in the job: persons in the job's order, rows in changeRowsOf's. */
export interface JobRow {
  cursor: string;
  row: ChangeRow;
}

/** Where a job's persons, rows and progress are kept durably (libs/runtime readjudication-job-store.ts). */
export interface JobStore {
  /** Records the job with the persons of its scope, in the order they will be re-settled. */
  create(job: NewJob, personIds: readonly string[]): ReadjudicationJob;
  get(jobId: string): ReadjudicationJob | undefined;
  metaOf(jobId: string): CommandMeta;
  /** Jobs a stopped process left running, oldest first. */
  unfinished(): ReadjudicationJob[];
  /** `limit` persons of the job from index `from`. */
  personsOf(jobId: string, from: number, limit: number): string[];
  /** Replaces one person's rows (an empty list removes them); its own transaction. */
  putRows(jobId: string, personIndex: number, rows: readonly ChangeRow[]): void;
  /**
   * Persons [from, to) are done: `rows` (by person index) replace theirs, and the progress and totals
   * count every row of the chunk, all in one transaction.
   */
  completeChunk(jobId: string, from: number, to: number, rows: ReadonlyMap<number, readonly ChangeRow[]>): ReadjudicationJob;
  finish(jobId: string, state: Exclude<JobState, 'running'>, error?: string): ReadjudicationJob;
  /** Rows of the persons done, after `after` (a cursor of an earlier page, or null for the first). */
  rowsAfter(jobId: string, after: string | null, limit: number): JobRow[];
}

type JobPorts = Pick<Ports, 'commands' | 'log' | 'views' | 'queries' | 'catalogue' | 'logger'>;

export interface RunOptions {
  /** Persons per chunk: per transaction of the job store for a dry run. */
  chunkPersons: number;
  /** Asked between chunks: a stopping api leaves the job running, to be resumed at its next start. */
  stopping: () => boolean;
}

/** Every person of the region, in the order of the synchronous answer, recorded with the job. */
export async function createReadjudicationJob(ports: Pick<Ports, 'log' | 'views' | 'queries'>, jobs: JobStore, job: NewJob): Promise<ReadjudicationJob> {
  await viewsCaughtUp(ports);
  return jobs.create(job, await ports.queries.personIdsInRegion(job.regionCode));
}

/** The book a job was asked under: the records known at its revision (later records are not the job's). */
export function bookAtRevision(book: ParameterBook, revision: number): ParameterBook {
  if (book.revision === revision) return book;
  return new ParameterBook(book.definitions, book.records.filter((r) => r.revision <= revision), revision);
}

/** A person folded from the log itself: nothing kept once the person is done. */
async function foldedFromLog(ports: Pick<Ports, 'log'>, personId: string): Promise<PersonState> {
  let state = personFold.initialState();
  for (const e of await ports.log.readStream(personStream(personId))) state = personFold.evolve(state, { type: e.type, data: e.data } as PersonEvent);
  return state;
}

/** Other requests get in every 100 persons (SQLite reads never yield on their own; as readjudicate.ts). */
const YIELD_EVERY = 100;
const yieldEvery = async (i: number) => {
  if ((i + 1) % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
};

interface Chunk {
  job: ReadjudicationJob;
  period: Period;
  params: ParameterBook;
  catalogue: CatalogueBook;
}

/** A dry-run chunk: rows in memory for this chunk only, written with its progress. */
async function dryRunChunk(ports: JobPorts, jobs: JobStore, c: Chunk, personIds: string[]): Promise<ReadjudicationJob> {
  const from = c.job.personsDone;
  const rows = new Map<number, ChangeRow[]>();
  for (const [i, personId] of personIds.entries()) {
    const personRows = changeRowsOf(personId, await foldedFromLog(ports, personId), c.period, c.params, c.catalogue);
    if (personRows.length > 0) rows.set(from + i, personRows);
    await yieldEvery(i);
  }
  return jobs.completeChunk(c.job.jobId, from, from + personIds.length, rows);
}

/** An applied chunk: each person's rows first, then the correction; progress once all are decided. */
async function applyChunk(ports: JobPorts, jobs: JobStore, c: Chunk, personIds: string[], meta: CommandMeta, settledMonths: string[]): Promise<ReadjudicationJob> {
  const from = c.job.personsDone;
  const reason = `re-settled ${c.period.fromMonth}..${c.period.toMonth} under parameter revision ${c.params.revision}`;
  for (const [i, personId] of personIds.entries()) {
    await yieldEvery(i);
    const before = (await ports.commands.load(personStream(personId), personFold)).state;
    const preview = changeRowsOf(personId, before, c.period, c.params, c.catalogue);
    // nothing to correct: either nothing changes, or a run before a crash corrected it (its rows stay)
    if (preview.length === 0) continue;
    jobs.putRows(c.job.jobId, from + i, preview);
    const command: Readjudicate = { type: 'Readjudicate', data: { personId, period: c.period, settledMonths, reason } };
    const result = await ports.commands.handle(readjudicationDecider, command, { params: c.params, catalogue: c.catalogue }, meta);
    await madeVisible(ports, result.position);
    // decided on a state changed since the preview, and nothing was left to correct: no rows (as the synchronous apply)
    if (result.events.length === 0) jobs.putRows(c.job.jobId, from + i, []);
  }
  return jobs.completeChunk(c.job.jobId, from, from + personIds.length, new Map());
}

/**
 * Runs (or resumes) a job from its first person not done, chunk by chunk, until it is done or
 * `stopping()` says so. `params` is the book now; the job uses it at its own revision.
 */
export async function runReadjudicationJob(ports: JobPorts, jobs: JobStore, jobId: string, params: ParameterBook, options: RunOptions): Promise<ReadjudicationJob> {
  let job = jobs.get(jobId);
  if (!job) throw new Error(`invariant: job ${jobId} is not in the job store`);
  try {
    await viewsCaughtUp(ports);
    const chunk: Chunk = { job, period: { fromMonth: job.fromMonth, toMonth: job.toMonth }, params: bookAtRevision(params, job.parametersRevision), catalogue: await ports.catalogue.current(true) };
    const settledMonths = job.kind === 'apply' ? await ports.queries.settledMonths(job.regionCode) : [];
    const meta = jobs.metaOf(jobId);
    const started = Date.now();
    const startedAt = job.personsDone;
    while (job.personsDone < job.personsTotal) {
      if (options.stopping()) return job;
      const personIds = jobs.personsOf(jobId, job.personsDone, options.chunkPersons);
      chunk.job = job;
      job = job.kind === 'apply' ? await applyChunk(ports, jobs, chunk, personIds, meta, settledMonths) : await dryRunChunk(ports, jobs, chunk, personIds);
      // counts only: a job's log line never names a person (STYLE.md)
      ports.logger.info({ job: 'readjudication', jobId, kind: job.kind, regionCode: job.regionCode, done: job.personsDone, of: job.personsTotal, perSec: Math.round(((job.personsDone - startedAt) * 1000) / (Date.now() - started + 1)) }, 're-settling');
      await new Promise((resolve) => setImmediate(resolve));
    }
    return jobs.finish(jobId, 'done');
  } catch (err) {
    const message = `${err instanceof Error ? err.message : String(err)}; nothing of the chunk it was in is counted: ask for the re-adjudication again (an applied one finds nothing twice)`;
    return jobs.finish(jobId, 'failed', message);
  }
}
