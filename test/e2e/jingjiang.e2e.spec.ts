/**
 * Jingjiang over HTTP (DOMAIN.md §5, 靖政办发〔2018〕107号): the precision medical-assistance
 * insurance (payer poverty_insurance) on what upstream payers leave, class C included; its
 * exclusions, each explained; the premium accrued by SettleMonth (400 yuan a person a year, 60%
 * city / 40% town finance); the insurer's loss ratio; and the late-filing flag on stays.
 */
import {
  ClaimView,
  TestApp,
  chinaDate,
  claimBody,
  expectConserved,
  expectProblem,
  item,
  ledgerOf,
  register,
  registerBody,
  residentBody,
  settleMonth,
  shares,
  startApp,
  submit,
  tagStatus,
  COUNTY_OF,
} from '../support/e2e';
import { domainHead } from '../support/domain-log';
import { residentId } from '../support/resident-id';

const DOC = '靖政办发〔2018〕107号';

/** An inpatient stay at a designated primary institution (镇卫生院), 2023-03-01 to 2023-03-10. */
const jj = (personId: string, over: Record<string, unknown> = {}) =>
  claimBody(personId, { institutionId: 'H-JJ-1', institutionLevel: 'primary', visitType: 'inpatient', serviceDate: '2023-03-01', dischargeDate: '2023-03-10', ...over });

/** Policy scope 1,000,000 + 100,000 class C; upstream basic 600,000 and civil-affairs assistance 100,000. */
const STAY = { items: [item(800000), item(200000, 'B'), item(100000, 'C')], priorPayments: { basic_pooling: 600000, medical_assistance: 100000 } };

const employeeBody = (over: Record<string, unknown> = {}) =>
  registerBody({ regionCode: 'jingjiang', countyCode: COUNTY_OF.jingjiang, idNumber: residentId({ area: COUNTY_OF.jingjiang }), ...over });

const insurerLine = (v: ClaimView) => v.explanation.filter((l) => l.payer === 'poverty_insurance');

