/** 靖政办发〔2018〕107号: who (五), what (十八, 十九), how much (十九, 二十), exclusions (二十一), premium, loss ratio, filing. */
import { settleClaim } from '../../chain';
import { Beneficiary, Claim, ClaimCircumstance, ItemTag } from '../../claim';
import { book, claim, holding, item, person, record, yuan } from '../../testing/fixtures';
import { eligibleAs, filingCheck, jingjiangPack, lossRatio, premiumFor } from '.';

const params = book();
const settle = (c: Claim, p: Beneficiary, b = params) => settleClaim(c, p, jingjiangPack, b);
/** A stay of 10,000 yuan in scope and 1,000 yuan class C; basic insurance 6,000, civil-affairs assistance 1,000. */
const stay = (over: Partial<Claim> = {}) =>
  claim({
    visitType: 'inpatient',
    institutionLevel: 'primary',
    serviceDate: '2023-06-15',
    dischargeDate: '2023-06-25',
    items: [item(yuan(10_000)), item(yuan(1_000), 'C')],
    priorPayments: { basic_pooling: yuan(6_000), medical_assistance: yuan(1_000) },
    ...over,
  });
const poor = (over: Partial<Beneficiary> = {}) => holding('jingjiang', ['registered_poor_household'], over);
const excluded = (a: ReturnType<typeof settle>) => a.explanation.filter((l) => l.payer === 'poverty_insurance' && l.amountFen === 0).map((l) => l.citation);

describe('十九 ratio on what is left to the person, class C included (Choice)', () => {
  // left: 3,000 in scope + 1,000 class C = 4,000
  it.each([
    ['primary', 'resident', 80, 3_200],
    ['primary', 'employee', 50, 2_000],
    ['tier1', 'resident', 80, 3_200],
    ['tier2', 'resident', 70, 2_800],
    ['tier3', 'resident', 70, 2_800],
    ['tier3', 'employee', 30, 1_200],
  ] as const)('%s, %s insurance: %d%% × 4,000 = %d yuan', (level, scheme, _pct, paid) => {
    const a = settle(stay({ institutionLevel: level }), poor({ scheme }));
    expect(a.shares.poverty_insurance).toBe(yuan(paid));
    expect(a.shares.self_pay).toBe(yuan(4_000 - paid));
  });

  it('十九(三) non-designated with an approved referral: 30% whatever the scheme', () => {
    expect(settle(stay({ designated: false, referral: true, institutionLevel: 'tier3' }), poor()).shares.poverty_insurance).toBe(yuan(1_200));
  });

  it('jingjiang.base_includes_class_c = false: class C stays out of the base, explained', () => {
    const a = settle(stay(), poor(), book(record('jingjiang.base_includes_class_c', false, '2019-01-01')));
    expect(a.shares.poverty_insurance).toBe(yuan(2_400));
    expect(a.explanation.some((l) => l.rule === 'jingjiang.poverty_insurance.class_c_excluded')).toBe(true);
  });

  it('十八 special outpatient diseases at inpatient rates', () => {
    for (const specialDisease of ['cancer_radiochemo', 'dialysis', 'transplant_antirejection']) {
      expect(settle(stay({ visitType: 'chronic_special_outpatient', specialDisease }), poor()).shares.poverty_insurance).toBe(yuan(3_200));
    }
  });

  it('二十 never more than the person actually pays: the whole burden at 100% is the most', () => {
    const b = book(record('jingjiang.ratio.primary.resident', 1, '2019-01-01'));
    const a = settle(stay(), poor(), b);
    expect(a.shares.poverty_insurance).toBe(yuan(4_000));
    expect(a.shares.self_pay).toBe(0);
  });
});

