/**
 * SettleMonth on the CommandBus: the workflow (libs/workflows settle-month.ts) records the
 * persons' month-ends in chunks, then closes the month; this handler only hands it the api's
 * ports, with the log itself for the chunks' atomic appends.
 */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Logger } from 'pino';
import { CommandMeta } from '@benefit/domain';
import { ReadQueries, SettlementDoc } from '@benefit/projections';
import { Month, RegionCode } from '@benefit/shared';
import { settleMonth } from '@benefit/workflows';
import { DecisionsService } from '../infrastructure/decisions.service';
import { ParametersService } from '../infrastructure/parameters.service';
import { LOGGER, READ_QUERIES } from '../infrastructure/tokens';

export class SettleMonthCommand {
  constructor(readonly regionCode: RegionCode, readonly month: Month, readonly meta: CommandMeta) {}
}

@CommandHandler(SettleMonthCommand)
export class SettleMonthHandler implements ICommandHandler<SettleMonthCommand, SettlementDoc> {
  constructor(
    private readonly decisions: DecisionsService,
    private readonly parameters: ParametersService,
    @Inject(READ_QUERIES) private readonly queries: ReadQueries,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  execute({ regionCode, month, meta }: SettleMonthCommand): Promise<SettlementDoc> {
    return settleMonth({ ...this.decisions.ports, log: this.decisions.store, parameters: this.parameters, queries: this.queries, logger: this.logger }, regionCode, month, meta);
  }
}
