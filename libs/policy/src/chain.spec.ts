/** The one-bill chain itself (DOMAIN.md "Settlement order"), with a toy pack so each guarantee shows on its own. */
import fc from 'fast-check';
import { DomainError, PAYERS, sumFen } from '@benefit/shared';
import { chainSteps, consumeBurden, policyVersionOf, settleClaim } from './chain';
import { BurdenLine, ChainStep, RegionPack, StepOutcome } from './pack';
import { YANCHENG_2023, book, claim, item, person, record, yanchengBook, yuan } from './testing/fixtures';
import { claimArb, personArb } from './testing/arbitraries';
import { parameterBook } from './registry';
import { yanchengPack } from './packs/yancheng';

const params = parameterBook();
const step = (name: string, payer: ChainStep['payer'], apply: ChainStep['apply']): ChainStep => ({ name, payer, apply });
const paying = (payer: ChainStep['payer'], amountFen: number, more: Partial<StepOutcome> = {}) =>
  step(`toy.${payer}`, payer, () => ({ explanation: [{ payer, amountFen, rule: `toy.${payer}`, citation: 'toy' }], ...more }));
const pack = (steps: ChainStep[], over: Partial<RegionPack> = {}): RegionPack => ({
  region: 'shanting',
  version: 'toy',
  parameters: [],
  computesAssistance: true,
  insurance: () => ({ paid: { basic_pooling: 0 }, explanation: [], burden: [], counterDeltas: {}, counterLimits: {} }),
  steps,
  counterLimits: () => ({}),
  ...over,
});
const withPrior = claim({ items: [item(yuan(100)), item(yuan(50), 'C')], priorPayments: { basic_pooling: yuan(40) } });

describe('steps 2–6 run in DOMAIN.md’s payer order, whatever order a pack lists them in', () => {
  it('hospital_borne, poverty_insurance, backstop, relief, assistance → assistance first … hospital_borne last', () => {
    const seen: string[] = [];
    const spy = (payer: ChainStep['payer']) => step(payer, payer, () => (seen.push(payer), { explanation: [] }));
    const p = pack(['hospital_borne', 'poverty_insurance', 'fiscal_backstop', 'disability_relief', 'medical_assistance'].map((x) => spy(x as ChainStep['payer'])));
    settleClaim(withPrior, person(), p, params);
    expect(seen).toEqual(['medical_assistance', 'disability_relief', 'fiscal_backstop', 'poverty_insurance', 'hospital_borne']);
  });

  it('within one payer the pack’s order stands (regular assistance before tilted)', () => {
    const names = chainSteps(pack([paying('fiscal_backstop', 0), step('regular', 'medical_assistance', () => ({ explanation: [] })), step('tilted', 'medical_assistance', () => ({ explanation: [] }))])).map((s) => s.name);
    expect(names).toEqual(['regular', 'tilted', 'toy.fiscal_backstop']);
  });

  it('each step sees the shares and the burden the earlier ones left', () => {
    let seen: { assistance: number; left: number } | undefined;
    const look = step('look', 'fiscal_backstop', ({ shares, burden }) => ((seen = { assistance: shares.medical_assistance, left: sumFen(burden.map((l) => l.amountFen)) }), { explanation: [] }));
    settleClaim(withPrior, person(), pack([look, paying('medical_assistance', yuan(10))]), params);
    expect(seen).toEqual({ assistance: yuan(10), left: yuan(60 - 10 + 50) });
  });
});

describe('conservation: every fen to one payer, explained', () => {
  it('shares add up to the total and each payer’s lines add up to its share', () => {
    const a = settleClaim(withPrior, person(), pack([paying('medical_assistance', yuan(10)), paying('hospital_borne', yuan(5), { consumes: 'class_c_first' })]), params);
    expect(sumFen(Object.values(a.shares))).toBe(a.totalFen);
    for (const payer of PAYERS) expect(sumFen(a.explanation.filter((l) => l.payer === payer).map((l) => l.amountFen))).toBe(a.shares[payer]);
    expect(a.shares).toMatchObject({ basic_pooling: yuan(40), medical_assistance: yuan(10), hospital_borne: yuan(5), self_pay: yuan(95) });
  });

  it('a step paying another payer than its own is a bug', () => {
    const rogue = step('rogue', 'medical_assistance', () => ({ explanation: [{ payer: 'self_pay', amountFen: 1, rule: 'x', citation: 'x' }] }));
    expect(() => settleClaim(withPrior, person(), pack([rogue]), params)).toThrow(/may pay medical_assistance only/);
  });

  it('a step paying more than the person has left is a bug, not a negative share', () => {
    expect(() => settleClaim(withPrior, person(), pack([paying('fiscal_backstop', yuan(111))]), params)).toThrow(/more than/);
  });

  it('in_scope_only never touches class C: taking more than the policy-scope rest is a bug', () => {
    expect(() => settleClaim(withPrior, person(), pack([paying('fiscal_backstop', yuan(61), { consumes: 'in_scope_only' })]), params)).toThrow(/more than/);
  });
});

