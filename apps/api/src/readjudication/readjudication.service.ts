/**
 * Re-settles a region's history under the parameters now in force (or a what-if book), and
 * reports the differences in the shape of API.md; applying records them as corrective events.
 */
import { Inject, Injectable } from '@nestjs/common';
import { Logger } from 'pino';
import { CommandMeta, CommandRunner, Period, decideReadjudication, personFold, personStream, resettlePerson } from '@benefit/domain';
import { EventStore } from '@benefit/event-store';
import { CatalogueBook, ParameterBook } from '@benefit/policy';
import { ProjectionWaiter, ReadQueries } from '@benefit/projections';
import { Month, PAYERS, Payer, RegionCode } from '@benefit/shared';
import { CatalogueService } from '../infrastructure/catalogue.service';
import { DecisionsService } from '../infrastructure/decisions.service';
import { EVENT_STORE, LOGGER, READ_QUERIES, PROJECTIONS } from '../infrastructure/tokens';

export interface ChangeRow {
  personId: string;
  claimId: string | null;
  month: Month;
  payer: Payer;
  beforeFen: number;
  afterFen: number;
  deltaFen: number;
}

export interface Diff {
  changes: ChangeRow[];
  totalsByPayer: Record<Payer, number>;
}

const PROGRESS_EVERY = 10_000;
const YIELD_EVERY = 100;

@Injectable()
export class ReadjudicationService {
  constructor(
    private readonly decisions: DecisionsService,
    private readonly runner: CommandRunner,
    @Inject(READ_QUERIES) private readonly queries: ReadQueries,
    @Inject(PROJECTIONS) private readonly projector: ProjectionWaiter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly catalogue: CatalogueService,
  ) {}

  /** The region's settled months: a correction is booked in its claim's month unless that one is among them (ledgerMonthFor). */
  async settledMonths(regionCode: RegionCode): Promise<Month[]> {
    return this.queries.settledMonths(regionCode);
  }

  /** The differences for every person of the region; writes nothing. */
  async diff(regionCode: RegionCode, period: Period, params: ParameterBook): Promise<Diff> {
    await this.projector.waitFor(await this.store.headPosition());
    const rows: ChangeRow[] = [];
    // items the catalogue classed are classed again from the catalogue as now recorded
    const catalogue = await this.catalogue.current(true);
    const personIds = await this.queries.personIdsInRegion(regionCode);
    const log = this.logger.child({ job: 'readjudication', regionCode, ...period });
    const started = Date.now();
    for (const [i, personId] of personIds.entries()) {
      const { state } = await this.runner.load(personStream(personId), personFold);
      rows.push(...rowsOf(personId, state, period, params, catalogue));
      // a long dry run lets other requests in between persons (SQLite reads never yield on their own)
      if ((i + 1) % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
      if ((i + 1) % PROGRESS_EVERY === 0) log.info({ done: i + 1, of: personIds.length, perSec: Math.round(((i + 1) * 1000) / (Date.now() - started + 1)) }, 're-settling');
    }
    return { changes: rows, totalsByPayer: totals(rows) };
  }

  /** Records the corrections person by person; each person's decision re-checks its own state. */
  async apply(regionCode: RegionCode, period: Period, params: ParameterBook, meta: CommandMeta, personIds?: string[]): Promise<Diff> {
    await this.projector.waitFor(await this.store.headPosition());
    const settledMonths = await this.settledMonths(regionCode);
    const reason = `re-settled ${period.fromMonth}..${period.toMonth} under parameter revision ${params.revision}`;
    const rows: ChangeRow[] = [];
    const catalogue = await this.catalogue.current(true);
    for (const [i, personId] of (personIds ?? (await this.queries.personIdsInRegion(regionCode))).entries()) {
      // as the dry run: persons without a change append nothing, so nothing else would let other requests in
      if ((i + 1) % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
      const before = (await this.runner.load(personStream(personId), personFold)).state;
      const preview = rowsOf(personId, before, period, params, catalogue);
      if (preview.length === 0) continue;
      const { events } = await this.decisions.run(personStream(personId), personFold, (s) => decideReadjudication({ type: 'Readjudicate', data: { personId, period, settledMonths, reason } }, s, params, catalogue), meta);
      if (events.length > 0) rows.push(...preview);
    }
    return { changes: rows, totalsByPayer: totals(rows) };
  }
}

function rowsOf(personId: string, state: Parameters<typeof resettlePerson>[0], period: Period, params: ParameterBook, catalogue: CatalogueBook): ChangeRow[] {
  if (!state.registration) return [];
  const rows: ChangeRow[] = [];
  const { claims, backPays } = resettlePerson(state, period, params, false, catalogue);
  for (const c of claims) {
    for (const payer of PAYERS) {
      const deltaFen = c.deltas[payer] ?? 0;
      if (deltaFen !== 0) rows.push({ personId, claimId: c.claimId, month: c.month, payer, beforeFen: c.before.shares[payer], afterFen: c.after.shares[payer], deltaFen });
    }
  }
  // one row per person and month for a back-pay, payer personal_account, no row for the fund that pays it (API.md)
  for (const b of backPays) {
    rows.push({ personId, claimId: null, month: b.month, payer: 'personal_account', beforeFen: b.beforeFen, afterFen: b.afterFen, deltaFen: b.deltaFen });
  }
  return rows;
}

function totals(rows: ChangeRow[]): Record<Payer, number> {
  const out = Object.fromEntries(PAYERS.map((p) => [p, 0])) as Record<Payer, number>;
  for (const r of rows) out[r.payer] += r.deltaFen;
  return out;
}
