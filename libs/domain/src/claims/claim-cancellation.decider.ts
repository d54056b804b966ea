/**
 * 撤销结算 (退费, API.md "Claim lifecycle"): a hospital withdraws a settlement when the bill is
 * corrected. Everything the claim moved — as now adjusted by corrections — is given back; later
 * claims are not re-settled here (a re-adjudication does that). The claim id stays taken.
 */
import { IsoDate, PAYERS, Payer, conflict, monthOf, notFound, refused } from '@benefit/shared';
import { COUNTER_KEYS, CounterKey } from '@benefit/policy';
import { PersonEvent } from '../person/person.events';
import { PersonState, countersOf } from '../person/person.state';
import { requireRegistered } from '../person/enrollment.decider';
import { ClaimCancelled } from './claim-cancelled.events';
import { counterLimitsV1 } from '../events/to-policy-v1';

export type CancelClaim = { type: 'CancelClaim'; data: { personId: string; claimId: string; reason: string; cancelledOn: IsoDate } };

export function decideCancellation(cmd: CancelClaim, state: PersonState): PersonEvent[] {
  const { personId, claimId, reason, cancelledOn } = cmd.data;
  const reg = requireRegistered(state, personId);
  const record = state.claims.find((c) => c.claim.claimId === claimId);
  if (!record) throw notFound('Claim', `no claim ${claimId} is recorded for ${personId}`);
  if (record.cancellation) {
    // the same cancellation again is a retry: it answers the recorded one
    if (record.cancellation.reason === reason && record.cancellation.cancelledOn === cancelledOn) return [];
    throw conflict('claim-already-cancelled', `claim ${claimId} was cancelled on ${record.cancellation.cancelledOn} (${record.cancellation.reason})`);
  }
  const { claim, current } = record;
  if (cancelledOn < claim.serviceDate) {
    throw refused('cancelled-before-service', `a settlement is cancelled after its service date ${claim.serviceDate}, not on ${cancelledOn}`, 'cancelledOn');
  }
  const reversedShares = Object.fromEntries(PAYERS.map((p) => [p, current.shares[p]])) as Record<Payer, number>;
  const counterDeltas: Partial<Record<CounterKey, number>> = {};
  const used = countersOf(state, current.year);
  for (const key of COUNTER_KEYS) {
    const moved = current.counterDeltas[key] ?? 0;
    if (moved === 0) continue;
    counterDeltas[key] = -moved;
    // a counter holds the sum of its live claims: giving one back cannot take it below zero
    if (used[key] - moved < 0) throw new Error(`invariant: cancelling ${claimId} takes ${key} of ${current.year} below zero`);
  }
  const cancelled: ClaimCancelled = {
    type: 'ClaimCancelled',
    data: {
      v: 1,
      personId,
      claimId,
      regionCode: reg.regionCode,
      institutionId: claim.institutionId,
      originalMonth: monthOf(claim.serviceDate),
      year: current.year,
      reason,
      cancelledOn,
      reversedShares,
      counterDeltas,
      counterLimits: counterLimitsV1(current.counterLimits),
      personalAccountRefundFen: current.shares.personal_account,
    },
  };
  return [cancelled];
}
