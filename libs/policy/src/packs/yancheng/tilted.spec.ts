/**
 * 盐政办发〔2022〕73号 七: tilted assistance and the 10% cap. Per-capita income 50,000 yuan, so the
 * shared limit is 150,000 yuan and T = 25,000 yuan.
 */
import { settleClaim } from '../../chain';
import { Beneficiary, Claim, CounterKey } from '../../claim';
import { claim, holding, item, person, yanchengBook, yuan } from '../../testing/fixtures';
import { yanchengPack } from '.';

const params = yanchengBook();
const settle = (c: Claim, p: Beneficiary) => settleClaim(c, p, yanchengPack, params);
const stay = (scope: number, basic: number, over: Partial<Claim> = {}) =>
  claim({ visitType: 'inpatient', location: 'in_city', items: [item(yuan(scope))], priorPayments: { basic_pooling: yuan(basic) }, ...over });
const poor = (used: Partial<Record<CounterKey, number>> = {}) =>
  holding('yancheng', ['minimum_living'], { countersUsed: Object.fromEntries(Object.entries(used).map(([k, v]) => [k, yuan(v!)])) });
const tilt = (a: ReturnType<typeof settle>) => a.explanation.find((l) => l.rule.startsWith('yancheng.assistance.tilted'));

describe('七 tilted assistance: only once the shared limit is used up', () => {
  it('limit not used up: regular 80% only; C is still counted (policy-scope self-pay after regular assistance)', () => {
    const a = settle(stay(100_000, 60_000), poor());
    expect(a.shares.medical_assistance).toBe(yuan(32_000));
    expect(a.counterDeltas).toMatchObject({ assistance_shared_base: yuan(40_000), tilt_self_pay: yuan(8_000) });
    expect(a.counterDeltas.tilted_assistance_base).toBeUndefined();
    expect(tilt(a)).toMatchObject({ amountFen: 0, rule: 'yancheng.assistance.tilted.limit_not_reached' });
  });

  it('the claim that uses up the limit is tilted too: 60% × min(C after − max(C before, T), 30,000 left)', () => {
    // 140,000 used, C = 20,000; base 50,000 → regular 80% × 10,000 = 8,000; 42,000 left, C after 62,000
    // eligible = min(62,000 − max(20,000, 25,000), 30,000) = 30,000 → 18,000
    const a = settle(stay(100_000, 50_000), poor({ assistance_shared_base: 140_000, tilt_self_pay: 20_000 }));
    expect(a.shares.medical_assistance).toBe(yuan(8_000 + 18_000));
    expect(a.shares.self_pay).toBe(yuan(24_000));
    expect(a.counterDeltas).toMatchObject({ assistance_shared_base: yuan(10_000), tilt_self_pay: yuan(42_000), tilted_assistance_base: yuan(30_000) });
    expect(a.counterLimits).toMatchObject({ tilted_assistance_base: yuan(30_000), tilt_self_pay: null });
  });

  it('after the limit: C already above T, the whole self-pay of the claim is eligible (10,000 × 60% = 6,000)', () => {
    const a = settle(stay(20_000, 10_000), poor({ assistance_shared_base: 150_000, tilt_self_pay: 30_000 }));
    expect(a.shares.medical_assistance).toBe(yuan(6_000));
    expect(a.shares.self_pay).toBe(yuan(4_000));
  });

  it('C stays below T = 50% × income: no tilt', () => {
    const a = settle(stay(20_000, 10_000), poor({ assistance_shared_base: 150_000, tilt_self_pay: 10_000 }));
    expect(a.shares.medical_assistance).toBe(0);
    expect(a.counterDeltas.tilt_self_pay).toBe(yuan(10_000));
  });

  it('only the part above T is eligible: C 20,000 → 30,000 gives 5,000 × 60% = 3,000', () => {
    expect(settle(stay(20_000, 10_000), poor({ assistance_shared_base: 150_000, tilt_self_pay: 20_000 })).shares.medical_assistance).toBe(yuan(3_000));
  });

  it('the 30,000-yuan tilt limit: 2,000 left → 1,200', () => {
    const a = settle(stay(20_000, 10_000), poor({ assistance_shared_base: 150_000, tilt_self_pay: 40_000, tilted_assistance_base: 28_000 }));
    expect(a.shares.medical_assistance).toBe(yuan(1_200));
    expect(a.counterDeltas.tilted_assistance_base).toBe(yuan(2_000));
  });

  it('chronic/special outpatient claims are tilted like stays; general outpatient claims never', () => {
    const used = { assistance_shared_base: 150_000, tilt_self_pay: 30_000 };
    expect(settle(stay(20_000, 10_000, { visitType: 'chronic_special_outpatient' }), poor(used)).shares.medical_assistance).toBe(yuan(6_000));
    const a = settle(stay(20_000, 10_000, { visitType: 'general_outpatient' }), poor(used));
    expect(tilt(a)).toBeUndefined();
    expect(a.counterDeltas.tilt_self_pay).toBeUndefined();
  });

  it('inside the province with referral: tilted; without: neither regular (十五) nor tilted; outside the province: not tilted', () => {
    const used = { assistance_shared_base: 150_000, tilt_self_pay: 30_000 };
    expect(settle(stay(20_000, 10_000, { location: 'in_province', referral: true }), poor(used)).shares.medical_assistance).toBe(yuan(6_000));
    expect(settle(stay(20_000, 10_000, { location: 'in_province' }), poor(used)).shares.medical_assistance).toBe(0);
    const away = settle(stay(20_000, 10_000, { location: 'out_of_province', referral: true }), poor(used));
    expect(away.shares.medical_assistance).toBe(0);
    expect(tilt(away)).toMatchObject({ amountFen: 0, rule: 'yancheng.assistance.tilted.not_eligible' });
  });

  it('a person without relief status is never tilted and counts no C', () => {
    const a = settle(stay(20_000, 10_000), person({ countersUsed: { assistance_shared_base: yuan(150_000) } }));
    expect(a.shares.medical_assistance).toBe(0);
    expect(a.counterDeltas.tilt_self_pay).toBeUndefined();
  });
});

