/** 盐政办发〔2022〕73号 五–八, 十五: regular medical assistance, by article, with DOMAIN.md §2's numbers. */
import { DomainError } from '@benefit/shared';
import { settleClaim } from '../../chain';
import { Beneficiary, Claim } from '../../claim';
import { ParameterBook } from '../../parameters';
import { book, claim, holding, item, person, record, yanchengBook, yuan } from '../../testing/fixtures';
import { yanchengPack } from '.';

const params = yanchengBook();
const settle = (c: Claim, p: Beneficiary, b: ParameterBook = params) => settleClaim(c, p, yanchengPack, b);
/** A general outpatient claim of 1,000 yuan of which basic insurance paid 500 yuan upstream. */
const outpatient = (over: Partial<Claim> = {}) => claim({ items: [item(yuan(1000))], priorPayments: { basic_pooling: yuan(500) }, ...over });
const line = (a: ReturnType<typeof settle>, rule: string) => a.explanation.find((l) => l.rule === rule);

describe('六 assistance ratios by status: 100% / 80% / 70% of the policy-scope self-pay', () => {
  it.each([
    ['extremely_poor', 500],
    ['orphan', 500],
    ['de_facto_unsupported_child', 500],
    ['minimum_living', 400],
    ['entitled_veteran', 400],
    ['downsized_1960s_worker', 400],
    ['union_hardship_worker', 400],
    ['child_in_distress', 400],
    ['low_income_marginal', 350],
    ['expenditure_hardship_major_illness', 350],
    ['temporary_relief_major_illness', 350],
    ['severe_disability_subsidy', 350],
  ] as const)('%s: 500 yuan self-pay → %d yuan assistance', (status, assistance) => {
    const a = settle(outpatient(), holding('yancheng', [status]));
    expect(a.shares.medical_assistance).toBe(yuan(assistance));
    expect(a.shares.self_pay).toBe(yuan(500 - assistance));
    expect(line(a, 'yancheng.assistance.regular')?.citation).toContain('六');
  });

  it('no relief status: no assistance and no assistance line', () => {
    const a = settle(outpatient(), person());
    expect(a.shares.medical_assistance).toBe(0);
    expect(a.explanation.some((l) => l.payer === 'medical_assistance')).toBe(false);
  });

  it('八 several statuses: the highest ratio, counted once (orphan 100% with minimum_living 80% → 100%, not 180%)', () => {
    const a = settle(outpatient(), holding('yancheng', ['minimum_living', 'orphan', 'low_income_marginal']));
    expect(a.shares.medical_assistance).toBe(yuan(500));
    expect(a.shares.self_pay).toBe(0);
    expect(line(a, 'yancheng.assistance.regular')?.detail).toMatch(/orphan, the highest of .*applied once/);
  });

  it('六 no assistance deductible: the first fen of the year is assisted (1.01 yuan × 70% = 0.707 → 0.71 yuan, half-up)', () => {
    const a = settle(claim({ items: [item(101)], priorPayments: { basic_pooling: 0 } }), holding('yancheng', ['low_income_marginal']));
    expect(a.shares.medical_assistance).toBe(71);
  });
});

describe('五 base: policy-scope self-pay after basic and critical-illness insurance, deductibles included', () => {
  it('class C stays with the person and is never assisted', () => {
    const a = settle(outpatient({ items: [item(yuan(1000)), item(yuan(300), 'C')] }), holding('yancheng', ['minimum_living']));
    expect(a.shares.medical_assistance).toBe(yuan(400));
    expect(a.shares.self_pay).toBe(yuan(100 + 300));
  });

  it('the amount under the (illustrative) inpatient deductible is assisted too', () => {
    // illustrative step 1: deductible 800; (10,000 − 800) × 75% = 6,900 basic; 800 + 2,300 left; 80% × 3,100 → 2,480
    const a = settle(claim({ visitType: 'inpatient', location: 'in_city', items: [item(yuan(10_000))] }), holding('yancheng', ['minimum_living']));
    expect(a.shares.basic_pooling).toBe(yuan(6_900));
    expect(a.shares.critical_illness).toBe(0);
    expect(a.shares.medical_assistance).toBe(yuan(2_480));
    expect(a.shares.self_pay).toBe(yuan(620));
    expect(a.explanation.find((l) => l.payer === 'basic_pooling')?.citation).toMatch(/illustrative/);
  });

  it('五 designated institutions only: a non-designated claim gets a 0 assistance line', () => {
    const a = settle(outpatient({ designated: false }), holding('yancheng', ['extremely_poor']));
    expect(a.shares.medical_assistance).toBe(0);
    expect(line(a, 'yancheng.assistance.non_designated')).toMatchObject({ amountFen: 0, citation: expect.stringContaining('五') });
  });
});