describe('Jingjiang precision medical-assistance insurance on claims', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const eligible = async (status = 'minimum_living', body = residentBody('jingjiang')) => {
    const p = await register(t, body);
    await tagStatus(t, p.personId, status);
    return p;
  };

  it('minimum_living resident at a primary institution: round(80% × what is left, class C included) (十九(一))', async () => {
    const p = await eligible();
    // left: 1,000,000 − 600,000 − 100,000 = 300,000 in scope + 100,000 class C = 400,000; 80% = 320,000; self-pay 80,000
    const view = await submit(t, jj(p.personId, STAY));
    expect(view.shares).toEqual(shares({ basic_pooling: 600000, medical_assistance: 100000, poverty_insurance: 320000, self_pay: 80000 }));
    expectConserved(view);
    const [line] = insurerLine(view);
    expect(line).toEqual(expect.objectContaining({ amountFen: 320000, rule: 'jingjiang.poverty_insurance' }));
    expect(line.citation).toContain(DOC);
    expect(line.citation).toContain('十九(一)');
  });

  it('rounding half-up to the fen: 80% × 399,999 = 319,999.2 → 319,999; 80% × 3 = 2.4 → 2 and 80% × 7 = 5.6 → 6', async () => {
    const p = await eligible('extremely_poor');
    const view = await submit(t, jj(p.personId, { items: [item(800000), item(200000, 'B'), item(100000, 'C')], priorPayments: { basic_pooling: 600000, medical_assistance: 100001 } }));
    expect(view.shares).toEqual(shares({ basic_pooling: 600000, medical_assistance: 100001, poverty_insurance: 319999, self_pay: 80000 }));
    const tiny = await submit(t, jj(p.personId, { items: [item(3)], priorPayments: { basic_pooling: 0 } }));
    expect(tiny.shares).toEqual(shares({ poverty_insurance: 2, self_pay: 1 }));
    const seven = await submit(t, jj(p.personId, { items: [item(7, 'C')], priorPayments: {} }));
    expect(seven.shares).toEqual(shares({ poverty_insurance: 6, self_pay: 1 }));
  });

  it('employee insurance: 50% at primary, 30% at a city-level (tier2) designated hospital; resident at tier3: 70% (十九(二))', async () => {
    const e = await eligible('union_hardship_worker', employeeBody());
    // 50% × 400,000 = 200,000
    const primary = await submit(t, jj(e.personId, STAY));
    expect(primary.shares).toEqual(shares({ basic_pooling: 600000, medical_assistance: 100000, poverty_insurance: 200000, self_pay: 200000 }));
    // 30% × 400,000 = 120,000
    const tier2 = await submit(t, jj(e.personId, { institutionId: 'H-JJ-CITY', institutionLevel: 'tier2', ...STAY }));
    expect(tier2.shares).toEqual(shares({ basic_pooling: 600000, medical_assistance: 100000, poverty_insurance: 120000, self_pay: 280000 }));
    expectConserved(tier2);
    expect(insurerLine(tier2)[0].citation).toContain('十九(二)');

    const r = await eligible('entitled_veteran');
    const tier3 = await submit(t, jj(r.personId, { institutionId: 'H-JJ-CITY', institutionLevel: 'tier3', ...STAY }));
    expect(tier3.shares).toEqual(shares({ basic_pooling: 600000, medical_assistance: 100000, poverty_insurance: 280000, self_pay: 120000 }));
    // non-designated with an approved referral: 30% (十九(三))
    const referred = await submit(t, jj(r.personId, { designated: false, referral: true, ...STAY }));
    expect(referred.shares).toEqual(shares({ basic_pooling: 600000, medical_assistance: 100000, poverty_insurance: 120000, self_pay: 280000 }));
  });

  it('special outpatient diseases (dialysis, cancer radiochemotherapy, transplant anti-rejection) are paid at inpatient rates (十八)', async () => {
    const p = await eligible();
    const view = await submit(t, jj(p.personId, { visitType: 'chronic_special_outpatient', specialDisease: 'dialysis', dischargeDate: null, ...STAY }));
    expect(view.shares).toEqual(shares({ basic_pooling: 600000, medical_assistance: 100000, poverty_insurance: 320000, self_pay: 80000 }));
    expect(view.flags).toEqual([]); // the filing window concerns stays only
  });

  it('severe mental patients of low-income families need both statuses (五)', async () => {
    const both = await eligible('severe_mental_disorder');
    await tagStatus(t, both.personId, 'low_income_marginal');
    expect((await submit(t, jj(both.personId, STAY))).shares.poverty_insurance).toBe(320000);
    const only = await eligible('severe_mental_disorder');
    expect((await submit(t, jj(only.personId, STAY))).shares.poverty_insurance).toBe(0);
    const marginal = await eligible('low_income_marginal');
    expect((await submit(t, jj(marginal.personId, STAY))).shares.poverty_insurance).toBe(0);
  });

  it('not a 救助对象: nothing from the insurer', async () => {
    const p = await register(t, residentBody('jingjiang'));
    const view = await submit(t, jj(p.personId, STAY));
    expect(view.shares).toEqual(shares({ basic_pooling: 600000, medical_assistance: 100000, self_pay: 400000 }));
    expectConserved(view);
  });

  it.each([
    ['general outpatient', { visitType: 'general_outpatient', dischargeDate: null }, '二十一(二)', 'general outpatient'],
    ['chronic outpatient without a special disease', { visitType: 'chronic_special_outpatient', dischargeDate: null }, '二十一(二)', 'chronic outpatient'],
    ['emergency', { visitType: 'emergency', dischargeDate: null }, '二十一(二)', 'emergency'],
    ['accidental injury', { circumstances: ['accidental_injury'] }, '二十一(三)', 'accidental injury'],
    ['maternity', { circumstances: ['maternity'] }, '二十一(三)', 'maternity'],
    ['third-party liability', { circumstances: ['third_party_liability'] }, '二十一(九)', 'third party'],
    ['a non-designated institution without approval', { designated: false, referral: false }, '二十一(八)', 'non-designated'],
  ])('excluded: %s → 0 poverty_insurance, the exclusion named in the explanation', async (_label, over, article, words) => {
    const p = await eligible();
    const view = await submit(t, jj(p.personId, { ...STAY, ...over }));
    expect(view.shares).toEqual(shares({ basic_pooling: 600000, medical_assistance: 100000, self_pay: 400000 }));
    expectConserved(view);
    const lines = insurerLine(view);
    expect(lines.length).toBeGreaterThan(0);
    const excluded = lines.find((l) => l.citation.includes(article))!;
    expect(excluded).toEqual(expect.objectContaining({ amountFen: 0, rule: 'jingjiang.poverty_insurance.excluded' }));
    expect(excluded.citation).toContain(DOC);
    expect(excluded.detail).toContain(words);
  });

  it('an item tagged pet_ct is left out of the base, the rest is paid: 80% × (240,000 + 100,000 class C) = 272,000 (二十一(五))', async () => {
    const p = await eligible();
    // 700,000 upstream over the policy-scope items 800,000 / 200,000 pro rata: 560,000 / 140,000
    // left: 240,000 (A) and 60,000 (PET-CT, excluded) + 100,000 class C → base 340,000 × 80% = 272,000
    const view = await submit(
      t,
      jj(p.personId, {
        items: [item(800000), item(200000, 'A', { code: 'PETCT', name: 'PET-CT', kind: 'service', tags: ['pet_ct'] }), item(100000, 'C')],
        priorPayments: { basic_pooling: 600000, medical_assistance: 100000 },
      }),
    );
    expect(view.shares).toEqual(shares({ basic_pooling: 600000, medical_assistance: 100000, poverty_insurance: 272000, self_pay: 128000 }));
    expectConserved(view);
    const lines = insurerLine(view);
    const petct = lines.find((l) => l.rule === 'jingjiang.poverty_insurance.item_excluded')!;
    expect(petct.amountFen).toBe(0);
    expect(petct.citation).toContain('二十一(五)');
    expect(petct.detail).toContain('PETCT');

    // a claim whose only item is a PET-CT: 0 from the insurer, explained
    const only = await submit(t, jj(p.personId, { items: [item(50000, 'A', { code: 'PETCT2', kind: 'service', tags: ['pet_ct'] })], priorPayments: { basic_pooling: 30000 } }));
    expect(only.shares).toEqual(shares({ basic_pooling: 30000, self_pay: 20000 }));
    expect(insurerLine(only)).toContainEqual(expect.objectContaining({ amountFen: 0, rule: 'jingjiang.poverty_insurance.item_excluded' }));
  });

  it('unknown circumstances or tags → 400 naming the field; nothing recorded', async () => {
    const p = await eligible();
    const head = await domainHead(t);
    expectProblem(await t.http().post('/v1/claims').send(jj(p.personId, { ...STAY, circumstances: ['bar_fight'] })), 400, 'circumstances');
    const res = await t.http().post('/v1/claims').send(jj(p.personId, { items: [item(1000, 'A', { tags: ['mri'] })], priorPayments: { basic_pooling: 0 } }));
    expectProblem(res, 400);
    expect(res.body.errors.map((e: { field: string }) => e.field).join(' ')).toContain('tags');
    expect(await domainHead(t)).toBe(head);
  });

  it('circumstances and tags are part of the idempotent body, whatever their order: the same claim again → 200', async () => {
    const p = await eligible();
    const body = jj(p.personId, {
      circumstances: ['maternity', 'accidental_injury'],
      items: [item(800000, 'A', { tags: ['special_needs', 'pet_ct'] }), item(100000, 'C')],
      priorPayments: { basic_pooling: 500000 },
    });
    const first = await t.http().post('/v1/claims').send(body).expect(201);
    const again = await t.http().post('/v1/claims').send({ ...body, circumstances: ['accidental_injury', 'maternity'], items: [item(800000, 'A', { tags: ['pet_ct', 'special_needs'] }), item(100000, 'C')] });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    // a different circumstance is a different body
    expectProblem(await t.http().post('/v1/claims').send({ ...body, circumstances: ['maternity'] }), 409);
  });

  it('without priorPayments the claim is refused (basic insurance runs in the core system): 422 naming priorPayments', async () => {
    const p = await eligible();
    expectProblem(await t.http().post('/v1/claims').send(jj(p.personId, { items: STAY.items })), 422, 'priorPayments');
  });
});

