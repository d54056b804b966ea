/**
 * Re-settlement jobs in the api (README "Re-settlement", jobs): asked for with `Prefer:
 * respond-async` (RFC 7240), recorded in DATA_DIR/jobs.db and run one at a time in the
 * background by the workflow of libs/workflows readjudication-job.ts. A job the api left running
 * when it stopped (or crashed) is resumed at its next start, from its first chunk not counted.
 */
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Logger } from 'pino';
import { CommandMeta, Period } from '@benefit/domain';
import { ParameterBook } from '@benefit/policy';
import { ReadQueries } from '@benefit/projections';
import { AppConfig, SqliteJobStore, jobsFile } from '@benefit/runtime';
import { RegionCode } from '@benefit/shared';
import { JobKind, Ports, ReadjudicationJob, createReadjudicationJob, runReadjudicationJob } from '@benefit/workflows';
import { CatalogueService } from '../infrastructure/catalogue.service';
import { DecisionsService } from '../infrastructure/decisions.service';
import { ParametersService } from '../infrastructure/parameters.service';
import { APP_CONFIG, LOGGER, READ_QUERIES } from '../infrastructure/tokens';

/** Persons per chunk (a dry-run chunk is one transaction of jobs.db); READJUDICATION_JOB_CHUNK_PERSONS overrides it. */
export const DEFAULT_CHUNK_PERSONS = 500;

function chunkPersons(): number {
  const v = process.env.READJUDICATION_JOB_CHUNK_PERSONS;
  if (v === undefined || v === '') return DEFAULT_CHUNK_PERSONS;
  if (!/^\d{1,6}$/.test(v) || Number(v) < 1) throw new Error(`READJUDICATION_JOB_CHUNK_PERSONS must be a whole number from 1 to 999999, got "${v}": fix or unset it and start again`);
  return Number(v);
}

@Injectable()
export class ReadjudicationJobsService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly jobs: SqliteJobStore;
  private readonly ports: Pick<Ports, 'commands' | 'log' | 'views' | 'queries' | 'catalogue' | 'logger'>;
  private readonly chunkPersons = chunkPersons();
  private readonly queue: string[] = [];
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    decisions: DecisionsService,
    catalogue: CatalogueService,
    private readonly parameters: ParametersService,
    @Inject(READ_QUERIES) queries: ReadQueries,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.jobs = new SqliteJobStore(jobsFile(config.dataDir));
    this.ports = { ...decisions.ports, catalogue, queries, logger };
  }

  /** Jobs left running by the last process go first, in the order they were asked for. */
  onApplicationBootstrap(): void {
    const left = this.jobs.unfinished();
    if (left.length > 0) this.logger.info({ jobs: left.length }, 'resuming re-settlement jobs left running');
    for (const job of left) this.enqueue(job.jobId);
  }

  /** Before storage closes (onApplicationShutdown): the chunk under way finishes, the job stays running. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.running;
    this.jobs.close();
  }

  /** Records the job with its scope and starts it behind the jobs before it. */
  async start(kind: JobKind, regionCode: RegionCode, period: Period, book: ParameterBook, meta: CommandMeta): Promise<ReadjudicationJob> {
    const job = await createReadjudicationJob(this.ports, this.jobs, { jobId: randomUUID(), kind, regionCode, period, parametersRevision: book.revision, meta });
    this.logger.info({ jobId: job.jobId, kind, regionCode, ...period, persons: job.personsTotal }, 're-settlement job recorded');
    this.enqueue(job.jobId);
    return job;
  }

  private enqueue(jobId: string): void {
    this.queue.push(jobId);
    this.kick();
  }

  private kick(): void {
    if (this.running || this.stopping) return;
    this.running = this.drain()
      .catch((err) => this.logger.error({ err }, 're-settlement jobs stopped: the jobs left running resume at the next start'))
      .finally(() => {
        this.running = null;
        if (this.queue.length > 0) this.kick();
      });
  }

  private async drain(): Promise<void> {
    // one job at a time: two would interleave their chunks and each take twice as long
    for (let jobId = this.queue.shift(); jobId !== undefined && !this.stopping; jobId = this.queue.shift()) {
      const book = await this.parameters.current(true);
      const job = await runReadjudicationJob(this.ports, this.jobs, jobId, book, { chunkPersons: this.chunkPersons, stopping: () => this.stopping });
      if (job.state === 'failed') this.logger.error({ jobId, error: job.error }, 're-settlement job failed');
      else this.logger.info({ jobId, state: job.state, done: job.personsDone, of: job.personsTotal }, job.state === 'done' ? 're-settlement job done' : 're-settlement job paused until the next start');
    }
  }
}
