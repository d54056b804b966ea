/** 撤销结算 (退费, API.md "Claim lifecycle"): a settlement withdrawn gives back everything it moved. */
import fc from 'fast-check';
import { parameterBook } from '@benefit/policy';
import { PAYERS, sumFen } from '@benefit/shared';
import { ClaimAdjudicated, PersonEvent } from '../person/person.events';
import { personFold } from '../person/person.fold';
import { countersOf } from '../person/person.state';
import { deciderSpec } from '../testing/decider-spec';
import { claim, item, registered } from '../testing/fixtures';
import { ClaimContext, SubmitClaim, decideClaim } from './claim.decider';
import { CancelClaim, decideCancellation } from './claim-cancellation.decider';
import { ClaimCancelled } from './claim-cancelled.events';

const ctx: ClaimContext = { params: parameterBook(), today: '2026-11-22' };
const submitSpec = deciderSpec(personFold, (cmd: SubmitClaim, s) => decideClaim(cmd, s, ctx));
const cancelSpec = deciderSpec(personFold, (cmd: CancelClaim, s) => decideCancellation(cmd, s));
const submit = (over: Parameters<typeof claim>[0] = {}): SubmitClaim => ({ type: 'SubmitClaim', data: claim(over) });
const cancel = (claimId: string, reason = 'bill corrected (退费)', cancelledOn = '2023-03-06'): CancelClaim => ({ type: 'CancelClaim', data: { personId: 'P-1', claimId, reason, cancelledOn } });
const fold = (events: PersonEvent[]) => events.reduce(personFold.evolve, personFold.initialState());

/** The history after submitting the claim: registration, adjudication (and any warning). */
function settled(over: Parameters<typeof claim>[0] = {}, history: PersonEvent[] = [registered()]) {
  const events = submitSpec.given(history).when(submit(over)).then(() => undefined);
  return { history: [...history, ...events], adjudicated: events[0] as ClaimAdjudicated };
}

describe('cancellation gives back every share and counter the claim moved', () => {
  it('art. 7(1) worked example cancelled: pooling 18,000 and self-pay 32,000 reversed, deductible 20,000 and pooling 18,000 given back', () => {
    const { history, adjudicated } = settled({ claimId: 'C-1', institutionLevel: 'tier2', items: [item(50000)] });
    const [event] = cancelSpec.given(history).when(cancel('C-1')).then(() => undefined) as ClaimCancelled[];
    expect(event.type).toBe('ClaimCancelled');
    expect(event.data).toMatchObject({ v: 1, claimId: 'C-1', reason: 'bill corrected (退费)', cancelledOn: '2023-03-06', originalMonth: '2023-03', year: 2023, personalAccountRefundFen: 0 });
    expect(event.data.reversedShares).toEqual(adjudicated.data.adjudication.shares);
    expect(event.data.reversedShares.basic_pooling).toBe(18000);
    expect(event.data.counterDeltas).toEqual({ outpatient_pooling_deductible: -20000, outpatient_pooling_paid: -18000, personal_burden: -32000 });
    const after = fold([...history, event]);
    expect(Object.values(countersOf(after, 2023)).every((v) => v === 0)).toBe(true);
  });

  it('what the personal account paid is refunded: a balance of 100 yuan spent on the claim is 100 yuan again', () => {
    const { history, adjudicated } = settled({ claimId: 'C-1', usePersonalAccount: true }, [registered({ openingPersonalAccountFen: 10000 })]);
    const paid = adjudicated.data.adjudication.shares.personal_account;
    expect(paid).toBeGreaterThan(0);
    const events = cancelSpec.given(history).when(cancel('C-1')).then(() => undefined) as ClaimCancelled[];
    expect(events[0].data.personalAccountRefundFen).toBe(paid);
    expect(fold([...history, ...events]).balanceFen).toBe(10000);
  });

  it('the next claim after a cancellation pays from the deductible again: the counters are as if the claim never was', () => {
    const { history } = settled({ claimId: 'C-1', items: [item(50000)] });
    const cancelled = cancelSpec.given(history).when(cancel('C-1')).then(() => undefined);
    const [next] = submitSpec.given([...history, ...cancelled]).when(submit({ claimId: 'C-2', institutionLevel: 'tier2', items: [item(50000)] })).then(() => undefined) as ClaimAdjudicated[];
    expect(next.data.adjudication.shares.basic_pooling).toBe(18000);
  });
});

