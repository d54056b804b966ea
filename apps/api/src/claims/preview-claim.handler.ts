/**
 * Pre-settlement (预结算): SubmitClaim's decider on the person as now recorded, nothing appended —
 * no adjudication, no claim-id reservation. The context is built as SubmitClaim builds it, so the
 * shares are the ones submitting now would give.
 */
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ClaimAdjudicated, claimStream, keyOwner, personFold, personStream, previewClaim } from '@benefit/domain';
import { SubmittedClaim } from '@benefit/policy';
import { ClaimDoc, claimDocOf } from '@benefit/projections';
import { conflict } from '@benefit/shared';
import { claimContext } from '@benefit/workflows';
import { DecisionsService } from '../infrastructure/decisions.service';
import { ParametersService } from '../infrastructure/parameters.service';
import { CatalogueService } from '../infrastructure/catalogue.service';

export class PreviewClaimQuery {
  constructor(readonly claim: SubmittedClaim) {}
}

/** ClaimView of a settlement not recorded: no position, no recording time. */
export type ClaimPreview = Omit<ClaimDoc, 'status' | 'position' | 'recordedAt'> & { status: 'preview' };

/** The preview, and what the view does not show of the same decision: the counters it would move (the national platform's act_pay_dedc). */
export interface PreviewResult {
  view: ClaimPreview;
  counterDeltas: ClaimAdjudicated['data']['adjudication']['counterDeltas'];
}

@QueryHandler(PreviewClaimQuery)
export class PreviewClaimHandler implements IQueryHandler<PreviewClaimQuery, PreviewResult> {
  constructor(
    private readonly decisions: DecisionsService,
    private readonly parameters: ParametersService,
    private readonly catalogue: CatalogueService,
  ) {}

  async execute({ claim }: PreviewClaimQuery): Promise<PreviewResult> {
    const ctx = await claimContext({ parameters: this.parameters, catalogue: this.catalogue, clock: this.decisions.ports.clock });
    const state = await this.decisions.state(personStream(claim.personId), personFold);
    const events = previewClaim({ type: 'SubmitClaim', data: claim }, state, ctx);
    // the id may be held by another person's claim: submitting it would be refused (409), so is this
    if (await keyOwner(this.decisions.ports.log, claimStream(claim.claimId))) {
      throw conflict('claim-already-recorded', `claim ${claim.claimId} is already recorded; use a new claimId`);
    }
    const adjudicated = events.find((e): e is ClaimAdjudicated => e.type === 'ClaimAdjudicated');
    // previewClaim refuses a recorded id, so a decision without an adjudication is a bug
    if (!adjudicated) throw new Error(`invariant: the preview of claim ${claim.claimId} decided no adjudication`);
    const { position: _p, recordedAt: _r, ...view } = claimDocOf(adjudicated.data, 0, ctx.now!);
    return { view: { ...view, status: 'preview' }, counterDeltas: adjudicated.data.adjudication.counterDeltas };
  }
}
