import { Inject } from '@nestjs/common';
/**
 * SubmitClaim. The claim id is the idempotency key: the same body again returns the recorded
 * result, a different body under the same id is a conflict, and a refused claim records nothing
 * (the key and the adjudication are written in one atomic append).
 */
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ClaimAdjudicated, ClaimContext, CommandMeta, claimStream, decideClaim, personFold, personStream } from '@benefit/domain';
import { SubmittedClaim } from '@benefit/policy';
import { ClaimDoc, ReadQueries, claimDocOf } from '@benefit/projections';
import { conflict, sha256, todayInChina } from '@benefit/shared';
import { READ_QUERIES } from '../infrastructure/tokens';
import { DecisionsService } from '../infrastructure/decisions.service';
import { ParametersService } from '../infrastructure/parameters.service';
import { CatalogueService } from '../infrastructure/catalogue.service';

export class SubmitClaimCommand {
  constructor(readonly claim: SubmittedClaim, readonly meta: CommandMeta) {}
}

export interface SubmitClaimResult {
  /** False when the same claim was already adjudicated: the recorded result is returned. */
  created: boolean;
  view: ClaimDoc;
}

@CommandHandler(SubmitClaimCommand)
export class SubmitClaimHandler implements ICommandHandler<SubmitClaimCommand, SubmitClaimResult> {
  constructor(
    private readonly decisions: DecisionsService,
    private readonly parameters: ParametersService,
    private readonly catalogue: CatalogueService,
    @Inject(READ_QUERIES) private readonly queries: ReadQueries,
  ) {}

  async execute({ claim, meta }: SubmitClaimCommand): Promise<SubmitClaimResult> {
    const ctx: ClaimContext = { params: await this.parameters.current(), catalogue: await this.catalogue.current(), today: todayInChina(), now: new Date().toISOString() };
    // the claim is built field by field in a fixed order (claim-input.ts): its JSON is canonical
    const owner = { key: claim.claimId, personId: claim.personId, requestHash: sha256(JSON.stringify(claim)) };
    const onTaken = () => {
      throw conflict('claim-id-conflict', `claim ${claim.claimId} is already recorded with a different body; use a new claimId or resend the original`);
    };
    const result = await this.decisions.runWithKey(personStream(claim.personId), personFold, (s) => decideClaim({ type: 'SubmitClaim', data: claim }, s, ctx), meta, {
      streamId: claimStream(claim.claimId),
      owner,
      onTaken,
    });
    // a new claim has no corrections yet: its view is the adjudication just recorded (the
    // projections have applied it by now); a retry answers from the claim view
    const i = result.events.findIndex((e) => e.type === 'ClaimAdjudicated');
    if (i >= 0 && result.positions && result.recordedAt) {
      return { created: true, view: claimDocOf((result.events[i] as ClaimAdjudicated).data, result.positions[i], result.recordedAt) };
    }
    const view = await this.queries.claim(claim.claimId);
    if (!view) throw new Error(`claim ${claim.claimId} is recorded but not yet in the claim view`);
    return { created: result.events.length > 0, view };
  }
}
