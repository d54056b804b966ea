/**
 * Re-settlement as a job (issue 13 point 5; README "Re-settlement", jobs): `POST
 * /v1/readjudications` with `Prefer: respond-async` (RFC 7240) answers 202 with the job and
 * `Location`; the job's progress and totals; its diff in pages equal to the synchronous answer
 * for the same scope; an applied job equal to the synchronous apply; and a job resumed after the
 * api stopped mid-job, and after a crash that lost its progress, recording every correction once.
 *
 * The same history is built in several apps (fixed person and claim ids): a synchronous apply on
 * one is the reference for a job's apply on another. Chunks of 2 persons (READJUDICATION_JOB_CHUNK_PERSONS),
 * so 7 persons make 4 chunks.
 */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import { jobsFile } from '@benefit/runtime';
import { domainEvents, domainHead } from '../support/domain-log';
import { TestApp, claimBody, expectProblem, issueToken, item, putParameter, register, registerBody, retiredBody, settleMonth, startApp, submit, tempDataDir } from '../support/e2e';

const PENSION_BASE = 'nanchong.retired_pension_base';
const RATE_LOWER = 'nanchong.outpatient.in_service.rate_lower';
const SCOPE = { regionCode: 'nanchong', fromMonth: '2023-01', toMonth: '2023-12' };
const CORRECTIONS = ['ClaimSharesAdjusted', 'PersonalAccountBackPaid'];

interface ChangeRow {
  personId: string;
  claimId: string | null;
  month: string;
  payer: string;
  beforeFen: number;
  afterFen: number;
  deltaFen: number;
}
interface Diff {
  changes: ChangeRow[];
  totalsByPayer: Record<string, number>;
}
interface JobView {
  jobId: string;
  state: 'running' | 'done' | 'failed';
  apply: boolean;
  progress: { personsDone: number; personsOf: number; claimsChanged: number; rows: number };
  totalsByPayer: Record<string, number>;
  error: string | null;
  links: { self: string; changes: string };
}

const run = Date.now().toString(36);
const RETIRED = [1, 2, 3].map((i) => `P-JOB-${run}-R${i}`);
const IN_SERVICE = [1, 2, 3, 4].map((i) => `P-JOB-${run}-S${i}`);

/**
 * Three retired persons credited for two months under the 2021 pension base, four in-service
 * persons with two claims each at 60%; then the 2022 base (back-pay, 南府办发〔2022〕33号 art. 13)
 * and 70% (art. 7(1)) are recorded: every person has something to correct.
 */
async function history(t: TestApp): Promise<void> {
  for (const personId of RETIRED) await register(t, retiredBody({ personId }));
  for (const personId of IN_SERVICE) await register(t, registerBody({ personId }));
  await putParameter(t, PENSION_BASE, 300000, '2023-01-01', '2021 figure, pending the 2022 one');
  for (const personId of IN_SERVICE) {
    await submit(t, claimBody(personId, { claimId: `${personId}-C1`, serviceDate: '2023-03-05', items: [item(50000)] }));
    await submit(t, claimBody(personId, { claimId: `${personId}-C2`, serviceDate: '2023-04-05', items: [item(30000)] }));
  }
  await settleMonth(t, 'nanchong', '2023-01');
  await settleMonth(t, 'nanchong', '2023-02');
  await putParameter(t, PENSION_BASE, 320000, '2023-01-01', '2022 figure');
  await putParameter(t, RATE_LOWER, 0.7, '2023-01-01', 'rate raised');
}

const startJob = (t: TestApp, body: Record<string, unknown>) => t.http().post('/v1/readjudications').set('Prefer', 'respond-async').send(body);
const jobOf = async (t: TestApp, location: string): Promise<JobView> => (await t.http().get(location).expect(200)).body;

async function finished(t: TestApp, location: string): Promise<JobView> {
  for (let i = 0; i < 400; i++) {
    const job = await jobOf(t, location);
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`job ${location} still running after 10 s`);
}

/** Every row of the job's diff, read in pages of `limit`, following `next`. */
async function pagedRows(t: TestApp, location: string, limit: number): Promise<{ rows: ChangeRow[]; pages: number }> {
  const rows: ChangeRow[] = [];
  let pages = 0;
  for (let after: string | null = null; ; pages++) {
    const res: { body: { changes: ChangeRow[]; next: string | null } } = await t.http().get(`${location}/changes?limit=${limit}${after ? `&after=${after}` : ''}`).expect(200);
    expect(res.body.changes.length).toBeLessThanOrEqual(limit);
    rows.push(...res.body.changes);
    if (res.body.next === null) return { rows, pages: pages + 1 };
    after = res.body.next;
  }
}