describe('cancellation is idempotent, final, and refuses what it cannot cancel', () => {
  it('the same cancellation again records nothing (the recorded one is the answer)', () => {
    const { history } = settled({ claimId: 'C-1' });
    const first = cancelSpec.given(history).when(cancel('C-1')).then(() => undefined);
    cancelSpec.given([...history, ...first]).when(cancel('C-1')).then([]);
  });

  it('another cancellation of a cancelled claim → conflict', () => {
    const { history } = settled({ claimId: 'C-1' });
    const first = cancelSpec.given(history).when(cancel('C-1')).then(() => undefined);
    cancelSpec.given([...history, ...first]).when(cancel('C-1', 'another reason')).thenRefused('conflict', 'claim-already-cancelled');
  });

  it('a cancelled claim id cannot be submitted again → conflict (the corrected bill is a new claim)', () => {
    const { history } = settled({ claimId: 'C-1' });
    const first = cancelSpec.given(history).when(cancel('C-1')).then(() => undefined);
    submitSpec.given([...history, ...first]).when(submit({ claimId: 'C-1' })).thenRefused('conflict', 'claim-cancelled');
  });

  it('an unknown claim → not found; a cancellation dated before the service → refused', () => {
    cancelSpec.given([registered()]).when(cancel('C-none')).thenRefused('not_found');
    const { history } = settled({ claimId: 'C-1', serviceDate: '2023-03-05' });
    cancelSpec.given(history).when(cancel('C-1', 'x', '2023-03-04')).thenRefused('refused', 'cancelled-before-service');
  });
});

describe('property: over submit/cancel interleavings, counters are the sum over live claims and balances never go negative', () => {
  const stepArb = fc.oneof(
    fc.record({ kind: fc.constant('submit' as const), amountFen: fc.integer({ min: 0, max: 300_000 }), month: fc.integer({ min: 1, max: 12 }), account: fc.boolean() }),
    fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
  );
  it('holds for every interleaving', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 25 }), (steps) => {
        const events: PersonEvent[] = [registered({ openingPersonalAccountFen: 50000 })];
        let n = 0;
        for (const step of steps) {
          const state = fold(events);
          if (step.kind === 'submit') {
            const c = claim({ claimId: `C-${++n}`, serviceDate: `2023-${String(step.month).padStart(2, '0')}-10`, items: [item(step.amountFen)], usePersonalAccount: step.account });
            events.push(...decideClaim({ type: 'SubmitClaim', data: c }, state, ctx));
          } else {
            const live = state.claims.filter((c) => !c.cancellation);
            if (live.length === 0) continue;
            const target = live[step.pick % live.length].claim;
            events.push(...decideCancellation({ type: 'CancelClaim', data: { personId: 'P-1', claimId: target.claimId, reason: 'r', cancelledOn: target.serviceDate } }, state));
          }
          const after = fold(events);
          expect(after.balanceFen).toBeGreaterThanOrEqual(0);
          const live = after.claims.filter((c) => !c.cancellation);
          const used = countersOf(after, 2023);
          for (const [key, value] of Object.entries(used)) {
            expect({ key, value }).toEqual({ key, value: sumFen(live.map((c) => (c.current.counterDeltas as Record<string, number>)[key] ?? 0)) });
          }
          // what the payers paid less what cancellations gave back is what the live claims hold
          for (const payer of PAYERS) {
            const paid = sumFen(events.filter((e): e is ClaimAdjudicated => e.type === 'ClaimAdjudicated').map((e) => e.data.adjudication.shares[payer]));
            const reversed = sumFen(events.filter((e): e is ClaimCancelled => e.type === 'ClaimCancelled').map((e) => e.data.reversedShares[payer]));
            expect(paid - reversed).toBe(sumFen(live.map((c) => c.current.shares[payer])));
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
