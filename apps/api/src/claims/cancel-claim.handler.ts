/**
 * 撤销结算 (退费): the claim's person is found from the claim view, then CancelClaim is decided on
 * that person's stream like every other decision. The same cancellation again records nothing and
 * answers the recorded view (200).
 */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CancelClaim, CommandMeta, decideCancellation, personFold, personStream } from '@benefit/domain';
import { ClaimDoc, ReadQueries } from '@benefit/projections';
import { notFound } from '@benefit/shared';
import { READ_QUERIES } from '../infrastructure/tokens';
import { DecisionsService } from '../infrastructure/decisions.service';

export class CancelClaimCommand {
  constructor(
    readonly claim: ClaimDoc,
    readonly cancellation: { reason: string; cancelledOn: string },
    readonly meta: CommandMeta,
  ) {}
}

export interface CancelClaimResult {
  created: boolean;
  view: ClaimDoc;
}

@CommandHandler(CancelClaimCommand)
export class CancelClaimHandler implements ICommandHandler<CancelClaimCommand, CancelClaimResult> {
  constructor(
    private readonly decisions: DecisionsService,
    @Inject(READ_QUERIES) private readonly queries: ReadQueries,
  ) {}

  async execute({ claim, cancellation, meta }: CancelClaimCommand): Promise<CancelClaimResult> {
    const cmd: CancelClaim = { type: 'CancelClaim', data: { personId: claim.personId, claimId: claim.claimId, ...cancellation } };
    const result = await this.decisions.run(personStream(claim.personId), personFold, (s) => decideCancellation(cmd, s), meta);
    // the projections have applied the cancellation by now (DecisionsService waits for them)
    const view = await this.queries.claim(claim.claimId);
    if (!view) throw notFound('Claim', `no claim ${claim.claimId} is recorded`);
    return { created: result.events.length > 0, view };
  }
}
