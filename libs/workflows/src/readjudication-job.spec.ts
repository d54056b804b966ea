/**
 * Re-settlement as a job (issue 13 point 5) over the real SQLite log, read model and job store:
 * the job's rows and totals are the synchronous workflow's, and an applied job that dies after a
 * chunk's corrections were appended and before its progress was committed is resumed without
 * recording any correction twice (README "Re-settlement": applying twice finds nothing).
 * Worked example as readjudicate.spec.ts: 南府办发〔2022〕33号 art. 7(1), a 500-yuan tier-2 bill
 * under a 250-yuan deductible instead of 200 moves 30 yuan from pooling to self-pay.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parameterBook } from '@benefit/policy';
import { SqliteJobStore } from '@benefit/runtime';
import { claim, recorded, registered } from '../../domain/src/testing/fixtures';
import { JobStore, createReadjudicationJob, runReadjudicationJob } from './readjudication-job';
import { readjudicationDryRun } from './readjudicate';
import { submitClaim } from './submit-claim';
import { World, given, meta, openWorld, recordedAfter } from './testing/world';

const period = { fromMonth: '2023-01', toMonth: '2023-12' };
const higherDeductible = parameterBook([recorded('nanchong.outpatient.in_service.deductible', 25000)], 0);
const PERSONS = ['P-1', 'P-2', 'P-3', 'P-4', 'P-5'];
const running = { chunkPersons: 2, stopping: () => false };

let world: World;
let dir: string;
let jobs: SqliteJobStore;
beforeEach(async () => {
  world = openWorld('2023-06-01T02:00:00.000Z');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobs-'));
  jobs = new SqliteJobStore(path.join(dir, 'jobs.db'));
  for (const [i, personId] of PERSONS.entries()) {
    await given(world, personId, [registered({ personId })]);
    await submitClaim(world, claim({ claimId: `C-${i + 1}`, personId, institutionLevel: 'tier2' }), meta);
  }
});
afterEach(async () => {
  jobs.close();
  await world.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const newJob = (kind: 'dry-run' | 'apply') => createReadjudicationJob(world, jobs, { jobId: `job-${kind}`, kind, regionCode: 'nanchong', period, parametersRevision: 0, meta });
const allRows = (jobId: string) => jobs.rowsAfter(jobId, null, 1000).map((r) => r.row);

/** A job store whose process dies in the chunk's commit number `at`: nothing after it is written. */
function dyingAt(store: JobStore, at: number): JobStore {
  let chunks = 0;
  const died = () => new Error('the process died');
  return new Proxy(store, {
    get(target, key: keyof JobStore) {
      if (key === 'completeChunk') return (...args: Parameters<JobStore['completeChunk']>) => (++chunks === at ? (() => { throw died(); })() : target.completeChunk(...args));
      if (key === 'finish' && chunks >= at) return () => { throw died(); };
      return (target[key] as (...a: unknown[]) => unknown).bind(target);
    },
  });
}

describe('re-settlement job', () => {
  it('a dry run in chunks of 2 persons gives the synchronous rows (art. 7(1): −3,000 pooling, +3,000 self-pay per claim) and totals, and writes nothing', async () => {
    const sync = await readjudicationDryRun(world, 'nanchong', period, higherDeductible);
    const head = await world.store.headPosition();
    const job = await runReadjudicationJob(world, jobs, (await newJob('dry-run')).jobId, higherDeductible, running);
    expect(job).toMatchObject({ state: 'done', personsDone: 5, personsTotal: 5, claimsChanged: 5, rows: 10, totalsByPayer: { basic_pooling: -15000, self_pay: 15000 } });
    expect(allRows(job.jobId)).toEqual(sync.changes);
    expect(await recordedAfter(world, head)).toEqual([]);
    // three chunks, each logged with counts only
    expect(world.lines.filter((l) => l.message === 're-settling').map((l) => [l.fields.done, l.fields.of])).toEqual([[2, 5], [4, 5], [5, 5]]);
    expect(JSON.stringify(world.lines)).not.toMatch(/P-\d/);
  });

  it('an applied job that dies after chunk 2’s corrections and before its progress resumes from chunk 2: one ClaimSharesAdjusted per claim, the rows of a dry run', async () => {
    const expected = (await readjudicationDryRun(world, 'nanchong', period, higherDeductible)).changes;
    const head = await world.store.headPosition();
    const { jobId } = await newJob('apply');
    await expect(runReadjudicationJob(world, dyingAt(jobs, 2), jobId, higherDeductible, running)).rejects.toThrow('the process died');
    // chunk 1 counted; chunk 2's persons corrected but not counted
    expect(jobs.get(jobId)).toMatchObject({ state: 'running', personsDone: 2 });
    expect((await recordedAfter(world, head)).filter((e) => e.type === 'ClaimSharesAdjusted')).toHaveLength(4);

    const job = await runReadjudicationJob(world, jobs, jobId, higherDeductible, running);
    expect(job).toMatchObject({ state: 'done', personsDone: 5, claimsChanged: 5, rows: 10, totalsByPayer: { basic_pooling: -15000, self_pay: 15000 } });
    expect(allRows(jobId)).toEqual(expected);
    const adjusted = (await recordedAfter(world, head)).filter((e) => e.type === 'ClaimSharesAdjusted');
    expect(adjusted.map((e) => (e.data as { claimId: string }).claimId)).toEqual(['C-1', 'C-2', 'C-3', 'C-4', 'C-5']);
  });

  it('a resumed job re-settles under the revision it was asked for, not a later record', async () => {
    const { jobId } = await newJob('dry-run');
    const later = parameterBook([recorded('nanchong.outpatient.in_service.deductible', 25000), recorded('nanchong.outpatient.in_service.deductible', 30000, '2023-01-01', 1)], 1);
    const job = await runReadjudicationJob(world, jobs, jobId, later, running);
    expect(job.totalsByPayer).toEqual({ basic_pooling: -15000, self_pay: 15000 });
  });
});
