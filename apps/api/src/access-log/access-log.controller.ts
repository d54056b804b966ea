import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { EventStore } from '@benefit/event-store';
import { ProjectionWaiter, ReadQueries, accessLogPage } from '@benefit/projections';
import { FieldError, invalid, isValidDate, todayInChina } from '@benefit/shared';
import { Allow } from '../access/policy';
import { ID_PATTERN } from '../enrollment/dto';
import { EVENT_STORE, PROJECTIONS, READ_QUERIES } from '../infrastructure/tokens';

/** Days a query may span: a year, leap day included; beyond that, page through several queries. */
export const MAX_RANGE_DAYS = 366;
export const DEFAULT_RANGE_DAYS = 30;

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * The access log (API.md "Access"): who read which person's data, when, under which role and token,
 * and why. Read-only: the records are events in the log, and no route writes or deletes them.
 * Reading it is not itself recorded: it names readers, not a person's own data.
 */
@ApiTags('access log')
@Controller('v1/access-log')
export class AccessLogController {
  constructor(
    @Inject(READ_QUERIES) private readonly queries: ReadQueries,
    @Inject(PROJECTIONS) private readonly projections: ProjectionWaiter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Allow('auditor')
  @Get()
  @ApiOperation({ summary: "Recorded reads of persons' data, oldest first, by person and China-time dates (default: the last 30 days)" })
  @ApiQuery({ name: 'personId', required: false })
  @ApiQuery({ name: 'from', required: false, description: 'YYYY-MM-DD (China time); default: 29 days before `to`' })
  @ApiQuery({ name: 'to', required: false, description: 'YYYY-MM-DD (China time); default: today. At most 366 days from `from`' })
  @ApiQuery({ name: 'after', required: false, description: 'the `next` of the previous page' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 1000, default 100' })
  async list(@Query('personId') personId?: string, @Query('from') from?: string, @Query('to') to?: string, @Query('after') after?: string, @Query('limit') limit?: string) {
    const errors: FieldError[] = [];
    if (personId !== undefined && !ID_PATTERN.test(personId)) errors.push({ field: 'personId', message: 'must be a person id' });
    const toDay = to ?? todayInChina();
    if (!isValidDate(toDay)) errors.push({ field: 'to', message: 'must be a date YYYY-MM-DD' });
    const fromDay = from ?? (isValidDate(toDay) ? addDays(toDay, 1 - DEFAULT_RANGE_DAYS) : undefined);
    if (from !== undefined && !isValidDate(from)) errors.push({ field: 'from', message: 'must be a date YYYY-MM-DD' });
    if (isValidDate(fromDay) && isValidDate(toDay)) {
      const span = dayNumber(toDay) - dayNumber(fromDay) + 1;
      if (span < 1) errors.push({ field: 'from', message: 'must not be after to' });
      else if (span > MAX_RANGE_DAYS) errors.push({ field: 'from', message: `must be at most ${MAX_RANGE_DAYS} days before to (inclusive): query a longer period in parts` });
    }
    const a = after === undefined ? 0 : Number(after);
    const l = limit === undefined ? 100 : Number(limit);
    if (after !== undefined && (!/^\d+$/.test(after) || !Number.isSafeInteger(a))) errors.push({ field: 'after', message: 'must be a non-negative integer position (the `next` of the previous page)' });
    if (limit !== undefined && (!/^\d+$/.test(limit) || l < 1 || l > 1000)) errors.push({ field: 'limit', message: 'must be an integer from 1 to 1000' });
    if (errors.length) throw invalid(errors);
    // every read recorded before this query is shown: the access-log projection catches up first
    await this.projections.waitFor(await this.store.headPosition());
    const page = await accessLogPage(this.queries, { personId: personId ?? null, fromDay: fromDay!, toDay, after: a, limit: l });
    return {
      entries: page.entries.map((e) => ({ position: e.position, personId: e.personId, at: e.at, actor: e.actor, role: e.role, tokenId: e.tokenId, route: e.route, what: e.what, reason: e.reason })),
      next: page.next,
    };
  }
}
