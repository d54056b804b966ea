/** 山亭区严重精神障碍救治救助意见 一, 二, 四: co-pay cap, free treatment, per-bed-day payment, guardianship reward. */
import { ParameterBook } from '../../parameters';
import { settleClaim } from '../../chain';
import { Beneficiary, Claim } from '../../claim';
import { ALL_PARAMETER_DEFINITIONS } from '../../registry';
import { book, claim, drug, holding, item, person, record, yuan } from '../../testing/fixtures';
import { bedDayPayment, guardianshipReward, shantingPack } from '.';

const params = book();
const settle = (c: Claim, p: Beneficiary, b = params) => settleClaim(c, p, shantingPack, b);
const patient = (riskLevel: number | null = 1, ...more: Parameters<typeof holding>[1]) => holding('shanting', [{ status: 'severe_mental_disorder', riskLevel }, ...more]);
const visit = (over: Partial<Claim> = {}) => claim({ serviceDate: '2023-06-15', items: [item(yuan(1_000)), item(yuan(100), 'C')], priorPayments: { basic_pooling: yuan(600), medical_assistance: yuan(150) }, ...over });

describe('二 医保报销、民政救助、财政兜底: registered patients are treated free within policy scope', () => {
  it('outpatient: 1,000 yuan in scope − 600 insurance − 150 civil-affairs assistance = 250 yuan backstop; class C stays with the person', () => {
    const a = settle(visit(), patient());
    expect(a.shares).toMatchObject({ basic_pooling: yuan(600), medical_assistance: yuan(150), fiscal_backstop: yuan(250), self_pay: yuan(100) });
    expect(a.explanation.find((l) => l.payer === 'fiscal_backstop')?.citation).toContain('二');
  });

  it('inpatient alike', () => {
    expect(settle(visit({ visitType: 'inpatient', dischargeDate: '2023-06-20' }), patient()).shares.fiscal_backstop).toBe(yuan(250));
  });

  it('not a registered patient: no backstop', () => {
    expect(settle(visit(), person({ regionCode: 'shanting' })).shares.fiscal_backstop).toBe(0);
  });

  it('before 2020 (Choice: shanting.all_registered_free_from) only poor households and risk level ≥ 3 were treated free', () => {
    expect(settle(visit({ serviceDate: '2019-06-01' }), patient(1)).shares.fiscal_backstop).toBe(0);
    expect(settle(visit({ serviceDate: '2019-06-01' }), patient(3)).shares.fiscal_backstop).toBe(yuan(250));
    expect(settle(visit({ serviceDate: '2019-06-01' }), patient(null, 'registered_poor_household')).shares.fiscal_backstop).toBe(yuan(250));
  });

  it('non-designated institution: a 0 line (Choice)', () => {
    const a = settle(visit({ designated: false }), patient());
    expect(a.explanation.find((l) => l.payer === 'fiscal_backstop')).toMatchObject({ amountFen: 0, rule: 'shanting.fiscal_backstop.non_designated' });
  });
});

describe('一 class B drugs treating a severe mental disorder: the person’s co-pay is at most 10%', () => {
  it('illustrative pooling without priorPayments: 50% on other items, 90% on class B psychiatric drugs', () => {
    const a = settle(claim({ serviceDate: '2023-06-15', items: [drug(yuan(200), 'antipsychotic'), item(yuan(100))] }), person({ regionCode: 'shanting', activeStatuses: ['severe_mental_disorder'] }));
    // 100 × 50% + 200 − 10% × 200 = 50 + 180 = 230; the 70 left is backed up by finance
    expect(a.shares.basic_pooling).toBe(yuan(230));
    expect(a.shares.fiscal_backstop).toBe(yuan(70));
  });

  it('PUT /v1/parameters refuses a co-pay above 10% (validation hook)', () => {
    const def = ALL_PARAMETER_DEFINITIONS.get('shanting.class_b_psychiatric_copay')!;
    expect(ParameterBook.valueProblem(def, 0.15)).toMatch(/10%/);
    expect(ParameterBook.valueProblem(def, 0.1)).toBeNull();
    expect(ParameterBook.valueProblem(def, 0.05)).toBeNull();
    expect(ParameterBook.valueProblem(def, 'x')).toMatch(/fraction/);
  });

  it('a lower recorded co-pay applies: 5% of 200 = 10 yuan', () => {
    const b = book(record('shanting.class_b_psychiatric_copay', 0.05, '2023-01-01'));
    const a = settle(claim({ serviceDate: '2023-06-15', items: [drug(yuan(200), 'antipsychotic')] }), patient(), b);
    expect(a.shares.basic_pooling).toBe(yuan(190));
  });
});

