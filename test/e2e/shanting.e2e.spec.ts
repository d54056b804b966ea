/**
 * Shanting over HTTP (DOMAIN.md §4, 山亭区严重精神障碍救治救助意见): free treatment of registered
 * severe-mental-disorder patients (finance takes the policy-scope rest after insurance and
 * civil-affairs assistance), the 10% ceiling on the class-B psychiatric drug co-pay, per-bed-day
 * payment of their stays, and the guardianship reward (以奖代补) accrued by the month's settlement.
 */
import {
  TestApp,
  claimBody,
  expectConserved,
  expectProblem,
  item,
  ledgerOf,
  putParameter,
  register,
  residentBody,
  revokeStatus,
  settleMonth,
  shares,
  startApp,
  submit,
  tagStatus,
} from '../support/e2e';
import { domainHead } from '../support/domain-log';

const DOC = '山亭区严重精神障碍救治救助意见';
const COPAY = 'shanting.class_b_psychiatric_copay';

const st = (personId: string, over: Record<string, unknown> = {}) => claimBody(personId, { institutionId: 'H-ST-1', ...over });
const stay = (personId: string, over: Record<string, unknown> = {}) => st(personId, { visitType: 'inpatient', serviceDate: '2023-03-01', dischargeDate: '2023-03-11', ...over });
const psychDrug = (amountFen: number, catalogClass: 'A' | 'B' | 'C' = 'B') =>
  item(amountFen, catalogClass, { code: `D-AP-${catalogClass}-${amountFen}`, name: '奥氮平片', kind: 'drug', drugClass: 'antipsychotic' });
const service = (amountFen: number) => item(amountFen, 'A', { code: `S-${amountFen}`, name: '精神科住院诊疗', kind: 'service' });

/** Upstream: basic 60,000 and civil-affairs assistance 15,000 of a 100,000 policy scope, plus 10,000 class C. */
const UPSTREAM = { items: [item(80000), item(20000, 'B'), item(10000, 'C')], priorPayments: { basic_pooling: 60000, medical_assistance: 15000 } };