describe('五 who: 救助对象 only', () => {
  it.each(['registered_poor_household', 'minimum_living', 'extremely_poor', 'downsized_1960s_worker', 'entitled_veteran', 'child_in_distress', 'union_hardship_worker'] as const)('%s is covered', (status) => {
    expect(settle(stay(), holding('jingjiang', [status])).shares.poverty_insurance).toBe(yuan(3_200));
  });

  it.each(['child_in_distress', 'orphan', 'de_facto_unsupported_child'] as const)('五 享受政府基本生活保障的困境儿童: %s is covered, 80%% × 4,000 = 3,200 yuan, and a premium is due', (status) => {
    const a = settle(stay(), holding('jingjiang', [status]));
    expect(a.shares.poverty_insurance).toBe(yuan(3_200));
    expect(eligibleAs(holding('jingjiang', [status]))).toBe(status);
  });

  it('severe mental patients of low-income families need both statuses', () => {
    expect(settle(stay(), holding('jingjiang', ['severe_mental_disorder', 'low_income_marginal'])).shares.poverty_insurance).toBe(yuan(3_200));
    expect(settle(stay(), holding('jingjiang', ['severe_mental_disorder'])).shares.poverty_insurance).toBe(0);
    expect(settle(stay(), holding('jingjiang', ['low_income_marginal'])).shares.poverty_insurance).toBe(0);
  });

  it('no status: nothing, and no line', () => {
    const a = settle(stay(), person({ regionCode: 'jingjiang' }));
    expect(a.explanation.some((l) => l.payer === 'poverty_insurance')).toBe(false);
  });
});

describe('二十一 exclusions: named on the claim with a 0 poverty_insurance line, never silently zero', () => {
  it.each([
    [{ visitType: 'general_outpatient' }, '二十一(二)'],
    [{ visitType: 'chronic_special_outpatient', specialDisease: null }, '二十一(二)'],
    [{ visitType: 'emergency' }, '二十一(二)'],
    [{ visitType: 'two_diseases_outpatient' }, '二十一(二)'],
    [{ designated: false, referral: false }, '二十一(八)'],
  ] as [Partial<Claim>, string][])('%j → %s', (over, article) => {
    const a = settle(stay(over), poor());
    expect(a.shares.poverty_insurance).toBe(0);
    expect(excluded(a).join()).toContain(article);
  });

  it.each([
    ['maternity', '二十一(三)'],
    ['family_planning', '二十一(三)'],
    ['accidental_injury', '二十一(三)'],
    ['mass_casualty', '二十一(七)'],
    ['third_party_liability', '二十一(九)'],
  ] as [ClaimCircumstance, string][])('circumstance %s → %s', (circumstance, article) => {
    const a = settle(stay({ circumstances: [circumstance] }), poor());
    expect(a.shares.poverty_insurance).toBe(0);
    expect(excluded(a)).toEqual([expect.stringContaining(article)]);
  });

  it('二十一(一) outside the insurance period: jingjiang.policy_in_force recorded false', () => {
    const a = settle(stay({ serviceDate: '2024-02-01' }), poor(), book(record('jingjiang.policy_in_force', false, '2024-01-01')));
    expect(a.shares.poverty_insurance).toBe(0);
    expect(excluded(a)).toEqual([expect.stringContaining('二十一(一)')]);
  });

  it('二十一(一) before the scheme (in force 2019-01-01): a stay of 2018-12-31 is settled, poverty_insurance 0 and the exclusion explained, not refused', () => {
    const a = settle(stay({ serviceDate: '2018-12-31' }), poor());
    expect(a.shares.poverty_insurance).toBe(0);
    expect(a.shares.self_pay).toBe(yuan(4_000));
    expect(excluded(a)).toEqual([expect.stringContaining('二十一(一)')]);
    expect(settle(stay({ serviceDate: '2019-01-01' }), poor()).shares.poverty_insurance).toBe(yuan(3_200));
  });

  it.each([
    ['pet_ct', '二十一(五)'],
    ['capsule_endoscopy', '二十一(五)'],
    ['above_tariff', '二十一(六)'],
    ['special_needs', '二十一(十)'],
    ['organ_source', '二十一(四)'],
  ] as [ItemTag, string][])('item tagged %s: its part is out of the base, named with %s', (tag, article) => {
    // 7,000 paid is allocated over the policy-scope items pro rata: 5,600 and 1,400
    const a = settle(stay({ items: [item(yuan(8_000)), item(yuan(2_000), 'A', { code: 'T', tags: [tag] }), item(yuan(1_000), 'C')] }), poor());
    // left per item: 8,000 − 5,600 = 2,400; tagged 2,000 − 1,400 = 600; class C 1,000 → base 3,400 × 80%
    expect(a.shares.poverty_insurance).toBe(yuan(2_720));
    expect(excluded(a)).toEqual([expect.stringContaining(article)]);
  });

  it('several exclusions are all named', () => {
    const a = settle(stay({ visitType: 'emergency', circumstances: ['accidental_injury', 'third_party_liability'] }), poor());
    expect(excluded(a)).toHaveLength(3);
  });

  it('a pharmacy is not a designated institution of 十四 (Choice)', () => {
    expect(excluded(settle(stay({ institutionLevel: 'pharmacy' }), poor()))).toEqual([expect.stringContaining('十四')]);
  });
});

