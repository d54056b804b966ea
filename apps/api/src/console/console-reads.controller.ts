/**
 * The reads the auditor's console needs beyond the /v1 routes of API.md (issue 15): a person as
 * known at an instant, a claim's bill and the before/after of each correction, and the
 * re-settlements applied with who applied them. Auditor (and admin) only, like the person's events
 * they are folded from; the first two answer with a person's data and are recorded in the access
 * log like every other such read (`@RecordsAccess`).
 */
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { personStream } from '@benefit/domain';
import { EventStore } from '@benefit/event-store';
import { ReadQueries } from '@benefit/projections';
import { REGIONS } from '@benefit/policy';
import { RegionCode, invalid, notFound } from '@benefit/shared';
import type { PiiVault } from '@benefit/vault';
import { eventViews } from '@benefit/runtime';
import { Allow } from '../access/policy';
import { RecordsAccess, personInPath } from '../access-log/records-access';
import { claimView } from '../claims/claims.controller';
import { EVENT_STORE, PII_VAULT, READ_QUERIES } from '../infrastructure/tokens';
import { AppliedRuns, claimHistory, instantOf, personHistory } from './person-history';

/** A dry run's pace: a region's streams are read with other requests let in between (as ReadjudicationService does). */
const YIELD_EVERY = 100;

@ApiTags('console')
@Controller('v1/console')
export class ConsoleReadsController {
  constructor(
    @Inject(READ_QUERIES) private readonly queries: ReadQueries,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PII_VAULT) private readonly vault: PiiVault,
  ) {}

  @Allow('auditor')
  @RecordsAccess({ persons: personInPath, query: ['asOf'] })
  @Get('persons/:personId/history')
  @ApiOperation({ summary: "A person as known at an instant (bitemporal): events recorded by then, statuses, counters per year, the account balance over time" })
  @ApiQuery({ name: 'asOf', required: false, description: 'YYYY-MM-DD (end of that day, China time) or an ISO 8601 instant; default: everything recorded' })
  async person(@Param('personId') personId: string, @Query('asOf') asOf?: string) {
    const atMs = instantOf(asOf);
    const raw = await this.store.readStream(personStream(personId));
    if (raw.length === 0) throw notFound('Person', `no person ${personId} is registered`);
    return personHistory(personId, raw, await eventViews(raw, this.vault), atMs);
  }

  @Allow('auditor')
  @RecordsAccess({ persons: (body: { view: { personId: string } }) => [body.view.personId] })
  @Get('claims/:claimId/history')
  @ApiOperation({ summary: "A claim's view (as GET /v1/claims/{id}), its bill's items, and every step with the shares before and after" })
  async claim(@Param('claimId') claimId: string) {
    const doc = await this.queries.claim(claimId);
    if (!doc) throw notFound('Claim', `no claim ${claimId} is recorded`);
    const history = claimHistory(claimId, await this.store.readStream(personStream(doc.personId)));
    // the read model holds a claim only from its adjudication in the person's stream
    if (!history) throw new Error(`invariant: claim ${claimId} is projected but not in ${personStream(doc.personId)}`);
    return { view: claimView(doc), ...history };
  }

  @Allow('auditor')
  @Get('readjudications')
  @ApiOperation({ summary: "Re-settlements applied in a region: when, by whom, why, and the totals by payer (no person's data: counts and sums only)" })
  async applied(@Query('regionCode') regionCode?: string) {
    if (!regionCode || !(REGIONS as readonly string[]).includes(regionCode)) throw invalid([{ field: 'regionCode', message: `must be one of ${REGIONS.join(', ')}` }]);
    const runs = new AppliedRuns();
    for (const [i, personId] of (await this.queries.personIdsInRegion(regionCode as RegionCode)).entries()) {
      for (const e of await this.store.readStream(personStream(personId))) runs.add(e);
      if ((i + 1) % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    return { regionCode, runs: runs.list() };
  }
}