const correctionsIn = async (t: TestApp) => (await domainEvents(t)).filter((e) => CORRECTIONS.includes(e.type)).map((e) => ({ streamId: e.streamId, type: e.type, data: e.data }));
const claimsOf = async (t: TestApp) => Promise.all(IN_SERVICE.flatMap((p) => [`${p}-C1`, `${p}-C2`]).map(async (id) => (await t.http().get(`/v1/claims/${id}`).expect(200)).body.shares));
const balancesOf = async (t: TestApp) => Promise.all([...RETIRED, ...IN_SERVICE].map(async (id) => (await t.http().get(`/v1/persons/${id}/personal-account`).expect(200)).body.balanceFen));

/** Rolls a job back to "nothing counted yet", as a crash after its corrections were appended and before any progress was committed leaves it. */
function loseProgress(dataDir: string, jobId: string): void {
  const db = new Database(jobsFile(dataDir));
  try {
    db.prepare(`UPDATE jobs SET state = 'running', persons_done = 0, claims_changed = 0, rows = 0, totals = '{}' WHERE job_id = ?`).run(jobId);
  } finally {
    db.close();
  }
}

const env = process.env.READJUDICATION_JOB_CHUNK_PERSONS;
beforeAll(() => (process.env.READJUDICATION_JOB_CHUNK_PERSONS = '2'));
afterAll(() => (env === undefined ? delete process.env.READJUDICATION_JOB_CHUNK_PERSONS : (process.env.READJUDICATION_JOB_CHUNK_PERSONS = env)));

describe('a dry-run job: 202 with Location, progress, and the diff in pages equal to the synchronous answer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
    await history(t);
  });
  afterAll(() => t?.close());

  it('Prefer: respond-async → 202, Location /v1/readjudication-jobs/{jobId}, the job in the body; done, its pages and totals are the synchronous answer, nothing written', async () => {
    const sync: Diff = (await t.http().post('/v1/readjudications').send(SCOPE).expect(200)).body;
    expect(sync.changes.length).toBeGreaterThan(7);
    const head = await domainHead(t);

    const res = await startJob(t, SCOPE);
    expect(res.status).toBe(202);
    expect(res.headers.location).toBe(`/v1/readjudication-jobs/${res.body.jobId}`);
    expect(res.headers['preference-applied']).toBe('respond-async');
    expect(res.body).toEqual(expect.objectContaining({ jobId: expect.any(String), state: 'running', apply: false, regionCode: 'nanchong', fromMonth: '2023-01', toMonth: '2023-12', links: { self: res.headers.location, changes: `${res.headers.location}/changes` } }));
    expect(res.body.progress).toEqual({ personsDone: 0, personsOf: 7, claimsChanged: 0, rows: 0 });

    const job = await finished(t, res.headers.location);
    const claimIds = new Set(sync.changes.filter((r) => r.claimId !== null).map((r) => r.claimId));
    expect(job).toEqual(expect.objectContaining({ state: 'done', error: null, totalsByPayer: sync.totalsByPayer }));
    expect(job.progress).toEqual({ personsDone: 7, personsOf: 7, claimsChanged: claimIds.size, rows: sync.changes.length });

    // pages of 3 rows, and one page of all: the rows of the synchronous answer, in its order
    const paged = await pagedRows(t, res.headers.location, 3);
    expect(paged.rows).toEqual(sync.changes);
    expect(paged.pages).toBeGreaterThanOrEqual(Math.ceil(sync.changes.length / 3));
    expect((await pagedRows(t, res.headers.location, 10000)).rows).toEqual(sync.changes);
    // a dry run records nothing but the reads of the pages
    expect(await domainHead(t)).toBe(head);
  });

  it('bad input names the field (problem+json) and starts no job; an unknown job is 404; an auditor may not apply as a job either', async () => {
    const jobsBefore = countJobs(t.dataDir);
    expectProblem(await startJob(t, { ...SCOPE, toMonth: '2022-12' }), 400, 'toMonth');
    expectProblem(await startJob(t, { ...SCOPE, regionCode: 'atlantis' }), 400, 'regionCode');
    const auditor = (await issueToken(t, ['auditor'], 'auditor-jobs')).token;
    expectProblem(await t.as(auditor).post('/v1/readjudications').set('Prefer', 'respond-async').send({ ...SCOPE, apply: true }), 403);
    expect(countJobs(t.dataDir)).toBe(jobsBefore);

    const location = (await startJob(t, SCOPE).expect(202)).headers.location;
    await finished(t, location);
    expectProblem(await t.http().get(`${location}/changes?limit=0`), 400, 'limit');
    expectProblem(await t.http().get(`${location}/changes?limit=10001`), 400, 'limit');
    expectProblem(await t.http().get(`${location}/changes?after=x1`), 400, 'after');
    expectProblem(await t.http().get('/v1/readjudication-jobs/no-such-job'), 404);
    expectProblem(await t.http().get('/v1/readjudication-jobs/no-such-job/changes'), 404);
    // an auditor reads a job and its pages (the same roles as the synchronous dry run)
    expect((await t.as(auditor).get(location).expect(200)).body.state).toBe('done');
    await t.as(auditor).get(`${location}/changes`).expect(200);
  });

  it('without the Prefer header (or with another preference) the answer is the synchronous 200', async () => {
    const plain = await t.http().post('/v1/readjudications').send(SCOPE).expect(200);
    const other = await t.http().post('/v1/readjudications').set('Prefer', 'return=minimal').send(SCOPE).expect(200);
    expect(other.body).toEqual(plain.body);
    expect(plain.headers.location).toBeUndefined();
  });
});

