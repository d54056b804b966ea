/** Claims: one decision settles a claim across every payer (一单制) and moves the person's counters. */
import { IsoDate, invalid, refused } from '@benefit/shared';
import { Claim, ParameterBook, packFor, settleClaim } from '@benefit/policy';
import { ClaimAdjudicated, PersonEvent } from '../person/person.events';
import { PersonState, beneficiaryOn } from '../person/person.state';
import { requireRegistered } from '../person/enrollment.decider';

export type SubmitClaim = { type: 'SubmitClaim'; data: Claim };

export interface ClaimContext {
  params: ParameterBook;
  today: IsoDate;
}

export function decideClaim(cmd: SubmitClaim, state: PersonState, ctx: ClaimContext): PersonEvent[] {
  const claim = cmd.data;
  const reg = requireRegistered(state, claim.personId);
  if (state.claimIds.has(claim.claimId)) return []; // already adjudicated: a retry returns the recorded result
  if (claim.serviceDate < reg.registeredOn) {
    throw refused('not-insured', `the person is registered from ${reg.registeredOn}; the service date ${claim.serviceDate} is before it`, 'serviceDate');
  }
  const pack = packFor(reg.regionCode);
  if (pack.computesAssistance && (claim.priorPayments?.medical_assistance ?? 0) > 0) {
    throw invalid([{ field: 'priorPayments.medical_assistance', message: `${reg.regionCode} medical assistance is computed by this engine; leave it out` }]);
  }
  const adjudication = settleClaim(claim, beneficiaryOn(state, claim.serviceDate), pack, ctx.params);
  const event: ClaimAdjudicated = { type: 'ClaimAdjudicated', data: { claim, regionCode: reg.regionCode, adjudication } };
  return [event];
}
