/**
 * The re-settlement jobs' own SQLite file, DATA_DIR/jobs.db (issue 13 point 5): each job's
 * persons (the scope, fixed when it was asked for), its rows of the diff as they are written, and
 * its progress and totals by payer. Kept apart from the read model, which a rebuild throws away
 * and PostgreSQL may hold instead: a job outlives both. Owner-only, like every file under
 * DATA_DIR: rows name persons. WAL with synchronous=FULL, as the event log by default: a chunk
 * counted done must survive a power cut, or its corrections would be reported by no job.
 */
import Database from 'better-sqlite3';
import * as path from 'node:path';
import type { CommandMeta } from '@benefit/domain';
import { PAYERS, Payer, ownerOnlyDatabase } from '@benefit/shared';
import type { ChangeRow, JobRow, JobStore, NewJob, ReadjudicationJob } from '@benefit/workflows';

export const jobsFile = (dataDir: string) => path.join(dataDir, 'jobs.db');

interface JobRecord {
  job_id: string;
  kind: ReadjudicationJob['kind'];
  region_code: ReadjudicationJob['regionCode'];
  from_month: string;
  to_month: string;
  parameters_revision: number;
  state: ReadjudicationJob['state'];
  persons_done: number;
  persons_total: number;
  claims_changed: number;
  rows: number;
  totals: string;
  meta: string;
  created_at: string;
  updated_at: string;
  error: string | null;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS jobs (
    job_id TEXT PRIMARY KEY, kind TEXT NOT NULL, region_code TEXT NOT NULL, from_month TEXT NOT NULL, to_month TEXT NOT NULL,
    parameters_revision INTEGER NOT NULL, state TEXT NOT NULL, persons_done INTEGER NOT NULL, persons_total INTEGER NOT NULL,
    claims_changed INTEGER NOT NULL, rows INTEGER NOT NULL, totals TEXT NOT NULL, meta TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, error TEXT);
  CREATE TABLE IF NOT EXISTS job_persons (job_id TEXT NOT NULL, person_index INTEGER NOT NULL, person_id TEXT NOT NULL, PRIMARY KEY (job_id, person_index)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS job_rows (
    job_id TEXT NOT NULL, person_index INTEGER NOT NULL, n INTEGER NOT NULL, claim_id TEXT, payer TEXT NOT NULL, delta_fen INTEGER NOT NULL, row TEXT NOT NULL,
    PRIMARY KEY (job_id, person_index, n)) WITHOUT ROWID;`;

const jobOf = (r: JobRecord): ReadjudicationJob => ({
  jobId: r.job_id,
  kind: r.kind,
  regionCode: r.region_code,
  fromMonth: r.from_month,
  toMonth: r.to_month,
  parametersRevision: r.parameters_revision,
  state: r.state,
  personsDone: r.persons_done,
  personsTotal: r.persons_total,
  claimsChanged: r.claims_changed,
  rows: r.rows,
  totalsByPayer: JSON.parse(r.totals),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  error: r.error,
});

/** A page's cursor, opaque to clients: the row's person index and its place among the person's rows, each + 1 ("0.0" is before the first row). */
const cursorOf = (personIndex: number, n: number) => `${personIndex + 1}.${n + 1}`;
export const FIRST_JOB_CURSOR = '0.0';
const CURSOR = /^(\d{1,12})\.(\d{1,9})$/;
export const isJobCursor = (s: string) => CURSOR.test(s);

export class SqliteJobStore implements JobStore {
  private readonly db: Database.Database;
  private readonly q;

  constructor(file: string) {
    ownerOnlyDatabase(file);
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    ownerOnlyDatabase(file);
    this.q = {
      insertJob: this.db.prepare(
        `INSERT INTO jobs VALUES (@job_id, @kind, @region_code, @from_month, @to_month, @parameters_revision, 'running', 0, @persons_total, 0, 0, '{}', @meta, @now, @now, NULL)`,
      ),
      insertPerson: this.db.prepare('INSERT INTO job_persons VALUES (?, ?, ?)'),
      job: this.db.prepare<[string], JobRecord>('SELECT * FROM jobs WHERE job_id = ?'),
      unfinished: this.db.prepare<[], JobRecord>(`SELECT * FROM jobs WHERE state = 'running' ORDER BY created_at, job_id`),
      persons: this.db.prepare<[string, number, number], { person_id: string }>('SELECT person_id FROM job_persons WHERE job_id = ? AND person_index >= ? ORDER BY person_index LIMIT ?'),
      deleteRows: this.db.prepare('DELETE FROM job_rows WHERE job_id = ? AND person_index = ?'),
      insertRow: this.db.prepare('INSERT INTO job_rows VALUES (?, ?, ?, ?, ?, ?, ?)'),
      chunkTotals: this.db.prepare<[string, number, number], { payer: Payer; delta: number; rows: number }>(
        'SELECT payer, SUM(delta_fen) AS delta, COUNT(*) AS rows FROM job_rows WHERE job_id = ? AND person_index >= ? AND person_index < ? GROUP BY payer',
      ),
      chunkClaims: this.db.prepare<[string, number, number], { claims: number }>(
        'SELECT COUNT(DISTINCT claim_id) AS claims FROM job_rows WHERE job_id = ? AND person_index >= ? AND person_index < ? AND claim_id IS NOT NULL',
      ),
      progress: this.db.prepare('UPDATE jobs SET persons_done = ?, claims_changed = claims_changed + ?, rows = rows + ?, totals = ?, updated_at = ? WHERE job_id = ? AND persons_done = ?'),
      finish: this.db.prepare('UPDATE jobs SET state = ?, error = ?, updated_at = ? WHERE job_id = ?'),
      rowsAfter: this.db.prepare<[string, number, number, number, number], { person_index: number; n: number; row: string }>(
        'SELECT person_index, n, row FROM job_rows WHERE job_id = ? AND (person_index, n) > (?, ?) AND person_index < ? ORDER BY person_index, n LIMIT ?',
      ),
    };
  }

  create(job: NewJob, personIds: readonly string[]): ReadjudicationJob {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.q.insertJob.run({ job_id: job.jobId, kind: job.kind, region_code: job.regionCode, from_month: job.period.fromMonth, to_month: job.period.toMonth, parameters_revision: job.parametersRevision, persons_total: personIds.length, meta: JSON.stringify(job.meta), now });
      personIds.forEach((personId, i) => this.q.insertPerson.run(job.jobId, i, personId));
    })();
    return this.get(job.jobId)!;
  }

  get(jobId: string): ReadjudicationJob | undefined {
    const r = this.q.job.get(jobId);
    return r ? jobOf(r) : undefined;
  }

  metaOf(jobId: string): CommandMeta {
    return JSON.parse(this.record(jobId).meta) as CommandMeta;
  }

  unfinished(): ReadjudicationJob[] {
    return this.q.unfinished.all().map(jobOf);
  }

  personsOf(jobId: string, from: number, limit: number): string[] {
    return this.q.persons.all(jobId, from, limit).map((r) => r.person_id);
  }

  putRows(jobId: string, personIndex: number, rows: readonly ChangeRow[]): void {
    this.db.transaction(() => this.replaceRows(jobId, personIndex, rows))();
  }

  completeChunk(jobId: string, from: number, to: number, rows: ReadonlyMap<number, readonly ChangeRow[]>): ReadjudicationJob {
    this.db.transaction(() => {
      const job = this.record(jobId);
      // a chunk is counted once: only from where the job's progress stands (a resumed chunk re-counts nothing)
      if (job.persons_done !== from) throw new Error(`invariant: job ${jobId} is at person ${job.persons_done}, not ${from}`);
      for (const [personIndex, personRows] of rows) this.replaceRows(jobId, personIndex, personRows);
      const totals = JSON.parse(job.totals) as Partial<Record<Payer, number>>;
      let added = 0;
      for (const t of this.q.chunkTotals.all(jobId, from, to)) {
        totals[t.payer] = (totals[t.payer] ?? 0) + t.delta;
        added += t.rows;
      }
      const claims = this.q.chunkClaims.get(jobId, from, to)!.claims;
      this.q.progress.run(to, claims, added, JSON.stringify(totals), new Date().toISOString(), jobId, from);
    })();
    return this.get(jobId)!;
  }

  finish(jobId: string, state: 'done' | 'failed', error?: string): ReadjudicationJob {
    this.q.finish.run(state, error ?? null, new Date().toISOString(), jobId);
    return this.get(jobId)!;
  }

  rowsAfter(jobId: string, after: string | null, limit: number): JobRow[] {
    const m = after === null ? null : CURSOR.exec(after);
    if (after !== null && !m) throw new Error(`invariant: cursor ${after} was not checked (isJobCursor)`);
    const [personIndex, n] = m ? [Number(m[1]) - 1, Number(m[2]) - 1] : [-1, -1];
    const done = this.record(jobId).persons_done;
    return this.q.rowsAfter.all(jobId, personIndex, n, done, limit).map((r) => ({ cursor: cursorOf(r.person_index, r.n), row: JSON.parse(r.row) as ChangeRow }));
  }

  close(): void {
    this.db.close();
  }

  private record(jobId: string): JobRecord {
    const r = this.q.job.get(jobId);
    if (!r) throw new Error(`invariant: job ${jobId} is not in ${this.db.name}`);
    return r;
  }

  private replaceRows(jobId: string, personIndex: number, rows: readonly ChangeRow[]): void {
    this.q.deleteRows.run(jobId, personIndex);
    rows.forEach((r, n) => this.q.insertRow.run(jobId, personIndex, n, r.claimId, r.payer, r.deltaFen, JSON.stringify(r)));
  }
}

/** Every payer at 0, then the job's totals: the shape of API.md's `totalsByPayer`. */
export const totalsOfJob = (job: ReadjudicationJob): Record<Payer, number> => Object.fromEntries(PAYERS.map((p) => [p, job.totalsByPayer[p] ?? 0])) as Record<Payer, number>;
