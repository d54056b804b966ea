import { Body, Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IsBoolean, IsIn, IsObject, IsOptional } from 'class-validator';
import { CommandMeta } from '@benefit/domain';
import { ALL_PARAMETER_DEFINITIONS, ParameterBook, ParameterRecord, REGIONS, parameterExample } from '@benefit/policy';
import { MAX_OVERRIDE_VALUES } from '@benefit/runtime';
import { FieldError, RegionCode, dateProblem, invalid } from '@benefit/shared';
import { Meta } from '../common/request-meta';
import { IsMonth } from '../common/validation';
import { ParametersService } from '../infrastructure/parameters.service';
import { ReadjudicationService } from './readjudication.service';
import { ReadjudicationJobsService } from './readjudication-jobs.service';
import { jobView, respondsAsync } from './readjudication-jobs.controller';
import { RecordsAccess } from '../access-log/records-access';
import { AccessDenied } from '../access/access.guard';
import { Caller } from '../access/caller';
import { Allow, Principal } from '../access/policy';

/** A diff names a person on every row; all of them are recorded (one event per 1,000 persons). A job (202) names none: its pages are recorded as read. */
const personsOfDiff = (diff: { changes?: { personId: string }[] }) => diff.changes?.map((c) => c.personId) ?? [];

export class ReadjudicationDto {
  @ApiProperty({ enum: REGIONS }) @IsIn(REGIONS) regionCode: RegionCode;
  @ApiProperty({ example: '2023-01' }) @IsMonth() fromMonth: string;
  @ApiProperty({ example: '2023-12' }) @IsMonth() toMonth: string;
  @ApiPropertyOptional({ description: 'false (default): a dry run that writes nothing' }) @IsOptional() @IsBoolean() apply?: boolean;
}

export class SimulationDto {
  @ApiProperty({ enum: REGIONS }) @IsIn(REGIONS) regionCode: RegionCode;
  @ApiProperty({ example: '2023-01' }) @IsMonth() fromMonth: string;
  @ApiProperty({ example: '2023-12' }) @IsMonth() toMonth: string;
  @ApiProperty({
    description: 'parameter key → value (from the start of the period), or → [{ effectiveFrom, value }]',
    example: parameterExample(),
  })
  @IsObject()
  parameterOverrides: Record<string, unknown>;
}

/** How many values the overrides carry, stopping as soon as the cap is passed (the object may hold thousands of keys). */
function overrideValues(overrides: Record<string, unknown>): number {
  let n = 0;
  for (const key in overrides) {
    const spec = overrides[key];
    n += Array.isArray(spec) ? Math.max(1, spec.length) : 1;
    if (n > MAX_OVERRIDE_VALUES) break;
  }
  return n;
}

function period(dto: { fromMonth: string; toMonth: string }) {
  if (dto.toMonth < dto.fromMonth) throw invalid([{ field: 'toMonth', message: 'must not be before fromMonth' }]);
  return { fromMonth: dto.fromMonth, toMonth: dto.toMonth };
}

/** A what-if book: the recorded parameters plus the overrides, as if recorded last; built once. */
function withOverrides(book: ParameterBook, overrides: Record<string, unknown>, fromMonth: string): ParameterBook {
  if (overrideValues(overrides) > MAX_OVERRIDE_VALUES) {
    throw invalid([{ field: 'parameterOverrides', message: `must hold at most ${MAX_OVERRIDE_VALUES} values (a key's value, or each entry of its list)` }]);
  }
  const errors: FieldError[] = [];
  const records: ParameterRecord[] = [];
  const recordedAt = new Date().toISOString();
  let revision = book.revision;
  for (const [key, spec] of Object.entries(overrides)) {
    const field = `parameterOverrides.${key}`;
    const def = ALL_PARAMETER_DEFINITIONS.get(key);
    if (!def) {
      errors.push({ field, message: 'no pack defines this parameter (GET /v1/parameters lists them)' });
      continue;
    }
    if (Array.isArray(spec) && spec.length === 0) {
      errors.push({ field, message: 'must be a value or a non-empty list of { effectiveFrom, value }' });
      continue;
    }
    const values = Array.isArray(spec) ? (spec as unknown[]) : [{ effectiveFrom: `${fromMonth}-01`, value: spec }];
    values.forEach((entry, i) => {
      const at = Array.isArray(spec) ? `${field}[${i}]` : field;
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return errors.push({ field: at, message: 'must be an object { effectiveFrom, value }' });
      const v = entry as { effectiveFrom?: unknown; value?: unknown };
      const dateWrong = dateProblem(v.effectiveFrom);
      if (dateWrong) return errors.push({ field: `${at}.effectiveFrom`, message: dateWrong });
      const problem = ParameterBook.valueProblem(def, v.value);
      if (problem) return errors.push({ field: at, message: problem });
      records.push({ key, effectiveFrom: v.effectiveFrom as string, effectiveTo: null, value: v.value as number, reason: 'simulation', recordedAt, revision: ++revision });
    });
  }
  if (errors.length) throw invalid(errors);
  return book.withRecords(records);
}

@ApiTags('re-settlement')
@Controller('v1')
export class ReadjudicationController {
  constructor(
    private readonly readjudication: ReadjudicationService,
    private readonly parameters: ParametersService,
    private readonly jobs: ReadjudicationJobsService,
  ) {}

  @Allow('auditor')
  @RecordsAccess({ persons: personsOfDiff, body: ['regionCode', 'fromMonth', 'toMonth', 'apply'] })
  @Post('readjudications')
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-settle a period under the parameters now in force; apply records corrective entries' })
  @ApiHeader({ name: 'Prefer', required: false, description: '`respond-async` (RFC 7240): run as a job, 202 with Location: /v1/readjudication-jobs/{jobId} (README "Re-settlement")' })
  @ApiResponse({ status: 202, description: 'a job (with Prefer: respond-async): its state and progress; Location names it' })
  async readjudicate(@Body() dto: ReadjudicationDto, @Meta() meta: CommandMeta, @Caller() caller: Principal, @Headers('prefer') prefer: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    // API.md Access: an auditor dry-runs; applying corrective entries is the admin's alone
    if (dto.apply && !caller.roles.includes('admin')) throw new AccessDenied('applying a re-adjudication needs the admin role; an auditor may dry-run it (apply: false)');
    if (dto.apply) meta = { ...meta, role: 'admin' };
    const p = period(dto);
    const book = await this.parameters.current(true);
    if (respondsAsync(prefer)) {
      // README "Re-settlement", jobs: the same work, recorded as it goes; the diff is read in pages
      const job = await this.jobs.start(dto.apply ? 'apply' : 'dry-run', dto.regionCode, p, book, meta);
      reply.status(202).header('location', `/v1/readjudication-jobs/${job.jobId}`).header('preference-applied', 'respond-async');
      return jobView(job);
    }
    return dto.apply ? this.readjudication.apply(dto.regionCode, p, book, meta) : this.readjudication.diff(dto.regionCode, p, book);
  }

  @Allow('auditor')
  @RecordsAccess({ persons: personsOfDiff, body: ['regionCode', 'fromMonth', 'toMonth'] })
  @Post('simulations')
  @HttpCode(200)
  @ApiOperation({ summary: 'What-if: re-settle the recorded history under overridden parameters; writes nothing' })
  async simulate(@Body() dto: SimulationDto) {
    const p = period(dto);
    const book = withOverrides(await this.parameters.current(true), dto.parameterOverrides, dto.fromMonth);
    return this.readjudication.diff(dto.regionCode, p, book);
  }
}
