/**
 * SubmitClaim on the CommandBus: the workflow (libs/workflows submit-claim.ts) reserves the claim
 * id, decides and answers the claim's view; this handler only hands it the api's ports.
 */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandMeta } from '@benefit/domain';
import { SubmittedClaim } from '@benefit/policy';
import { ReadQueries } from '@benefit/projections';
import { ClaimSubmitted, submitClaim } from '@benefit/workflows';
import { READ_QUERIES } from '../infrastructure/tokens';
import { DecisionsService } from '../infrastructure/decisions.service';
import { ParametersService } from '../infrastructure/parameters.service';
import { CatalogueService } from '../infrastructure/catalogue.service';

export class SubmitClaimCommand {
  constructor(readonly claim: SubmittedClaim, readonly meta: CommandMeta) {}
}

export type SubmitClaimResult = ClaimSubmitted;

@CommandHandler(SubmitClaimCommand)
export class SubmitClaimHandler implements ICommandHandler<SubmitClaimCommand, SubmitClaimResult> {
  constructor(
    private readonly decisions: DecisionsService,
    private readonly parameters: ParametersService,
    private readonly catalogue: CatalogueService,
    @Inject(READ_QUERIES) private readonly queries: ReadQueries,
  ) {}

  execute({ claim, meta }: SubmitClaimCommand): Promise<SubmitClaimResult> {
    return submitClaim({ ...this.decisions.ports, parameters: this.parameters, catalogue: this.catalogue, queries: this.queries }, claim, meta);
  }
}