describe('Jingjiang filing with the insurer within 48 h of admission (二十二), 72 h on referral (二十三)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('an old inpatient claim gets a late_filing flag; shares are unchanged', async () => {
    const p = await register(t, residentBody('jingjiang'));
    await tagStatus(t, p.personId, 'minimum_living');
    const view = await submit(t, jj(p.personId, STAY));
    expect(view.flags).toEqual([expect.objectContaining({ code: 'late_filing' })]);
    expect(view.flags![0].citation).toContain('二十二');
    expect(view.flags![0].detail).toContain('48');
    expect(view.shares.poverty_insurance).toBe(320000);
    // GET shows the same flag
    expect((await t.http().get(`/v1/claims/${view.claimId}`).expect(200)).body.flags).toEqual(view.flags);
    // outpatient claims are not filed with the insurer: no flag
    const out = await submit(t, jj(p.personId, { visitType: 'general_outpatient', dischargeDate: null, ...STAY }));
    expect(out.flags).toEqual([]);
  });

  it('the window counts from the end of the admission day (China time): 2 days ago in time, 3 days ago late unless referred', async () => {
    const p = await register(t, residentBody('jingjiang'));
    await tagStatus(t, p.personId, 'minimum_living');
    const body = { dischargeDate: null, items: [item(10000)], priorPayments: { basic_pooling: 5000 } };
    // admitted today: deadline end of today + 48 h
    expect((await submit(t, jj(p.personId, { serviceDate: chinaDate(0), ...body }))).flags).toEqual([]);
    // 2 days ago: window ends at the start of tomorrow
    expect((await submit(t, jj(p.personId, { serviceDate: chinaDate(2), ...body }))).flags).toEqual([]);
    // 3 days ago: the 48 h ended at the start of today
    const late = await submit(t, jj(p.personId, { serviceDate: chinaDate(3), ...body }));
    expect(late.flags!.map((f) => f.code)).toEqual(['late_filing']);
    // 3 days ago on referral: 72 h, ends at the start of tomorrow
    expect((await submit(t, jj(p.personId, { serviceDate: chinaDate(3), referral: true, ...body }))).flags).toEqual([]);
    // 4 days ago on referral: late, citing 二十三
    const lateReferral = await submit(t, jj(p.personId, { serviceDate: chinaDate(4), referral: true, ...body }));
    expect(lateReferral.flags).toEqual([expect.objectContaining({ code: 'late_filing', citation: expect.stringContaining('二十三') })]);
  });

  it('other regions carry no filing flag', async () => {
    const p = await register(t, residentBody('shanting'));
    const view = await submit(t, claimBody(p.personId, { visitType: 'inpatient', serviceDate: '2023-03-01', dischargeDate: '2023-03-10', priorPayments: { basic_pooling: 1000 } }));
    expect(view.flags).toEqual([]);
  });
});

