/**
 * A re-settlement job's state and its diff (README "Re-settlement", jobs; an extension of API.md's
 * `POST /v1/readjudications`): `GET /v1/readjudication-jobs/{jobId}` (state, progress, totals by
 * payer so far) and `GET /v1/readjudication-jobs/{jobId}/changes?after=&limit=` (the rows of the
 * persons done, in pages: each page is one bounded answer whose persons the access log records,
 * as the synchronous answer's are). The same roles as the synchronous route: an auditor reads.
 */
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { FIRST_JOB_CURSOR, isJobCursor, totalsOfJob } from '@benefit/runtime';
import { FieldError, invalid, notFound } from '@benefit/shared';
import { ReadjudicationJob } from '@benefit/workflows';
import { RecordsAccess } from '../access-log/records-access';
import { Allow } from '../access/policy';
import { ReadjudicationJobsService } from './readjudication-jobs.service';

export const DEFAULT_PAGE_ROWS = 1_000;
export const MAX_PAGE_ROWS = 10_000;

/** RFC 7240 §4.1: `Prefer: respond-async` among the preferences (tokens are case-insensitive, parameters ignored). */
export function respondsAsync(prefer: string | undefined): boolean {
  return (prefer ?? '').split(',').some((p) => p.split(/[;=]/, 1)[0].trim().toLowerCase() === 'respond-async');
}

/** What a client sees of a job: the scope, the state, the progress and the totals by payer so far. */
export const jobView = (job: ReadjudicationJob) => ({
  jobId: job.jobId,
  state: job.state,
  apply: job.kind === 'apply',
  regionCode: job.regionCode,
  fromMonth: job.fromMonth,
  toMonth: job.toMonth,
  parametersRevision: job.parametersRevision,
  progress: { personsDone: job.personsDone, personsOf: job.personsTotal, claimsChanged: job.claimsChanged, rows: job.rows },
  totalsByPayer: totalsOfJob(job),
  createdAt: job.createdAt,
  updatedAt: job.updatedAt,
  error: job.error,
  links: { self: `/v1/readjudication-jobs/${job.jobId}`, changes: `/v1/readjudication-jobs/${job.jobId}/changes` },
});

@ApiTags('re-settlement')
@Controller('v1/readjudication-jobs')
export class ReadjudicationJobsController {
  constructor(private readonly service: ReadjudicationJobsService) {}

  @Allow('auditor')
  @Get(':jobId')
  @ApiOperation({ summary: 'A re-settlement job: state (running, done, failed), progress (persons done / of, claims changed, rows), totals by payer so far' })
  job(@Param('jobId') jobId: string) {
    return jobView(this.jobOf(jobId));
  }

  @Allow('auditor')
  @RecordsAccess({ persons: (page: { changes: { personId: string }[] }) => page.changes.map((c) => c.personId), query: ['after', 'limit'] })
  @Get(':jobId/changes')
  @ApiOperation({ summary: "A page of the job's diff (the rows of API.md's `changes`, in the synchronous answer's order), of the persons done so far" })
  @ApiQuery({ name: 'after', required: false, description: 'the `next` of the previous page' })
  @ApiQuery({ name: 'limit', required: false, description: `1 to ${MAX_PAGE_ROWS}, default ${DEFAULT_PAGE_ROWS}` })
  changes(@Param('jobId') jobId: string, @Query('after') after?: string, @Query('limit') limit?: string) {
    const errors: FieldError[] = [];
    if (after !== undefined && !isJobCursor(after)) errors.push({ field: 'after', message: 'must be the `next` of an earlier page of this job' });
    const l = limit === undefined ? DEFAULT_PAGE_ROWS : Number(limit);
    if (limit !== undefined && (!/^\d{1,5}$/.test(limit) || l < 1 || l > MAX_PAGE_ROWS)) errors.push({ field: 'limit', message: `must be an integer from 1 to ${MAX_PAGE_ROWS}` });
    if (errors.length) throw invalid(errors);
    const job = this.jobOf(jobId);
    const rows = this.service.jobs.rowsAfter(jobId, after ?? null, l);
    const last = rows.length > 0 ? rows[rows.length - 1].cursor : (after ?? FIRST_JOB_CURSOR);
    // null once a finished job has nothing after this page; while it runs, the same cursor brings what is done later
    const complete = job.state !== 'running' && rows.length < l;
    return { jobId, state: job.state, changes: rows.map((r) => r.row), next: complete ? null : last };
  }

  private jobOf(jobId: string): ReadjudicationJob {
    const job = this.service.jobs.get(jobId);
    if (!job) throw notFound('re-settlement job', `no re-settlement job ${jobId}: POST /v1/readjudications with Prefer: respond-async starts one`);
    return job;
  }
}