describe('一 按床日结算: bed days and amount of a stay', () => {
  it('admitted 1 June, discharged 11 June: 10 bed days × the per-diem (illustrative 250 yuan)', () => {
    expect(bedDayPayment({ serviceDate: '2023-06-01', dischargeDate: '2023-06-11' }, params)).toMatchObject({ bedDays: 10, perDiemFen: yuan(250), amountFen: yuan(2_500), illustrative: true });
  });

  it('a same-day stay is one bed day; across a month end counts calendar days', () => {
    expect(bedDayPayment({ serviceDate: '2023-06-01', dischargeDate: '2023-06-01' }, params).bedDays).toBe(1);
    expect(bedDayPayment({ serviceDate: '2023-01-30', dischargeDate: '2023-03-02' }, params).bedDays).toBe(31);
  });

  it('the per-diem in force on the admission date applies', () => {
    const b = book(record('shanting.inpatient_per_diem', yuan(300), '2023-06-05'));
    expect(bedDayPayment({ serviceDate: '2023-06-04', dischargeDate: '2023-06-10' }, b).amountFen).toBe(yuan(1_500));
    expect(bedDayPayment({ serviceDate: '2023-06-05', dischargeDate: '2023-06-10' }, b).amountFen).toBe(yuan(1_500));
  });

  it('the pack hook pays registered patients’ stays only (for SettleMonth)', () => {
    const stay = claim({ visitType: 'inpatient', serviceDate: '2023-06-01', dischargeDate: '2023-06-11' });
    expect(shantingPack.bedDayPayment!(stay, patient(), params)?.amountFen).toBe(yuan(2_500));
    expect(shantingPack.bedDayPayment!(stay, person({ regionCode: 'shanting' }), params)).toBeNull();
    expect(shantingPack.bedDayPayment!(claim(), patient(), params)).toBeNull();
  });

  it('no discharge date: invalid', () => {
    expect(() => bedDayPayment({ serviceDate: '2023-06-01', dischargeDate: null }, params)).toThrow(/discharge/);
  });

  it('a stay lasts at most 366 days: a discharge in 9999 is invalid, never 2.9 million bed days', () => {
    expect(bedDayPayment({ serviceDate: '2023-03-01', dischargeDate: '2024-03-01' }, params).bedDays).toBe(366);
    expect(() => bedDayPayment({ serviceDate: '2023-03-01', dischargeDate: '2024-03-02' }, params)).toThrow(/366/);
    expect(() => bedDayPayment({ serviceDate: '2023-03-01', dischargeDate: '9999-12-31' }, params)).toThrow(/366/);
  });
});

describe('四 以奖代补: 200 yuan a month (≥ 2,400 yuan a year) for patients at risk level ≥ 3 or with a potential risk', () => {
  it('is the pack’s monthly reward (SettleMonth calls it per person and month)', () => {
    expect(shantingPack.monthlyReward).toBe(guardianshipReward);
  });

  it('risk level 3: 200 yuan for the month, paid by finance', () => {
    expect(guardianshipReward([{ status: 'severe_mental_disorder', riskLevel: 3 }], '2023-06', params)).toMatchObject({ amountFen: yuan(200), payer: 'fiscal_backstop', citation: expect.stringContaining('四') });
  });

  it('risk level 2: nothing, unless recorded with a potential risk', () => {
    expect(guardianshipReward([{ status: 'severe_mental_disorder', riskLevel: 2 }], '2023-06', params)).toBeNull();
    expect(guardianshipReward([{ status: 'severe_mental_disorder', riskLevel: 2, potentialRisk: true }], '2023-06', params)?.amountFen).toBe(yuan(200));
  });

  it('twelve months make the 2,400 yuan a year the document requires', () => {
    const months = Array.from({ length: 12 }, (_, i) => `2023-${String(i + 1).padStart(2, '0')}`);
    const total = months.map((m) => guardianshipReward([{ status: 'severe_mental_disorder', riskLevel: 4 }], m, params)!.amountFen).reduce((s, v) => s + v, 0);
    expect(total).toBe(yuan(2_400));
  });

  it('the status must be in force in the month (Choice: on at least one day)', () => {
    const s = { status: 'severe_mental_disorder' as const, riskLevel: 3, from: '2023-06-30', through: '2023-08-01' };
    expect(guardianshipReward([s], '2023-05', params)).toBeNull();
    expect(guardianshipReward([s], '2023-06', params)).not.toBeNull();
    expect(guardianshipReward([s], '2023-08', params)).not.toBeNull();
    expect(guardianshipReward([s], '2023-09', params)).toBeNull();
  });

  it('PUT /v1/parameters refuses a monthly reward below 200 yuan', () => {
    const def = ALL_PARAMETER_DEFINITIONS.get('shanting.guardianship.monthly_reward')!;
    expect(ParameterBook.valueProblem(def, yuan(199.99))).toMatch(/2,400/);
    expect(ParameterBook.valueProblem(def, yuan(250))).toBeNull();
  });
});