describe('Jingjiang premiums accrued by SettleMonth (十) and the insurer’s loss ratio (十一)', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await startApp();
    const person = async (key: string, statuses: [string, Record<string, unknown>?][], body = residentBody('jingjiang')) => {
      const p = await register(t, body);
      ids[key] = p.personId;
      for (const [s, over] of statuses) await tagStatus(t, p.personId, s, over ?? {});
    };
    await person('minimum', [['minimum_living']]);
    await person('poor', [['extremely_poor']]);
    await person('mental', [['severe_mental_disorder'], ['low_income_marginal']]);
    await person('worker', [['union_hardship_worker']], employeeBody());
    await person('plain', []);
    await person('mentalOnly', [['severe_mental_disorder']]);
    await person('fromFeb', [['minimum_living', { validFrom: '2023-02-10' }]]);
    await person('lateReg', [['minimum_living', { validFrom: '2023-03-01' }]], residentBody('jingjiang', { registeredOn: '2023-03-01' }));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('before any settlement the loss ratio of the year has no premium to measure against', async () => {
    const res = await t.http().get('/v1/poverty-insurance/loss-ratio?year=2023').expect(200);
    expect(res.body).toEqual(expect.objectContaining({ year: 2023, premiumFen: 0, insuredPersons: 0, claimsFen: 0, claims: 0, lossRatio: null, belowFloor: null, aboveCeiling: null, meetsMinimumCompensation: null }));
    expectProblem(await t.http().get('/v1/poverty-insurance/loss-ratio?year=2018'), 400, 'year');
    expectProblem(await t.http().get('/v1/poverty-insurance/loss-ratio?year=abc'), 400, 'year');
  });

  it('January: 40,000 fen per eligible person, 24,000 city / 16,000 town, in the ledger’s accruals', async () => {
    const jan = await settleMonth(t, 'jingjiang', '2023-01');
    // minimum, poor, mental (both statuses), worker: 4 × 40,000 = 160,000
    expect(jan.povertyPremiumsFen).toBe(160000);
    expect(jan.personalAccountCreditsFen).toBe(0);
    const ledger = await ledgerOf(t, 'jingjiang', '2023-01');
    expect(ledger.settled).toBe(true);
    expect(ledger.accruals).toEqual([{ kind: 'poverty_premium', payer: 'poverty_insurance', amountFen: 160000, cityFinanceFen: 4 * 24000, townFinanceFen: 4 * 16000, persons: 4 }]);
    const events = (await t.http().get(`/v1/persons/${ids.minimum}/events`).expect(200)).body as { type: string; data: Record<string, unknown> }[];
    expect(events.filter((e) => e.type === 'PovertyPremiumAccrued').map((e) => e.data)).toEqual([
      expect.objectContaining({ year: 2023, month: '2023-01', amountFen: 40000, cityFen: 24000, townFen: 16000 }),
    ]);
    for (const key of ['plain', 'mentalOnly', 'fromFeb', 'lateReg']) {
      const ev = (await t.http().get(`/v1/persons/${ids[key]}/events`).expect(200)).body as { type: string }[];
      expect({ key, premiums: ev.filter((e) => e.type === 'PovertyPremiumAccrued').length }).toEqual({ key, premiums: 0 });
    }
  });

  it('February: only the person eligible since 10 February; the others are not charged a second time', async () => {
    const feb = await settleMonth(t, 'jingjiang', '2023-02');
    expect(feb.povertyPremiumsFen).toBe(40000);
    expect((await ledgerOf(t, 'jingjiang', '2023-02')).accruals).toEqual([{ kind: 'poverty_premium', payer: 'poverty_insurance', amountFen: 40000, cityFinanceFen: 24000, townFinanceFen: 16000, persons: 1 }]);
  });

  it('the loss ratio follows the year’s poverty_insurance claims: below the 80% floor, then ≥ 90%, then above the 110% ceiling', async () => {
    // premium so far 200,000 for 5 persons
    // 1: 80% × (500,000 − 350,000) = 120,000 → 120,000 / 200,000 = 0.6: below the floor, under 90%
    const a = await submit(t, jj(ids.minimum, { serviceDate: '2023-03-02', dischargeDate: '2023-03-05', items: [item(500000)], priorPayments: { basic_pooling: 350000 } }));
    expect(a.shares).toEqual(shares({ basic_pooling: 350000, poverty_insurance: 120000, self_pay: 30000 }));
    let r = (await t.http().get('/v1/poverty-insurance/loss-ratio?year=2023').expect(200)).body;
    expect(r).toEqual(expect.objectContaining({ year: 2023, premiumFen: 200000, insuredPersons: 5, claimsFen: 120000, claims: 1, lossRatio: 0.6, belowFloor: true, aboveCeiling: false, meetsMinimumCompensation: false }));

    // 2: 80% × 75,000 = 60,000 → 180,000 / 200,000 = 0.9: no flag, the 90% minimum met
    await submit(t, jj(ids.poor, { serviceDate: '2023-03-03', dischargeDate: '2023-03-06', items: [item(150000)], priorPayments: { basic_pooling: 75000 } }));
    r = (await t.http().get('/v1/poverty-insurance/loss-ratio?year=2023').expect(200)).body;
    expect(r).toEqual(expect.objectContaining({ premiumFen: 200000, claimsFen: 180000, claims: 2, lossRatio: 0.9, belowFloor: false, aboveCeiling: false, meetsMinimumCompensation: true }));

    // claims of persons the insurer does not cover count nothing
    await submit(t, jj(ids.plain, { serviceDate: '2023-03-04', dischargeDate: '2023-03-06', items: [item(150000)], priorPayments: { basic_pooling: 75000 } }));
    // 3: 80% × 62,500 = 50,000 → 230,000 / 200,000 = 1.15: above the 110% ceiling
    await submit(t, jj(ids.mental, { serviceDate: '2023-03-05', dischargeDate: '2023-03-07', items: [item(125000)], priorPayments: { basic_pooling: 62500 } }));
    r = (await t.http().get('/v1/poverty-insurance/loss-ratio?year=2023').expect(200)).body;
    expect(r).toEqual(expect.objectContaining({ premiumFen: 200000, insuredPersons: 5, claimsFen: 230000, claims: 3, lossRatio: 1.15, belowFloor: false, aboveCeiling: true, meetsMinimumCompensation: true }));
  });

  it('March: the person registered in March pays the premium; the ledger shows the claims and the accrual apart', async () => {
    const march = await settleMonth(t, 'jingjiang', '2023-03');
    expect(march.povertyPremiumsFen).toBe(40000);
    const ledger = await ledgerOf(t, 'jingjiang', '2023-03');
    expect(ledger.accruals).toEqual([{ kind: 'poverty_premium', payer: 'poverty_insurance', amountFen: 40000, cityFinanceFen: 24000, townFinanceFen: 16000, persons: 1 }]);
    expect(ledger.funds.find((f) => f.payer === 'poverty_insurance')).toEqual({ payer: 'poverty_insurance', amountFen: 230000, claims: 3 });
    // 6 persons insured for 2023 now: 240,000; 230,000 / 240,000 = 0.9583 (four decimals)
    const r = (await t.http().get('/v1/poverty-insurance/loss-ratio?year=2023').expect(200)).body;
    expect(r).toEqual(expect.objectContaining({ premiumFen: 240000, insuredPersons: 6, claimsFen: 230000, lossRatio: 0.9583, belowFloor: false, aboveCeiling: false, meetsMinimumCompensation: true }));
  });

  it('a later month of the same year accrues no second premium; the next year accrues again for everyone eligible', async () => {
    const apr = await settleMonth(t, 'jingjiang', '2023-04');
    expect(apr.povertyPremiumsFen).toBe(0);
    expect((await ledgerOf(t, 'jingjiang', '2023-04')).accruals).toEqual([]);
    const jan24 = await settleMonth(t, 'jingjiang', '2024-01');
    // minimum, poor, mental, worker, fromFeb, lateReg: 6 × 40,000
    expect(jan24.povertyPremiumsFen).toBe(240000);
    expect((await ledgerOf(t, 'jingjiang', '2024-01')).accruals).toEqual([{ kind: 'poverty_premium', payer: 'poverty_insurance', amountFen: 240000, cityFinanceFen: 144000, townFinanceFen: 96000, persons: 6 }]);
    const r2024 = (await t.http().get('/v1/poverty-insurance/loss-ratio?year=2024').expect(200)).body;
    expect(r2024).toEqual(expect.objectContaining({ year: 2024, premiumFen: 240000, insuredPersons: 6, claimsFen: 0, claims: 0, lossRatio: 0, belowFloor: true, meetsMinimumCompensation: false }));
    // 2023 is unchanged
    expect((await t.http().get('/v1/poverty-insurance/loss-ratio?year=2023').expect(200)).body.premiumFen).toBe(240000);
  });
});