describe('六 limits cap the eligible cost base, not the payment', () => {
  it('general outpatient 10,000 yuan: 9,800 used, 500 yuan base → 200 yuan eligible × 80% = 160 yuan', () => {
    const p = holding('yancheng', ['minimum_living'], { countersUsed: { assistance_general_outpatient_base: yuan(9_800) } });
    const a = settle(outpatient(), p);
    expect(a.shares.medical_assistance).toBe(yuan(160));
    expect(a.counterDeltas.assistance_general_outpatient_base).toBe(yuan(200));
    expect(a.counterLimits.assistance_general_outpatient_base).toBe(yuan(10_000));
  });

  it('chronic/special outpatient and inpatient share 3 × per-capita income = 150,000 yuan', () => {
    const p = holding('yancheng', ['extremely_poor'], { countersUsed: { assistance_shared_base: yuan(149_000) } });
    const a = settle(claim({ visitType: 'chronic_special_outpatient', items: [item(yuan(5_000))], priorPayments: { basic_pooling: yuan(1_000) } }), p);
    expect(a.shares.medical_assistance).toBe(yuan(1_000));
    expect(a.counterDeltas.assistance_shared_base).toBe(yuan(1_000));
    expect(a.counterLimits.assistance_shared_base).toBe(yuan(150_000));
    // a general outpatient claim still has its own 10,000-yuan limit
    expect(settle(outpatient(), p).shares.medical_assistance).toBe(yuan(500));
  });

  it('the limit used up: nothing more that year', () => {
    const p = holding('yancheng', ['extremely_poor'], { countersUsed: { assistance_general_outpatient_base: yuan(10_000) } });
    const a = settle(outpatient(), p);
    expect(a.shares.medical_assistance).toBe(0);
    expect(a.counterDeltas.assistance_general_outpatient_base).toBeUndefined();
  });

  it('per-capita income missing: every Yancheng claim is refused loudly (parameter-missing)', () => {
    let error: unknown;
    try {
      settle(outpatient(), holding('yancheng', ['minimum_living']), book());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('parameter-missing');
  });

  it('per-capita income recorded for 2023 only: a 2024 claim is refused, never settled on the stale figure', () => {
    expect(() => settle(outpatient({ serviceDate: '2024-02-01' }), holding('yancheng', ['minimum_living']))).toThrow(/no value recorded for 2024/);
    const next = book(record('yancheng.per_capita_disposable_income', yuan(50_000)), record('yancheng.per_capita_disposable_income', yuan(52_000), '2024-01-01'));
    expect(settle(outpatient({ serviceDate: '2024-02-01' }), holding('yancheng', ['minimum_living']), next).counterLimits.assistance_shared_base).toBe(yuan(156_000));
  });

  it('before 2023-01-01 the document is not in force: refused loudly', () => {
    expect(() => settle(outpatient({ serviceDate: '2022-12-31' }), holding('yancheng', ['minimum_living']))).toThrow(DomainError);
  });
});

describe('十五 care outside the city without referral or filing gets no assistance, emergencies excepted', () => {
  const p = holding('yancheng', ['minimum_living']);

  it.each(['in_province', 'out_of_province'] as const)('%s without referral: 0, explained', (location) => {
    const a = settle(outpatient({ location }), p);
    expect(a.shares.medical_assistance).toBe(0);
    expect(line(a, 'yancheng.assistance.no_referral')?.citation).toContain('十五');
  });

  it('with referral or filing: the normal ratio', () => {
    expect(settle(outpatient({ location: 'out_of_province', referral: true }), p).shares.medical_assistance).toBe(yuan(400));
  });

  it('an emergency visit, or a stay admitted as an emergency, is assisted without referral', () => {
    expect(settle(outpatient({ location: 'out_of_province', visitType: 'emergency' }), p).shares.medical_assistance).toBe(yuan(400));
    const stay = claim({ visitType: 'inpatient', location: 'in_province', circumstances: ['emergency'], items: [item(yuan(1000))], priorPayments: { basic_pooling: yuan(500) } });
    expect(settle(stay, p).shares.medical_assistance).toBe(yuan(400));
  });

  it('inside the city (another county) no referral is needed', () => {
    expect(settle(outpatient({ location: 'in_city' }), p).shares.medical_assistance).toBe(yuan(400));
  });
});

describe('priorPayments: upstream insurance replaces step 1; assistance is always this engine’s in Yancheng', () => {
  it('priorPayments.medical_assistance is refused as invalid', () => {
    expect(() => settle(outpatient({ priorPayments: { basic_pooling: 100, medical_assistance: 100 } }), person())).toThrow(/computed by this engine/);
  });
});