describe('Shanting free treatment of registered patients (二) and the class-B co-pay ceiling (一)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const patient = async (statusOver: Record<string, unknown> = {}, personOver: Record<string, unknown> = {}) => {
    const p = await register(t, residentBody('shanting', personOver));
    await tagStatus(t, p.personId, 'severe_mental_disorder', { diagnosis: 'schizophrenia', riskLevel: 1, validFrom: (personOver.registeredOn as string) ?? '2023-01-01', ...statusOver });
    return p;
  };

  it('outpatient: fiscal_backstop takes the policy-scope rest after priorPayments incl. medical_assistance; class C stays with the person', async () => {
    const p = await patient();
    // 100,000 − 60,000 basic − 15,000 assistance = 25,000 → finance; 10,000 class C → self-pay
    const view = await submit(t, st(p.personId, UPSTREAM));
    expect(view.shares).toEqual(shares({ basic_pooling: 60000, medical_assistance: 15000, fiscal_backstop: 25000, self_pay: 10000 }));
    expectConserved(view);
    const line = view.explanation.find((l) => l.payer === 'fiscal_backstop')!;
    expect(line).toEqual(expect.objectContaining({ amountFen: 25000, rule: 'shanting.fiscal_backstop' }));
    expect(line.citation).toContain(DOC);
    expect(view.explanation).toContainEqual(expect.objectContaining({ payer: 'medical_assistance', amountFen: 15000, rule: 'prior_payment' }));
    expect(view.bedDays ?? null).toBeNull();
    expect(view.flags ?? []).toEqual([]);
  });

  it('inpatient: the same split; odd amounts are passed through to the fen', async () => {
    const p = await patient();
    // 123,457 − 86,420 − 12,345 = 24,692 → finance
    const view = await submit(t, stay(p.personId, { items: [item(100000), item(23457, 'B'), item(999, 'C')], priorPayments: { basic_pooling: 86420, medical_assistance: 12345 } }));
    expect(view.shares).toEqual(shares({ basic_pooling: 86420, medical_assistance: 12345, fiscal_backstop: 24692, self_pay: 999 }));
    expectConserved(view);
  });

  it('not registered, or at a non-designated institution: no backstop', async () => {
    const q = await register(t, residentBody('shanting'));
    const plain = await submit(t, st(q.personId, UPSTREAM));
    expect(plain.shares).toEqual(shares({ basic_pooling: 60000, medical_assistance: 15000, self_pay: 35000 }));
    expectConserved(plain);
    const p = await patient();
    const nd = await submit(t, st(p.personId, { designated: false, ...UPSTREAM }));
    expect(nd.shares).toEqual(shares({ basic_pooling: 60000, medical_assistance: 15000, self_pay: 35000 }));
    expect(nd.explanation).toContainEqual(expect.objectContaining({ payer: 'fiscal_backstop', amountFen: 0, rule: 'shanting.fiscal_backstop.non_designated' }));
  });

  it('before 2020 only risk level ≥ 3 (or registered poor households) were treated free', async () => {
    const low = await patient({ riskLevel: 1 }, { registeredOn: '2019-01-01' });
    const a = await submit(t, st(low.personId, { serviceDate: '2019-06-01', ...UPSTREAM }));
    expect(a.shares).toEqual(shares({ basic_pooling: 60000, medical_assistance: 15000, self_pay: 35000 }));
    expect(a.explanation).toContainEqual(expect.objectContaining({ payer: 'fiscal_backstop', amountFen: 0, rule: 'shanting.fiscal_backstop.not_yet' }));
    const high = await patient({ riskLevel: 3 }, { registeredOn: '2019-01-01' });
    const b = await submit(t, st(high.personId, { serviceDate: '2019-06-01', ...UPSTREAM }));
    expect(b.shares).toEqual(shares({ basic_pooling: 60000, medical_assistance: 15000, fiscal_backstop: 25000, self_pay: 10000 }));
  });

  it('class B psychiatric drugs: the person’s co-pay is at most 10% (一) — visible where finance does not yet back it up (2019, risk level 1)', async () => {
    const p = await patient({ riskLevel: 1 }, { registeredOn: '2019-01-01' });
    // no priorPayments: illustrative pooling 50% on the service (20,000 → 10,000); on the class B antipsychotic
    // 10,000 the co-pay is 10% = 1,000, the fund pays 9,000: pooling 19,000, self-pay 10,000 + 1,000 = 11,000
    const view = await submit(t, st(p.personId, { serviceDate: '2019-06-01', items: [psychDrug(10000), service(20000)] }));
    expect(view.shares).toEqual(shares({ basic_pooling: 19000, self_pay: 11000 }));
    expectConserved(view);
    // not a registered patient: the plain 50% on everything
    const q = await register(t, residentBody('shanting'));
    const plain = await submit(t, st(q.personId, { items: [psychDrug(10000), service(20000)] }));
    expect(plain.shares).toEqual(shares({ basic_pooling: 15000, self_pay: 15000 }));
  });

  it('PUT the class-B co-pay above 10% → 400 naming value, nothing recorded; 10% and below are accepted and apply from their date', async () => {
    const head = await domainHead(t);
    const res = await t.http().put(`/v1/parameters/${COPAY}`).send({ effectiveFrom: '2024-01-01', value: 0.15, reason: 'too high' });
    expectProblem(res, 400, 'value');
    expect(res.body.errors.find((e: { field: string }) => e.field === 'value').message).toContain('10%');
    expectProblem(await t.http().put(`/v1/parameters/${COPAY}`).send({ effectiveFrom: '2024-01-01', value: 0.1001, reason: 'just above' }), 400, 'value');
    expect(await domainHead(t)).toBe(head);

    await putParameter(t, COPAY, 0.05, '2024-01-01', '区医保局: 5% from 2024');
    const p = await patient();
    // 2024: pooling 10,000 + (10,000 − 5% = 9,500) = 19,500; finance backs up the 10,000 + 500 left
    const y2024 = await submit(t, st(p.personId, { serviceDate: '2024-02-01', items: [psychDrug(10000), service(20000)] }));
    expect(y2024.shares).toEqual(shares({ basic_pooling: 19500, fiscal_backstop: 10500 }));
    expectConserved(y2024);
    // 2023 still under the default 10%: pooling 19,000, finance 11,000
    const y2023 = await submit(t, st(p.personId, { serviceDate: '2023-12-31', items: [psychDrug(10000), service(20000)] }));
    expect(y2023.shares).toEqual(shares({ basic_pooling: 19000, fiscal_backstop: 11000 }));
  });
});