describe('Jingjiang without an insurer contract (jingjiang.policy_in_force false from 2024)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
    const res = await t.http().put('/v1/parameters/jingjiang.policy_in_force').send({ effectiveFrom: '2024-01-01', value: false, reason: 'contract not renewed (九)' });
    expect(res.status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stays of 2024 are outside the insurance period (二十一(一)) and no 2024 premium accrues; 2023 is unchanged', async () => {
    const p = await register(t, residentBody('jingjiang'));
    await tagStatus(t, p.personId, 'minimum_living');
    const y2023 = await submit(t, jj(p.personId, STAY));
    expect(y2023.shares.poverty_insurance).toBe(320000);
    const y2024 = await submit(t, jj(p.personId, { serviceDate: '2024-03-01', dischargeDate: '2024-03-10', ...STAY }));
    expect(y2024.shares).toEqual(shares({ basic_pooling: 600000, medical_assistance: 100000, self_pay: 400000 }));
    expect(insurerLine(y2024)).toEqual([expect.objectContaining({ amountFen: 0, rule: 'jingjiang.poverty_insurance.excluded', citation: expect.stringContaining('二十一(一)') })]);
    expect((await settleMonth(t, 'jingjiang', '2023-12')).povertyPremiumsFen).toBe(40000);
    expect((await settleMonth(t, 'jingjiang', '2024-01')).povertyPremiumsFen).toBe(0);
    expect((await ledgerOf(t, 'jingjiang', '2024-01')).accruals).toEqual([]);
  });
});

