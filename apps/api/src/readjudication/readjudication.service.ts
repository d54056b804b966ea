/**
 * Re-settles a region's history under the parameters now in force (or a what-if book), and
 * reports the differences in the shape of API.md; applying records them as corrective events.
 * The work is the workflow's (libs/workflows readjudicate.ts); this service hands it the api's ports.
 */
import { Inject, Injectable } from '@nestjs/common';
import { Logger } from 'pino';
import { CommandMeta, Period } from '@benefit/domain';
import { ParameterBook } from '@benefit/policy';
import { ReadQueries } from '@benefit/projections';
import { RegionCode } from '@benefit/shared';
import { Diff, Ports, applyReadjudication, readjudicationDryRun } from '@benefit/workflows';
import { CatalogueService } from '../infrastructure/catalogue.service';
import { DecisionsService } from '../infrastructure/decisions.service';
import { LOGGER, READ_QUERIES } from '../infrastructure/tokens';

export type { ChangeRow, Diff } from '@benefit/workflows';

@Injectable()
export class ReadjudicationService {
  private readonly ports: Pick<Ports, 'commands' | 'log' | 'views' | 'queries' | 'catalogue' | 'logger'>;

  constructor(decisions: DecisionsService, catalogue: CatalogueService, @Inject(READ_QUERIES) queries: ReadQueries, @Inject(LOGGER) logger: Logger) {
    this.ports = { ...decisions.ports, catalogue, queries, logger };
  }

  /** The differences for every person of the region; writes nothing. */
  diff(regionCode: RegionCode, period: Period, params: ParameterBook): Promise<Diff> {
    return readjudicationDryRun(this.ports, regionCode, period, params);
  }

  /** Records the corrections person by person; each person's decision re-checks its own state. */
  apply(regionCode: RegionCode, period: Period, params: ParameterBook, meta: CommandMeta, personIds?: string[]): Promise<Diff> {
    return applyReadjudication(this.ports, regionCode, period, params, meta, personIds);
  }
}