describe('Shanting bed-day payment (一) and guardianship reward (四) in the month’s settlement', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const claimIds: Record<string, string> = {};

  beforeAll(async () => {
    t = await startApp();
    const patient = async (key: string, statusOver: Record<string, unknown>) => {
      const p = await register(t, residentBody('shanting'));
      ids[key] = p.personId;
      await tagStatus(t, p.personId, 'severe_mental_disorder', { diagnosis: 'schizophrenia', ...statusOver });
    };
    await patient('risk3', { riskLevel: 3 });
    await patient('potential', { riskLevel: 1, potentialRisk: true });
    await patient('risk2', { riskLevel: 2 });
    await patient('fromApril', { riskLevel: 4, validFrom: '2023-04-01' });
    await patient('revoked', { riskLevel: 5 });
    await revokeStatus(t, ids.revoked, 'severe_mental_disorder', '2023-02-15');
    ids.plain = (await register(t, residentBody('shanting'))).personId;

    // March stays: admission day counts, discharge day does not (Choice, bed-days.ts); per-diem 250 yuan (illustrative)
    const s = async (key: string, person: string, over: Record<string, unknown>) => {
      const body = stay(ids[person], { items: [item(300000)], priorPayments: { basic_pooling: 210000 }, ...over });
      claimIds[key] = body.claimId;
      return submit(t, body);
    };
    await s('a', 'risk3', { serviceDate: '2023-03-01', dischargeDate: '2023-03-11' }); // 10 bed days at H-ST-1
    await s('b', 'potential', { serviceDate: '2023-03-20', dischargeDate: '2023-03-25' }); // 5 at H-ST-1
    await s('c', 'risk2', { institutionId: 'H-ST-2', serviceDate: '2023-03-05', dischargeDate: '2023-03-05' }); // same day: 1
    await s('d', 'plain', { serviceDate: '2023-03-02', dischargeDate: '2023-03-12' }); // not a registered patient: no bed days
    await s('e', 'risk3', { serviceDate: '2023-03-28', dischargeDate: null }); // still in hospital: no bed days yet
    await submit(t, st(ids.risk3, { serviceDate: '2023-03-15', items: [item(10000)], priorPayments: { basic_pooling: 5000 } })); // outpatient
  });
  afterAll(async () => {
    await t?.close();
  });

  it('an inpatient stay of a registered patient shows its bed days on the claim (10 × 25,000 = 250,000)', async () => {
    const a = (await t.http().get(`/v1/claims/${claimIds.a}`).expect(200)).body;
    expect(a.bedDays).toEqual(expect.objectContaining({ bedDays: 10, perDiemFen: 25000, amountFen: 250000, illustrative: true, rule: 'shanting.bed_day_payment' }));
    expect(a.bedDays.citation).toContain(DOC);
    // the claim's shares are unchanged by it: 300,000 − 210,000 = 90,000 → finance
    expect(a.shares).toEqual(shares({ basic_pooling: 210000, fiscal_backstop: 90000 }));
    const c = (await t.http().get(`/v1/claims/${claimIds.c}`).expect(200)).body;
    expect(c.bedDays).toEqual(expect.objectContaining({ bedDays: 1, amountFen: 25000 }));
    expect((await t.http().get(`/v1/claims/${claimIds.d}`).expect(200)).body.bedDays).toBeNull();
    expect((await t.http().get(`/v1/claims/${claimIds.e}`).expect(200)).body.bedDays).toBeNull();
  });

  it('February: the reward of every qualifying patient, a status revoked on 15 February included (applies to the month’s end)', async () => {
    const feb = await settleMonth(t, 'shanting', '2023-02');
    // risk3, potential, revoked: 3 × 20,000
    expect(feb.guardianshipRewardsFen).toBe(60000);
    expect(feb.personalAccountCreditsFen).toBe(0);
    expect(feb.bedDayPayments).toEqual([]);
    // a February stay arriving after February is settled falls into March's settlement (API.md SettleMonth)
    const late = stay(ids.risk2, { institutionId: 'H-ST-2', serviceDate: '2023-02-20', dischargeDate: '2023-02-22', items: [item(300000)], priorPayments: { basic_pooling: 210000 } });
    claimIds.lateFeb = late.claimId;
    expect((await submit(t, late)).bedDays).toEqual(expect.objectContaining({ bedDays: 2, amountFen: 50000 }));
  });

  it('March: bed-day payments per institution and 20,000 fen per risk-level-3 or potential-risk patient', async () => {
    const march = await settleMonth(t, 'shanting', '2023-03');
    // H-ST-1: stays a (10) + b (5) = 15 bed days × 25,000 = 375,000
    // H-ST-2: stay c, 1 bed day, + the late February stay, 2 bed days: 3 × 25,000 = 75,000
    expect(march.bedDayPayments).toEqual([
      { institutionId: 'H-ST-1', stays: 2, bedDays: 15, amountFen: 375000 },
      { institutionId: 'H-ST-2', stays: 2, bedDays: 3, amountFen: 75000 },
    ]);
    // the claims' shares per institution: H-ST-1 stays a, b, e (registered: 210,000 / 90,000 finance), d (not
    // registered: 90,000 self-pay) and the outpatient visit (5,000 / 5,000); H-ST-2 stay c and the late stay
    expect(march.institutions).toEqual([
      { institutionId: 'H-ST-1', shares: shares({ basic_pooling: 4 * 210000 + 5000, fiscal_backstop: 3 * 90000 + 5000, self_pay: 90000 }) },
      { institutionId: 'H-ST-2', shares: shares({ basic_pooling: 2 * 210000, fiscal_backstop: 2 * 90000 }) },
    ]);
    // risk3 and potential only: risk2 is below level 3, fromApril not yet a patient, revoked no longer: 2 × 20,000
    expect(march.guardianshipRewardsFen).toBe(40000);
    expect((await t.http().get('/v1/settlements/shanting/2023-03').expect(200)).body).toEqual(march);

    const ledger = await ledgerOf(t, 'shanting', '2023-03');
    expect(ledger.accruals).toEqual([{ kind: 'guardianship_reward', payer: 'fiscal_backstop', amountFen: 40000, cityFinanceFen: 0, townFinanceFen: 0, persons: 2 }]);
    // the claims' own shares: 6 stays × 210,000 basic + the outpatient 5,000; finance 90,000 × 5 registered stays + 5,000
    const funds = Object.fromEntries(ledger.funds.filter((f) => f.amountFen).map((f) => [f.payer, f.amountFen]));
    expect(funds).toEqual({ basic_pooling: 6 * 210000 + 5000, fiscal_backstop: 5 * 90000 + 5000, self_pay: 90000 });
    // February's recorded settlement does not change
    expect((await t.http().get('/v1/settlements/shanting/2023-02').expect(200)).body.bedDayPayments).toEqual([]);
  });

  it('April: the patient registered from 1 April joins; each month accrues once', async () => {
    const april = await settleMonth(t, 'shanting', '2023-04');
    expect(april.guardianshipRewardsFen).toBe(60000);
    expect((await ledgerOf(t, 'shanting', '2023-04')).accruals).toEqual([expect.objectContaining({ kind: 'guardianship_reward', amountFen: 60000, persons: 3 })]);
    // a patient's events: one GuardianshipRewardAccrued per settled month
    const events = (await t.http().get(`/v1/persons/${ids.risk3}/events`).expect(200)).body as { type: string; data: { month: string } }[];
    expect(events.filter((e) => e.type === 'GuardianshipRewardAccrued').map((e) => e.data.month)).toEqual(['2023-02', '2023-03', '2023-04']);
    expectProblem(await t.http().post('/v1/settlements').send({ regionCode: 'shanting', month: '2023-04' }), 409);
  });

  it('potentialRisk: true is accepted by TagReliefStatus and kept on the status', async () => {
    const person = (await t.http().get(`/v1/persons/${ids.potential}`).expect(200)).body;
    expect(person.statusHistory).toEqual([expect.objectContaining({ status: 'severe_mental_disorder', riskLevel: 1, potentialRisk: true })]);
    expectProblem(
      await t.http().post(`/v1/persons/${ids.plain}/relief-statuses`).send({ status: 'severe_mental_disorder', validFrom: '2023-01-01', source: 'health_commission', diagnosis: 'schizophrenia', potentialRisk: 'yes' }),
      400,
      'potentialRisk',
    );
  });
});

