/**
 * 撤销结算 (退费) on the CommandBus: the claim's person is found from the claim view (the
 * controller reads it), then the workflow (libs/workflows cancel-claim.ts) decides and answers
 * the view. The same cancellation again records nothing and answers the recorded view (200).
 */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandMeta } from '@benefit/domain';
import { ClaimDoc, ReadQueries } from '@benefit/projections';
import { ClaimCancellation, ClaimCancelledView, cancelClaim } from '@benefit/workflows';
import { READ_QUERIES } from '../infrastructure/tokens';
import { DecisionsService } from '../infrastructure/decisions.service';

export class CancelClaimCommand {
  constructor(
    readonly claim: ClaimDoc,
    readonly cancellation: ClaimCancellation,
    readonly meta: CommandMeta,
  ) {}
}

export type CancelClaimResult = ClaimCancelledView;

@CommandHandler(CancelClaimCommand)
export class CancelClaimHandler implements ICommandHandler<CancelClaimCommand, CancelClaimResult> {
  constructor(
    private readonly decisions: DecisionsService,
    @Inject(READ_QUERIES) private readonly queries: ReadQueries,
  ) {}

  execute({ claim, cancellation, meta }: CancelClaimCommand): Promise<CancelClaimResult> {
    return cancelClaim({ ...this.decisions.ports, queries: this.queries }, claim, cancellation, meta);
  }
}