function countJobs(dataDir: string): number {
  if (!fs.existsSync(jobsFile(dataDir))) return 0;
  const db = new Database(jobsFile(dataDir), { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM jobs').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('an applied job: the synchronous apply, in chunks; resumed after a stop and after a crash, every correction once', () => {
  let reference: TestApp;
  let syncApplied: Diff;

  beforeAll(async () => {
    reference = await startApp();
    await history(reference);
    syncApplied = (await reference.http().post('/v1/readjudications').send({ ...SCOPE, apply: true }).expect(200)).body;
  });
  afterAll(() => reference?.close());

  it('an applied job gives the synchronous apply’s rows and totals, records the same corrections, and a second one finds nothing', async () => {
    const t = await startApp();
    try {
      await history(t);
      const location = (await startJob(t, { ...SCOPE, apply: true }).expect(202)).headers.location;
      const job = await finished(t, location);
      expect(job).toEqual(expect.objectContaining({ state: 'done', apply: true, totalsByPayer: syncApplied.totalsByPayer }));
      expect((await pagedRows(t, location, 4)).rows).toEqual(syncApplied.changes);
      expect((await correctionsIn(t)).map((c) => c.type)).toEqual((await correctionsIn(reference)).map((c) => c.type));
      expect(await claimsOf(t)).toEqual(await claimsOf(reference));
      expect(await balancesOf(t)).toEqual(await balancesOf(reference));

      const again = await finished(t, (await startJob(t, { ...SCOPE, apply: true }).expect(202)).headers.location);
      expect(again.progress).toEqual({ personsDone: 7, personsOf: 7, claimsChanged: 0, rows: 0 });
      expect(Object.values(again.totalsByPayer).every((v) => v === 0)).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('the api stopped mid-job and started again on the same DATA_DIR resumes it; a crash that lost every chunk’s progress re-runs it and applies nothing twice', async () => {
    const dataDir = tempDataDir();
    let t = await startApp({ dataDir });
    try {
      await history(t);
      const res = await startJob(t, { ...SCOPE, apply: true }).expect(202);
      const location = res.headers.location;
      // stopped right after the 202: the chunk under way finishes, the job stays running
      await t.close();
      t = await startApp({ dataDir });
      const resumed = await finished(t, location);
      expect(resumed).toEqual(expect.objectContaining({ state: 'done', totalsByPayer: syncApplied.totalsByPayer }));
      expect((await pagedRows(t, location, 5)).rows).toEqual(syncApplied.changes);
      const corrections = await correctionsIn(t);
      expect(corrections.map((c) => c.type)).toEqual((await correctionsIn(reference)).map((c) => c.type));

      // a crash after every correction was appended, before any chunk's progress was committed
      await t.close();
      loseProgress(dataDir, res.body.jobId);
      t = await startApp({ dataDir });
      const rerun = await finished(t, location);
      expect(rerun).toEqual(expect.objectContaining({ state: 'done', totalsByPayer: syncApplied.totalsByPayer }));
      expect(rerun.progress.rows).toBe(syncApplied.changes.length);
      expect((await pagedRows(t, location, 5)).rows).toEqual(syncApplied.changes);
      // every correction once: the log holds exactly what it held before the crash
      expect(await correctionsIn(t)).toEqual(corrections);
      expect(await claimsOf(t)).toEqual(await claimsOf(reference));
      expect(await balancesOf(t)).toEqual(await balancesOf(reference));
    } finally {
      await t.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