describe('Jingjiang: class C switched out of the base and the year re-settled (POST /v1/readjudications)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the insurer pays 80% × 300,000 instead of 80% × 400,000; the loss ratio follows the correction', async () => {
    const p = await register(t, residentBody('jingjiang'));
    await tagStatus(t, p.personId, 'minimum_living');
    const stay = await submit(t, jj(p.personId, STAY));
    expect(stay.shares.poverty_insurance).toBe(320000);
    expect((await settleMonth(t, 'jingjiang', '2023-01')).povertyPremiumsFen).toBe(40000);
    // 320,000 / 40,000 = 8
    expect((await t.http().get('/v1/poverty-insurance/loss-ratio?year=2023').expect(200)).body).toEqual(expect.objectContaining({ claimsFen: 320000, lossRatio: 8, aboveCeiling: true }));

    const res = await t.http().put('/v1/parameters/jingjiang.base_includes_class_c').send({ effectiveFrom: '2023-01-01', value: false, reason: '符合…目录规定: 目录外 excluded' });
    expect(res.status).toBe(201);
    const applied = await t.http().post('/v1/readjudications').send({ regionCode: 'jingjiang', fromMonth: '2023-01', toMonth: '2023-12', apply: true }).expect(200);
    // 80% × 300,000 = 240,000: −80,000 for the insurer, +80,000 for the person
    expect(applied.body.changes).toEqual([
      { personId: p.personId, claimId: stay.claimId, month: '2023-03', payer: 'poverty_insurance', beforeFen: 320000, afterFen: 240000, deltaFen: -80000 },
      { personId: p.personId, claimId: stay.claimId, month: '2023-03', payer: 'self_pay', beforeFen: 80000, afterFen: 160000, deltaFen: 80000 },
    ]);
    const now = (await t.http().get(`/v1/claims/${stay.claimId}`).expect(200)).body;
    expect(now.shares).toEqual(shares({ basic_pooling: 600000, medical_assistance: 100000, poverty_insurance: 240000, self_pay: 160000 }));
    // the filing flag of the stay is kept
    expect(now.flags).toEqual(stay.flags);
    // 240,000 / 40,000 = 6
    expect((await t.http().get('/v1/poverty-insurance/loss-ratio?year=2023').expect(200)).body).toEqual(
      expect.objectContaining({ premiumFen: 40000, claimsFen: 240000, claims: 1, lossRatio: 6, aboveCeiling: true }),
    );
  });
});

