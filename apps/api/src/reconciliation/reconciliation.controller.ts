/**
 * 对账 (API.md "Claim lifecycle"): a hospital's settlements over recorded days (China time), read
 * from the reconciliation rows keyed by institution and day. Nothing here writes.
 */
import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReadQueries } from '@benefit/projections';
import { FieldError, dateProblem, daysBetween, invalid } from '@benefit/shared';
import { AccessDenied } from '../access/access.guard';
import { Caller } from '../access/caller';
import { Allow, Principal } from '../access/policy';
import { BODY_LIMIT, BodyLimit } from '../common/json-body';
import { ID_PATTERN } from '../enrollment/dto';
import { READ_QUERIES } from '../infrastructure/tokens';
import { ReconcileDto } from './dto';
import { compare, totals } from './reconcile';

/** A reconciliation covers at most a year of days: a bound on the rows one request reads. */
const MAX_DAYS = 366;

function rangeOf(institutionId: unknown, from: unknown, to: unknown) {
  const errors: FieldError[] = [];
  if (typeof institutionId !== 'string' || !ID_PATTERN.test(institutionId)) errors.push({ field: 'institutionId', message: 'must be an institution id' });
  for (const [field, v] of [['from', from], ['to', to]] as const) {
    const problem = dateProblem(v);
    if (problem) errors.push({ field, message: problem });
  }
  if (!errors.length && (to as string) < (from as string)) errors.push({ field: 'to', message: 'must not be before from' });
  if (!errors.length && daysBetween(from as string, to as string) >= MAX_DAYS) errors.push({ field: 'to', message: `a reconciliation covers at most ${MAX_DAYS} days` });
  if (errors.length) throw invalid(errors);
  return { institutionId: institutionId as string, from: from as string, to: to as string };
}

/** API.md Access: a hospital reconciles its own institution only. */
function fence(caller: Principal, institutionId: string) {
  if (caller.role === 'hospital' && institutionId !== caller.institutionId) {
    throw new AccessDenied(`a hospital token of institution ${caller.institutionId} may not reconcile another institution`);
  }
}

@ApiTags('claims')
@Controller('v1/reconciliations')
export class ReconciliationController {
  constructor(@Inject(READ_QUERIES) private readonly queries: ReadQueries) {}

  @Allow('hospital', 'auditor')
  @Get()
  @ApiOperation({ summary: '对账: settlements less cancellations of an institution, on the days they were recorded (China time)' })
  async totals(@Caller() caller: Principal, @Query('institutionId') institutionId?: string, @Query('from') from?: string, @Query('to') to?: string) {
    const range = rangeOf(institutionId, from, to);
    fence(caller, range.institutionId);
    return { ...range, ...totals(await this.queries.reconciliationEntries(range.institutionId, range.from, range.to)) };
  }

  @Allow('hospital')
  @Post()
  @HttpCode(200)
  @BodyLimit(BODY_LIMIT)
  @ApiOperation({ summary: '对账: the hospital’s list compared claim by claim (totalFen, fundFen); records nothing' })
  async reconcile(@Body() dto: ReconcileDto, @Caller() caller: Principal) {
    const range = rangeOf(dto.institutionId, dto.from, dto.to);
    fence(caller, range.institutionId);
    return compare(await this.queries.reconciliationEntries(range.institutionId, range.from, range.to), dto.claims);
  }
}
