import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EventStore } from '@benefit/event-store';
import { SqliteQueries } from '@benefit/projections';
import { FieldError, REGIONS, RegionCode, invalid, isValidMonth } from '@benefit/shared';
import { eventView } from '../common/redact';
import { EVENT_STORE } from '../infrastructure/tokens';

@ApiTags('ledger and log')
@Controller('v1')
export class LedgerController {
  constructor(
    private readonly queries: SqliteQueries,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get('ledgers')
  @ApiOperation({ summary: "What each payer owes for the claims of a month's settlement, corrections included" })
  ledger(@Query('regionCode') regionCode?: string, @Query('month') month?: string) {
    const errors: FieldError[] = [];
    if (!regionCode || !(REGIONS as readonly string[]).includes(regionCode)) errors.push({ field: 'regionCode', message: `must be one of ${REGIONS.join(', ')}` });
    if (!isValidMonth(month)) errors.push({ field: 'month', message: 'must be a month YYYY-MM' });
    if (errors.length) throw invalid(errors);
    const region = regionCode as RegionCode;
    return { regionCode: region, month, settled: this.queries.settledMonths(region).includes(month!), funds: this.queries.ledger(region, month!) };
  }

  @Get('events')
  @ApiOperation({ summary: 'The whole log, oldest first, in pages' })
  async events(@Query('after') after?: string, @Query('limit') limit?: string) {
    const errors: FieldError[] = [];
    const a = after === undefined ? 0 : Number(after);
    const l = limit === undefined ? 100 : Number(limit);
    if (!Number.isSafeInteger(a) || a < 0) errors.push({ field: 'after', message: 'must be a non-negative integer position' });
    if (!Number.isInteger(l) || l < 1 || l > 1000) errors.push({ field: 'limit', message: 'must be an integer from 1 to 1000' });
    if (errors.length) throw invalid(errors);
    return (await this.store.readAll({ after: a, maxCount: l })).map(eventView);
  }
}