describe('Jingjiang: a stay first settled outside the insurance period, then re-settled into it', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  // A correction that turns a claim's poverty_insurance from 0 into 40,000 adds the claim to the
  // insurer's count for the loss ratio (十一), as a first adjudication would.
  it('the loss ratio counts the claim once it is paid by the insurer', async () => {
    await t.http().put('/v1/parameters/jingjiang.policy_in_force').send({ effectiveFrom: '2023-01-01', value: false, reason: 'contract lapsed (recorded in error)' }).expect(201);
    const p = await register(t, residentBody('jingjiang'));
    await tagStatus(t, p.personId, 'minimum_living');
    const v = await submit(t, jj(p.personId, { items: [item(100000)], priorPayments: { basic_pooling: 50000 } }));
    expect(v.shares.poverty_insurance).toBe(0);
    await t.http().put('/v1/parameters/jingjiang.policy_in_force').send({ effectiveFrom: '2023-01-01', value: true, reason: 'contract renewed: correction' }).expect(201);
    expect((await settleMonth(t, 'jingjiang', '2023-01')).povertyPremiumsFen).toBe(40000);
    // 80% × 50,000 = 40,000
    const r = await t.http().post('/v1/readjudications').send({ regionCode: 'jingjiang', fromMonth: '2023-01', toMonth: '2023-12', apply: true }).expect(200);
    expect(r.body.totalsByPayer.poverty_insurance).toBe(40000);
    const ratio = (await t.http().get('/v1/poverty-insurance/loss-ratio?year=2023').expect(200)).body;
    expect(ratio).toEqual(expect.objectContaining({ premiumFen: 40000, claimsFen: 40000, lossRatio: 1 }));
    expect(ratio.claims).toBe(1); // actual: 0
  });
});

