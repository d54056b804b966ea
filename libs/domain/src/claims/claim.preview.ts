/**
 * Pre-settlement (预结算): the decision SubmitClaim would take on the person as now recorded, for
 * the hospital's counter before the patient pays. It is SubmitClaim's own decider run on the
 * loaded state — not a copy of its rules — and its events are returned, never appended.
 */
import { conflict } from '@benefit/shared';
import { PersonEvent } from '../person/person.events';
import { PersonState } from '../person/person.state';
import { ClaimContext, SubmitClaim, decideClaim } from './claim.decider';

export function previewClaim(cmd: SubmitClaim, state: PersonState, ctx: ClaimContext): PersonEvent[] {
  // submitting a recorded claim id answers the recorded result, not a new settlement: there is
  // nothing to pre-settle, and the billing office should read GET /v1/claims/{id} instead
  if (state.claimIds.has(cmd.data.claimId)) {
    throw conflict('claim-already-recorded', `claim ${cmd.data.claimId} is already settled; read it with GET /v1/claims/${cmd.data.claimId}`);
  }
  return decideClaim(cmd, state, ctx);
}
