/**
 * Invariants as properties (fast-check), over random histories of one person: claims,
 * monthly credits, family payments, employment changes. Every decision goes through the real
 * deciders and the real rules.
 */
import fc from 'fast-check';
import { Claim, ClaimItem } from '@benefit/policy';
import { DomainError, PAYERS, sumFen } from '@benefit/shared';
import { decideCredit, decidePayment } from '../accounts/account.decider';
import { decideClaim } from '../claims/claim.decider';
import { bookWithPension, claim, registered } from '../testing/fixtures';
import { PersonEvent } from './person.events';
import { evolvePerson, initialPersonState, PersonState } from './person.state';
import { foldPerson } from './person.fold';

const params = bookWithPension();
const itemArb: fc.Arbitrary<ClaimItem> = fc.record({
  code: fc.constant('X'),
  name: fc.constant('item'),
  kind: fc.constantFrom('drug', 'service', 'material'),
  catalogClass: fc.constantFrom('A', 'B', 'C'),
  drugClass: fc.constant(null),
  amountFen: fc.oneof(fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 0, max: 400_000 })),
});
const claimArb = fc.record({
  institutionLevel: fc.constantFrom('tier3', 'tier2', 'tier1', 'primary', 'pharmacy'),
  designated: fc.boolean(),
  visitType: fc.constantFrom('general_outpatient', 'emergency', 'two_diseases_outpatient', 'chronic_special_outpatient'),
  month: fc.integer({ min: 1, max: 12 }),
  year: fc.constantFrom(2023, 2024),
  items: fc.array(itemArb, { minLength: 1, maxLength: 6 }),
  usePersonalAccount: fc.boolean(),
  prior: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
});
type ClaimShape = typeof claimArb extends fc.Arbitrary<infer T> ? T : never;
type Step =
  | { kind: 'claim'; c: ClaimShape }
  | { kind: 'credit'; month: number }
  | { kind: 'pay'; amountFen: number }
  | { kind: 'retire'; month: number };
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: claimArb.map((c) => ({ kind: 'claim' as const, c })) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 12 }).map((month) => ({ kind: 'credit' as const, month })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 30_000 }).map((amountFen) => ({ kind: 'pay' as const, amountFen })) },
  { weight: 1, arbitrary: fc.integer({ min: 2, max: 12 }).map((month) => ({ kind: 'retire' as const, month })) },
);
const mm = (n: number) => String(n).padStart(2, '0');

function toClaim(step: Extract<Step, { kind: 'claim' }>['c'], i: number): Claim {
  const scope = sumFen(step.items.filter((x) => x.catalogClass !== 'C').map((x) => x.amountFen));
  return claim({
    claimId: `C-${i}`,
    institutionLevel: step.institutionLevel as Claim['institutionLevel'],
    designated: step.designated,
    visitType: step.visitType as Claim['visitType'],
    serviceDate: `${step.year}-${mm(step.month)}-15`,
    items: step.items,
    usePersonalAccount: step.usePersonalAccount,
    priorPayments: step.prior === null ? null : { basic_pooling: Math.floor(scope * step.prior) },
  });
}

/** Runs the steps through the deciders; refusals (a rule saying no) record nothing, as in the service. */
function run(steps: Step[], opening: number): { events: PersonEvent[]; state: PersonState; adjudicated: number } {
  const events: PersonEvent[] = [registered({ openingPersonalAccountFen: opening })];
  let state = foldPerson(events);
  let adjudicated = 0;
  steps.forEach((step, i) => {
    let decided: PersonEvent[] = [];
    try {
      if (step.kind === 'claim') decided = decideClaim({ type: 'SubmitClaim', data: toClaim(step.c, i) }, state, { params, today: '2026-11-22' });
      if (step.kind === 'credit') decided = decideCredit({ type: 'CreditMonth', data: { personId: 'P-1', month: `2023-${mm(step.month)}` } }, state, params);
      if (step.kind === 'pay') {
        const data = { personId: 'P-1', beneficiaryPersonId: 'P-2', purpose: 'medical' as const, amountFen: step.amountFen, reference: `R${i}`, paidOn: '2023-06-01' };
        decided = decidePayment({ type: 'PayFromAccount', data }, state, { beneficiaryRegistered: true });
      }
      if (step.kind === 'retire' && !state.employment.some((e) => e.employment === 'retired')) {
        decided = [{ type: 'EmploymentChanged', data: { personId: 'P-1', employment: 'retired', effectiveMonth: `2023-${mm(step.month)}` } }];
      }
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
    }
    for (const e of decided) {
      state = evolvePerson(state, e);
      events.push(e);
      if (e.type === 'ClaimAdjudicated') adjudicated += 1;
    }
  });
  return { events, state, adjudicated };
}

const history = fc.tuple(fc.array(stepArb, { maxLength: 40 }), fc.integer({ min: 0, max: 200_000 }));

describe('properties of every history', () => {
  it('shares of every claim add up to its total; no share is negative; every fen is explained', () => {
    fc.assert(
      fc.property(history, ([steps, opening]) => {
        for (const e of run(steps, opening).events) {
          if (e.type !== 'ClaimAdjudicated') continue;
          const a = e.data.adjudication;
          expect(sumFen(Object.values(a.shares))).toBe(sumFen(e.data.claim.items.map((x) => x.amountFen)));
          for (const p of PAYERS) {
            expect(a.shares[p]).toBeGreaterThanOrEqual(0);
            expect(sumFen(a.explanation.filter((l) => l.payer === p).map((l) => l.amountFen))).toBe(a.shares[p]);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the pooling counters never pass their limits (art. 7) for a person whose status does not change', () => {
    fc.assert(
      fc.property(history, ([steps, opening]) => {
        const { events } = run(steps.filter((s) => s.kind !== 'retire'), opening);
        const used = new Map<string, number>();
        for (const e of events) {
          if (e.type !== 'ClaimAdjudicated') continue;
          const a = e.data.adjudication;
          for (const key of ['outpatient_pooling_deductible', 'outpatient_pooling_paid'] as const) {
            const k = `${a.year}:${key}`;
            used.set(k, (used.get(k) ?? 0) + (a.counterDeltas[key] ?? 0));
            expect(used.get(k)!).toBeLessThanOrEqual(a.counterLimits[key]!);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('pooling paid never passes the highest cap of the year, even across retirement (art. 7, 14)', () => {
    fc.assert(
      fc.property(history, ([steps, opening]) => {
        const { state } = run(steps, opening);
        for (const counters of state.counters.values()) expect(counters.outpatient_pooling_paid).toBeLessThanOrEqual(120000);
      }),
      { numRuns: 200 },
    );
  });

  it('the personal-account balance never goes negative (art. 20)', () => {
    fc.assert(
      fc.property(history, ([steps, opening]) => {
        let state = initialPersonState();
        for (const e of run(steps, opening).events) {
          state = evolvePerson(state, e);
          expect(state.balanceFen).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('replaying the events reproduces the same state', () => {
    fc.assert(
      fc.property(history, ([steps, opening]) => {
        const { events, state } = run(steps, opening);
        expect(foldPerson(events)).toEqual(state);
      }),
      { numRuns: 100 },
    );
  });
});