describe('Jingjiang: a stay before the scheme (二十一(一) 保险有效期外); children in distress (五)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a stay of December 2018 is settled (201) with poverty_insurance 0 and the exclusion explained, and no late filing is flagged', async () => {
    const p = await register(t, residentBody('jingjiang', { registeredOn: '2018-01-01' }));
    await tagStatus(t, p.personId, 'minimum_living', { validFrom: '2018-01-01' });
    const v = await submit(t, jj(p.personId, { ...STAY, serviceDate: '2018-12-01', dischargeDate: '2018-12-10' }));
    expect(v.shares).toEqual(shares({ basic_pooling: 600000, medical_assistance: 100000, self_pay: 400000 }));
    expect(insurerLine(v)).toEqual([expect.objectContaining({ amountFen: 0, citation: `${DOC} 二十一(一)` })]);
    expect(v.flags ?? []).toEqual([]);
    expectConserved(v);
  });

  it.each(['orphan', 'de_facto_unsupported_child'])('五: a child in distress with basic living support (%s) is covered: 80%% × 400,000 = 320,000', async (status) => {
    const p = await register(t, residentBody('jingjiang'));
    await tagStatus(t, p.personId, status);
    const v = await submit(t, jj(p.personId, STAY));
    expect(v.shares).toEqual(shares({ basic_pooling: 600000, medical_assistance: 100000, poverty_insurance: 320000, self_pay: 80000 }));
  });
});