describe('Shanting guardianship reward for a status recorded after its first month was settled', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  // DOMAIN.md §4: at least 2,400 yuan a year at 200 yuan a month. A status recorded late with an
  // earlier validFrom earns the months already settled with the next settlement.
  it('a patient at risk level 3 from 1 January, recorded in February, earns 12 × 20,000 = 240,000 fen over 2023', async () => {
    const p = await register(t, residentBody('shanting'));
    await settleMonth(t, 'shanting', '2023-01');
    await tagStatus(t, p.personId, 'severe_mental_disorder', { diagnosis: 'schizophrenia', riskLevel: 3, validFrom: '2023-01-01' });
    let total = 0;
    for (let m = 2; m <= 12; m++) total += (await settleMonth(t, 'shanting', `2023-${String(m).padStart(2, '0')}`)).guardianshipRewardsFen;
    const events = (await t.http().get(`/v1/persons/${p.personId}/events`).expect(200)).body as { type: string; data: { amountFen: number } }[];
    const accrued = events.filter((e) => e.type === 'GuardianshipRewardAccrued').reduce((s, e) => s + e.data.amountFen, 0);
    expect(accrued).toBe(total);
    expect(total).toBe(240000); // actual: 220,000
  });
});

describe('Shanting guardianship reward recorded late across a year end (四, DOMAIN.md §4 Choice)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('risk level 3 from 2022-11-01, recorded after November and December 2022 were settled: the January 2023 settlement pays 3 × 20,000 fen', async () => {
    const p = await register(t, residentBody('shanting', { registeredOn: '2022-01-01' }));
    await settleMonth(t, 'shanting', '2022-11');
    await settleMonth(t, 'shanting', '2022-12');
    await tagStatus(t, p.personId, 'severe_mental_disorder', { diagnosis: 'schizophrenia', riskLevel: 3, validFrom: '2022-11-01' });
    expect((await settleMonth(t, 'shanting', '2023-01')).guardianshipRewardsFen).toBe(60000);
    const events = (await t.http().get(`/v1/persons/${p.personId}/events`).expect(200)).body as { type: string; data: { month: string; settledWith: string } }[];
    expect(events.filter((e) => e.type === 'GuardianshipRewardAccrued').map((e) => [e.data.month, e.data.settledWith])).toEqual([
      ['2022-11', '2023-01'],
      ['2022-12', '2023-01'],
      ['2023-01', '2023-01'],
    ]);
  });
});