describe('which burden a payment consumes', () => {
  const lines: BurdenLine[] = [
    { amountFen: 100, rule: 'scope', citation: 'c', inScope: true },
    { amountFen: 50, rule: 'classC', citation: 'c', inScope: false },
  ];
  it('in_scope_first (the default), class_c_first, in_scope_only', () => {
    expect(consumeBurden(lines, 120).map((l) => l.amountFen)).toEqual([0, 30]);
    expect(consumeBurden(lines, 60, 'class_c_first').map((l) => l.amountFen)).toEqual([90, 0]);
    expect(consumeBurden(lines, 100, 'in_scope_only').map((l) => l.amountFen)).toEqual([0, 50]);
    expect(() => consumeBurden(lines, 101, 'in_scope_only')).toThrow(/invariant/);
  });

  it('the person’s cash lines keep the rule that left the money to them', () => {
    const a = settleClaim(withPrior, person(), pack([paying('hospital_borne', yuan(50), { consumes: 'class_c_first' })]), params);
    expect(a.explanation.filter((l) => l.payer === 'self_pay').map((l) => l.rule)).toEqual(['prior_payment.remainder']);
  });
});

describe('a limit is an account: no counter passes its limit', () => {
  it('a step moving a counter past its limit is a bug', () => {
    const over = step('over', 'medical_assistance', () => ({ explanation: [], counterDeltas: { assistance_shared_base: 11 }, counterLimits: { assistance_shared_base: 100 } }));
    expect(() => settleClaim(withPrior, person({ countersUsed: { assistance_shared_base: 90 } }), pack([over]), params)).toThrow(/past its limit/);
    expect(() => settleClaim(withPrior, person({ countersUsed: { assistance_shared_base: 89 } }), pack([over]), params)).not.toThrow();
  });
});

describe('priorPayments', () => {
  it('where the engine has no assistance rules, priorPayments.medical_assistance is step 2', () => {
    const a = settleClaim(claim({ items: [item(yuan(100))], priorPayments: { basic_pooling: yuan(40), medical_assistance: yuan(20) } }), person(), pack([], { computesAssistance: false }), params);
    expect(a.shares).toMatchObject({ basic_pooling: yuan(40), medical_assistance: yuan(20), self_pay: yuan(40) });
  });

  it('where it has them, priorPayments.medical_assistance is invalid', () => {
    const c = claim({ priorPayments: { medical_assistance: 1 } });
    expect(() => settleClaim(c, person(), pack([]), params)).toThrow(DomainError);
  });

  it('more than the policy-scope amount is invalid', () => {
    const c = claim({ items: [item(100), item(100, 'C')], priorPayments: { basic_pooling: 101 } });
    expect(() => settleClaim(c, person(), pack([]), params)).toThrow(/more than the policy-scope amount/);
  });
});

describe('policyVersion identifies the rules and the parameter values', () => {
  it('region, pack version and parameter revision', () => {
    expect(policyVersionOf(pack([]), parameterBook([], 7))).toBe('shanting@toy+params.r7');
  });
});

describe('same claim + same policyVersion ⇒ same shares', () => {
  const claims = claimArb({ years: [2023], prior: 'sometimes', priorAssistance: false });
  const persons = personArb('yancheng', { assistance_shared_base: yuan(150_000), tilt_self_pay: yuan(100_000) });

  it('property: a book rebuilt from the same records, or as known at the same revision, settles identically; inputs are not touched', () => {
    const later = book(...YANCHENG_2023, record('yancheng.disability_relief_ratio', 0.5));
    fc.assert(
      fc.property(claims, persons, (c, p) => {
        const before = structuredClone({ c, p });
        const a = settleClaim(c, p, yanchengPack, yanchengBook());
        const again = settleClaim(structuredClone(c), structuredClone(p), yanchengPack, later.asKnownAt(1));
        expect(again.policyVersion).toBe(a.policyVersion);
        expect(again).toEqual(a);
        expect({ c, p }).toEqual(before);
      }),
      { numRuns: 200 },
    );
  });

  it('a newly recorded value gives a new policyVersion', () => {
    const later = book(...YANCHENG_2023, record('yancheng.disability_relief_ratio', 0.5));
    expect(policyVersionOf(yanchengPack, later)).not.toBe(policyVersionOf(yanchengPack, yanchengBook()));
    expect(policyVersionOf(yanchengPack, later)).toBe('yancheng@2023.1+params.r2');
  });
});