describe('七 10% cap: a 救助对象 pays at most 10% of the policy-scope total of an in-county stay; the institution bears the rest', () => {
  // 10,000 yuan in scope + 2,000 class C; basic 5,000; regular 80% × 5,000 = 4,000; left 1,000 + 2,000 C; cap 1,000
  const capped = (over: Partial<Claim> = {}) => stay(10_000, 5_000, { location: 'in_county', items: [item(yuan(10_000)), item(yuan(2_000), 'C')], ...over });

  it('3,000 left against a 1,000 cap: 2,000 hospital_borne (class C counts: Choice)', () => {
    const a = settle(capped(), poor());
    expect(a.shares).toMatchObject({ basic_pooling: yuan(5_000), medical_assistance: yuan(4_000), hospital_borne: yuan(2_000), self_pay: yuan(1_000) });
    expect(a.explanation.find((l) => l.payer === 'hospital_borne')?.citation).toContain('七');
  });

  it('the institution bears class C first: what the person still pays is policy-scope money', () => {
    const a = settle(capped(), poor());
    expect(a.explanation.filter((l) => l.payer === 'self_pay').map((l) => l.rule)).toEqual(['prior_payment.remainder']);
  });

  it('within the cap: a 0 line', () => {
    const a = settle(capped({ items: [item(yuan(10_000))] }), poor());
    expect(a.shares.hospital_borne).toBe(0);
    expect(a.shares.self_pay).toBe(yuan(1_000));
  });

  it('not in county, not designated, not inpatient, or no relief status: no cap', () => {
    expect(settle(capped({ location: 'in_city' }), poor()).shares.hospital_borne).toBe(0);
    expect(settle(capped({ visitType: 'chronic_special_outpatient' }), poor()).shares.hospital_borne).toBe(0);
    expect(settle(capped({ designated: false }), poor()).shares.hospital_borne).toBe(0);
    expect(settle(capped(), person()).shares.hospital_borne).toBe(0);
  });
});