describe('priorPayments: step 1 must come from the core system in Jingjiang', () => {
  it('without priorPayments the claim is refused', () => {
    expect(() => settle(stay({ priorPayments: null }), poor())).toThrow(/priorPayments/);
  });
});

describe('十 premium: 400 yuan per person and year, 60% city, 40% town', () => {
  it('1,000 persons: 400,000 yuan, 240,000 city, 160,000 town', () => {
    expect(premiumFor(1_000, '2023-01-01', params)).toMatchObject({ totalFen: yuan(400_000), cityFen: yuan(240_000), townFen: yuan(160_000) });
  });

  it('rounding: a recorded premium of 0.05 yuan → city 3 fen (half-up), town 2 fen', () => {
    const b = book(record('jingjiang.premium_per_person', 5, '2019-01-01'));
    expect(premiumFor(1, '2023-01-01', b)).toMatchObject({ totalFen: 5, cityFen: 3, townFen: 2 });
  });
});

describe('十一 loss ratio: ≥ 90% paid out; below 80% or at 110% and above flagged', () => {
  const premium = yuan(400_000);
  it.each([
    [319_999.99, { belowFloor: true, aboveCeiling: false, meetsMinimumCompensation: false }],
    [320_000, { belowFloor: false, aboveCeiling: false, meetsMinimumCompensation: false }],
    [360_000, { belowFloor: false, aboveCeiling: false, meetsMinimumCompensation: true, ratioBp: 9_000 }],
    [439_999.99, { belowFloor: false, aboveCeiling: false }],
    [440_000, { belowFloor: false, aboveCeiling: true, ratioBp: 11_000 }],
  ] as const)('%d yuan of claims → %j', (claims, flags) => {
    expect(lossRatio(yuan(claims), premium, '2023-12-31', params)).toMatchObject(flags);
  });
});

describe('二十二, 二十三 filing with the insurer: 48 h after admission, 72 h for referrals', () => {
  it('二十一(一) a stay admitted before 2019-01-01 has no insurer to file with: never late', () => {
    expect(filingCheck('2018-12-20', '2019-02-01T10:00:00+08:00', false, params)).toMatchObject({ withinWindow: true, citation: expect.stringContaining('二十一(一)') });
  });

  it('48 h from the admission timestamp', () => {
    expect(filingCheck('2023-06-01T10:00:00+08:00', '2023-06-03T10:00:00+08:00', false, params).withinWindow).toBe(true);
    expect(filingCheck('2023-06-01T10:00:00+08:00', '2023-06-03T10:00:01+08:00', false, params).withinWindow).toBe(false);
  });

  it('72 h for referrals', () => {
    expect(filingCheck('2023-06-01T10:00:00+08:00', '2023-06-04T10:00:00+08:00', true, params)).toMatchObject({ windowHours: 72, withinWindow: true, citation: expect.stringContaining('二十三') });
  });

  it('a date alone counts from the end of that day, China time (Choice)', () => {
    expect(filingCheck('2023-06-01', '2023-06-03T23:59:59+08:00', false, params)).toMatchObject({ withinWindow: true, deadline: '2023-06-03T16:00:00.000Z' });
    expect(filingCheck('2023-06-01', '2023-06-04T00:00:01+08:00', false, params).withinWindow).toBe(false);
  });
});
