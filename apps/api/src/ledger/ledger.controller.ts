import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EventStore } from '@benefit/event-store';
import { ReadQueries } from '@benefit/projections';
import { FieldError, RegionCode, invalid, isValidMonth, notFound } from '@benefit/shared';
import type { PiiVault } from '@benefit/vault';
import { eventViews } from '@benefit/runtime';
import { EVENT_STORE, PII_VAULT, READ_QUERIES } from '../infrastructure/tokens';
import { ParametersService } from '../infrastructure/parameters.service';
import { REGIONS, lossRatioPack } from '@benefit/policy';
import { Allow } from '../access/policy';
import { RecordsAccess } from '../access-log/records-access';
import { personsOfEvents } from '../access-log/access-record';

@ApiTags('ledger and log')
@Controller('v1')
export class LedgerController {
  constructor(
    @Inject(READ_QUERIES) private readonly queries: ReadQueries,
    private readonly parameters: ParametersService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PII_VAULT) private readonly vault: PiiVault,
  ) {}

  @Allow('auditor')
  @Get('ledgers')
  @ApiOperation({ summary: "What each payer owes for the claims of a month's settlement, corrections included" })
  async ledger(@Query('regionCode') regionCode?: string, @Query('month') month?: string) {
    const errors: FieldError[] = [];
    if (!regionCode || !(REGIONS as readonly string[]).includes(regionCode)) errors.push({ field: 'regionCode', message: `must be one of ${REGIONS.join(', ')}` });
    if (!isValidMonth(month)) errors.push({ field: 'month', message: 'must be a month YYYY-MM' });
    if (errors.length) throw invalid(errors);
    const region = regionCode as RegionCode;
    return {
      regionCode: region,
      month,
      settled: (await this.queries.settledMonths(region)).includes(month!),
      funds: await this.queries.ledger(region, month!),
      // not claims: the guardian rewards and the insurer's premiums the month's settlement accrued
      accruals: await this.queries.accruals(region, month!),
      // each correction shows in the month it is paid with and against the claims' own month
      corrections: await this.queries.corrections(region, month!),
    };
  }

  @Allow('auditor')
  @Get('poverty-insurance/loss-ratio')
  @ApiOperation({ summary: "The insurer contract of the region pack that has one: premium, compensation and the loss ratio of a year (the pack's article)" })
  async lossRatio(@Query('year') year?: string) {
    const pack = lossRatioPack();
    if (!pack?.lossRatio) throw notFound('loss ratio', 'no region pack has an insurer contract with a loss ratio');
    const report = pack.lossRatio;
    const y = Number(year);
    if (!/^\d{4}$/.test(year ?? '') || y < report.firstYear || y > 2100) {
      throw invalid([{ field: 'year', message: `must be a policy year from ${report.firstYear} (the scheme starts ${report.startsOn})` }]);
    }
    const premium = await this.queries.premiumsOfYear(pack.region, y);
    const claims = await this.queries.fundYear(pack.region, y, report.payer);
    const base = { year: y, premiumFen: premium.amountFen, insuredPersons: premium.persons, claimsFen: claims.amountFen, claims: claims.claims };
    if (premium.amountFen === 0) {
      return { ...base, lossRatio: null, belowFloor: null, aboveCeiling: null, meetsMinimumCompensation: null, detail: `no premium accrued for ${y} yet: premiums accrue with the settlements of that year` };
    }
    const r = report.compute(claims.amountFen, premium.amountFen, `${y}-12-31`, await this.parameters.current());
    return { ...base, lossRatio: r.ratioBp / 10000, belowFloor: r.belowFloor, aboveCeiling: r.aboveCeiling, meetsMinimumCompensation: r.meetsMinimumCompensation, citation: r.citation };
  }

  @Allow('auditor')
  @RecordsAccess({ persons: personsOfEvents, query: ['after', 'limit'] })
  @Get('events')
  @ApiOperation({ summary: 'The whole log, oldest first, in pages' })
  async events(@Query('after') after?: string, @Query('limit') limit?: string) {
    const errors: FieldError[] = [];
    const a = after === undefined ? 0 : Number(after);
    const l = limit === undefined ? 100 : Number(limit);
    if (!Number.isSafeInteger(a) || a < 0) errors.push({ field: 'after', message: 'must be a non-negative integer position' });
    if (!Number.isInteger(l) || l < 1 || l > 1000) errors.push({ field: 'limit', message: 'must be an integer from 1 to 1000' });
    if (errors.length) throw invalid(errors);
    return eventViews(await this.store.readAll({ after: a, maxCount: l }), this.vault);
  }
}
