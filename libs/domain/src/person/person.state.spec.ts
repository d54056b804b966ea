/**
 * `evolvePerson` returns a new state and leaves the one it is given as it was (issue 12): a state
 * held by the runner's cache may be read by a decision while a later event is folded.
 */
import { parameterBook } from '@benefit/policy';
import { decideClaim } from '../claims/claim.decider';
import { decideCancellation } from '../claims/claim-cancellation.decider';
import { claim, registered } from '../testing/fixtures';
import { PersonEvent } from './person.events';
import { PersonState, countersOf, evolvePerson, initialPersonState } from './person.state';

const ctx = { params: parameterBook(), today: '2026-11-22' };

/** The state as plain JSON (maps and sets as entry lists), to compare before and after. */
const snapshot = (state: PersonState): string => JSON.stringify(state, (_k, v: unknown) => (v instanceof Map || v instanceof Set ? [...v] : v));

/** Folds `events`, checking after each that the state before it is unchanged. */
function foldChecked(events: PersonEvent[], from: PersonState = initialPersonState()): PersonState {
  return events.reduce((state, event) => {
    const before = snapshot(state);
    const after = evolvePerson(state, event);
    expect(after).not.toBe(state);
    expect(snapshot(state)).toBe(before);
    return after;
  }, from);
}

describe('evolvePerson never changes the state it is given', () => {
  it('registration, a status, an employment change, a claim, its warnings, its cancellation and a payment each leave the earlier state as it was', () => {
    const registeredState = foldChecked([registered({ openingPersonalAccountFen: 50000 })]);
    const [adjudicated, ...warnings] = decideClaim({ type: 'SubmitClaim', data: claim({ claimId: 'C-1', usePersonalAccount: true }) }, registeredState, ctx);
    const history: PersonEvent[] = [
      { type: 'ReliefStatusTagged', data: { personId: 'P-1', status: 'orphan', validFrom: '2023-01-01', validTo: null, source: 'civil_affairs', diagnosis: null, riskLevel: null, firstTreatmentDate: null } },
      { type: 'ReliefStatusRevoked', data: { personId: 'P-1', status: 'orphan', effectiveDate: '2023-06-10' } },
      { type: 'EmploymentChanged', data: { personId: 'P-1', employment: 'retired', effectiveMonth: '2023-05' } },
      adjudicated,
      ...warnings,
    ];
    const claimed = foldChecked(history, registeredState);
    const cancelled = decideCancellation({ type: 'CancelClaim', data: { personId: 'P-1', claimId: 'C-1', reason: 'bill corrected', cancelledOn: '2023-03-06' } }, claimed);
    const after = foldChecked(
      [
        ...cancelled,
        { type: 'PersonalAccountPaid', data: { personId: 'P-1', beneficiaryPersonId: 'P-1', purpose: 'pharmacy', amountFen: 1000, reference: 'R-1', paidOn: '2023-04-01', relation: 'self' } },
      ],
      claimed,
    );
    // the folded result is still right: the cancellation gave every counter back
    expect(Object.values(countersOf(after, 2023)).every((v) => v === 0)).toBe(true);
    expect(countersOf(claimed, 2023).personal_burden).toBeGreaterThan(0);
    expect(after.statuses[0].revokedThrough).toBe('2023-06-30');
    expect(registeredState.claims).toEqual([]);
    expect(after.claims[0].cancellation).toEqual({ reason: 'bill corrected', cancelledOn: '2023-03-06' });
  });
});
