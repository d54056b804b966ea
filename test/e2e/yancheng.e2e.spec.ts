/**
 * Yancheng over HTTP: medical assistance, tilted assistance, the 10% cap and the two warnings of
 * 盐政办发〔2022〕73号 (DOMAIN.md §2), and the free outpatient psychiatric drugs of
 * 盐医保发〔2023〕11号 (DOMAIN.md §3). Every claim carries the core system's priorPayments, so the
 * figures below depend only on the rules of the two documents.
 */
import {
  TestApp,
  chinaDate,
  claimBody,
  counters,
  expectConserved,
  expectProblem,
  item,
  putParameter,
  register,
  residentBody,
  revokeStatus,
  shares,
  startApp,
  submit,
  tagStatus,
  warningsOf,
} from '../support/e2e';
import { domainHead } from '../support/domain-log';

const DOC = '盐政办发〔2022〕73号';
const DRUGS_DOC = '盐医保发〔2023〕11号';
const INCOME = 'yancheng.per_capita_disposable_income';
const MIN_LIVING = 'yancheng.minimum_living_standard_annual';

/** A Yancheng claim: general outpatient at a designated tier-2 hospital in the insured county, 2023-03-05. */
const yc = (personId: string, over: Record<string, unknown> = {}) => claimBody(personId, { institutionId: 'H-YC-1', ...over });
/** An inpatient stay of 2023-06-01 to 2023-06-10. */
const stay = (personId: string, over: Record<string, unknown> = {}) =>
  yc(personId, { visitType: 'inpatient', serviceDate: '2023-06-01', dischargeDate: '2023-06-10', ...over });

const drug = (amountFen: number, drugClass: string, catalogClass: 'A' | 'B' | 'C' = 'A') =>
  item(amountFen, catalogClass, { code: `D-${drugClass}-${amountFen}`, name: '利培酮片', kind: 'drug', drugClass });
const service = (amountFen: number, catalogClass: 'A' | 'B' | 'C' = 'A') => item(amountFen, catalogClass, { code: `S-${amountFen}`, name: '精神科诊查', kind: 'service' });

const regular = (v: { explanation: { payer: string; rule: string; amountFen: number; citation: string; detail?: string }[] }) =>
  v.explanation.filter((l) => l.payer === 'medical_assistance' && l.rule === 'yancheng.assistance.regular');

describe('Yancheng medical assistance (per-capita income 50,000 yuan, minimum living standard 9,600 yuan)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
    // the previous year's figure, recorded with an effective date in the claims' year (DOMAIN.md §2)
    await putParameter(t, INCOME, 5_000_000, '2023-01-01', '2022 盐城市城乡居民人均可支配收入 (test figure)');
    await putParameter(t, MIN_LIVING, 960_000, '2023-01-01', '2023 盐城市城乡低保年标准 (test figure)');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('minimum_living (80%) at a designated in-county institution: round(80% × in-scope self-pay); class C is never assisted', async () => {
    const p = await register(t, residentBody('yancheng'));
    await tagStatus(t, p.personId, 'minimum_living');
    // policy scope 100,001 + 7,000 class C; upstream basic insurance 50,000
    // base = 100,001 − 50,000 = 50,001; 80% × 50,001 = 40,000.8 → 40,001
    // self-pay = 50,001 − 40,001 = 10,000 in scope + 7,000 class C = 17,000
    const view = await submit(t, yc(p.personId, { items: [item(60001), item(40000, 'B'), item(7000, 'C')], priorPayments: { basic_pooling: 50000 } }));
    expect(view.totalFen).toBe(107001);
    expect(view.policyScopeFen).toBe(100001);
    expect(view.shares).toEqual(shares({ basic_pooling: 50000, medical_assistance: 40001, self_pay: 17000 }));
    expectConserved(view);
    const lines = regular(view);
    expect(lines).toHaveLength(1);
    expect(lines[0].citation).toContain(DOC);
    expect(lines[0].detail).toContain('minimum_living');

    const c = await counters(t, p.personId);
    // the limit caps the cost base (50,001 used of 10,000 yuan), not the payment
    expect(c.assistance_general_outpatient_base).toEqual({ usedFen: 50001, limitFen: 1_000_000 });
    expect(c.assistance_shared_base.usedFen).toBe(0);
    expect(c.personal_burden.usedFen).toBe(17000);
  });

  it('no assistance deductible, and amounts under the insurance deductible count: priorPayments of 0 → 80% of the whole policy scope', async () => {
    const p = await register(t, residentBody('yancheng'));
    await tagStatus(t, p.personId, 'entitled_veteran');
    // nothing paid upstream: base 30,000; 80% = 24,000
    const view = await submit(t, yc(p.personId, { items: [item(30000)], priorPayments: { basic_pooling: 0 } }));
    expect(view.shares).toEqual(shares({ medical_assistance: 24000, self_pay: 6000 }));
    expectConserved(view);
  });

  it('two statuses: the highest ratio, counted once (orphan 100% + minimum_living 80% → 100%, not 180%)', async () => {
    const p = await register(t, residentBody('yancheng'));
    await tagStatus(t, p.personId, 'minimum_living');
    await tagStatus(t, p.personId, 'orphan');
    // base 100,000 − 50,000 = 50,000 × 100% = 50,000: the person pays nothing
    const view = await submit(t, yc(p.personId, { items: [item(100000)], priorPayments: { basic_pooling: 50000 } }));
    expect(view.shares).toEqual(shares({ basic_pooling: 50000, medical_assistance: 50000 }));
    expectConserved(view);
    const lines = regular(view);
    expect(lines).toHaveLength(1);
    expect(lines[0].detail).toContain('orphan');
    // the cost base is counted once too
    expect((await counters(t, p.personId)).assistance_general_outpatient_base.usedFen).toBe(50000);

    // low_income_marginal 70% + child_in_distress 80% → 80%: round(0.8 × 33,333) = 26,666.4 → 26,666
    const q = await register(t, residentBody('yancheng'));
    await tagStatus(t, q.personId, 'low_income_marginal');
    await tagStatus(t, q.personId, 'child_in_distress');
    const v2 = await submit(t, yc(q.personId, { items: [item(43333)], priorPayments: { basic_pooling: 10000 } }));
    expect(v2.shares).toEqual(shares({ basic_pooling: 10000, medical_assistance: 26666, self_pay: 6667 }));
    expectConserved(v2);
  });

  it('general outpatient: the 10,000-yuan cost-base limit is reached across claims (counter assistance_general_outpatient_base)', async () => {
    const p = await register(t, residentBody('yancheng'));
    await tagStatus(t, p.personId, 'minimum_living');
    // 1: base 1,800,000 − 900,000 = 900,000, all within the limit: 80% = 720,000; self-pay 180,000
    const a = await submit(t, yc(p.personId, { serviceDate: '2023-02-01', items: [item(1_800_000)], priorPayments: { basic_pooling: 900_000 } }));
    expect(a.shares).toEqual(shares({ basic_pooling: 900_000, medical_assistance: 720_000, self_pay: 180_000 }));
    // 2: base 200,000, only 1,000,000 − 900,000 = 100,000 of the limit left: 80% × 100,000 = 80,000; self-pay 120,000
    const b = await submit(t, yc(p.personId, { serviceDate: '2023-03-01', items: [item(400_000)], priorPayments: { basic_pooling: 200_000 } }));
    expect(b.shares).toEqual(shares({ basic_pooling: 200_000, medical_assistance: 80_000, self_pay: 120_000 }));
    expectConserved(b);
    // 3: the limit is used up: no assistance, the line says so with a 0 amount
    const c3 = await submit(t, yc(p.personId, { serviceDate: '2023-04-01', items: [item(20_000)], priorPayments: { basic_pooling: 10_000 } }));
    expect(c3.shares).toEqual(shares({ basic_pooling: 10_000, self_pay: 10_000 }));
    expect(regular(c3).map((l) => l.amountFen)).toEqual([0]);
    expectConserved(c3);
    const c = await counters(t, p.personId);
    expect(c.assistance_general_outpatient_base).toEqual({ usedFen: 1_000_000, limitFen: 1_000_000 });
    // emergency and two-diseases visits are general outpatient care (Choice, terms.ts): nothing left for them either
    const em = await submit(t, yc(p.personId, { visitType: 'emergency', serviceDate: '2023-04-02', items: [item(20_000)], priorPayments: { basic_pooling: 10_000 } }));
    expect(em.shares.medical_assistance).toBe(0);

    // the inpatient / chronic-special limit is a separate one (3 × 50,000 yuan = 150,000 yuan): base 50,000 × 80% = 40,000
    const s = await submit(t, stay(p.personId, { location: 'in_city', items: [item(100_000)], priorPayments: { basic_pooling: 50_000 } }));
    expect(s.shares).toEqual(shares({ basic_pooling: 50_000, medical_assistance: 40_000, self_pay: 10_000 }));
    const after = await counters(t, p.personId);
    expect(after.assistance_shared_base).toEqual({ usedFen: 50_000, limitFen: 15_000_000 });
    expect(after.assistance_general_outpatient_base.usedFen).toBe(1_000_000);
  });

  it('care outside the insured city without referral or filing gets no assistance, with an explanation line (十五); referral or emergency: assisted', async () => {
    const p = await register(t, residentBody('yancheng'));
    await tagStatus(t, p.personId, 'minimum_living');
    for (const location of ['in_province', 'out_of_province']) {
      const view = await submit(t, yc(p.personId, { location, referral: false, items: [item(100_000)], priorPayments: { basic_pooling: 50_000 } }));
      expect(view.shares).toEqual(shares({ basic_pooling: 50_000, self_pay: 50_000 }));
      expectConserved(view);
      const line = view.explanation.find((l) => l.payer === 'medical_assistance');
      expect(line).toEqual(expect.objectContaining({ amountFen: 0, rule: 'yancheng.assistance.no_referral' }));
      expect(line!.citation).toContain('十五');
    }
    // no cost base was used by the refused claims
    expect((await counters(t, p.personId)).assistance_general_outpatient_base.usedFen).toBe(0);
    // with a referral: 80% × 50,000 = 40,000
    const referred = await submit(t, yc(p.personId, { location: 'out_of_province', referral: true, items: [item(100_000)], priorPayments: { basic_pooling: 50_000 } }));
    expect(referred.shares).toEqual(shares({ basic_pooling: 50_000, medical_assistance: 40_000, self_pay: 10_000 }));
    // an emergency is excepted (急诊除外)
    const emergency = await submit(t, yc(p.personId, { location: 'out_of_province', visitType: 'emergency', items: [item(100_000)], priorPayments: { basic_pooling: 50_000 } }));
    expect(emergency.shares).toEqual(shares({ basic_pooling: 50_000, medical_assistance: 40_000, self_pay: 10_000 }));
    // so is an inpatient stay admitted as an emergency (circumstances: ['emergency'])
    const urgent = await submit(t, stay(p.personId, { location: 'out_of_province', circumstances: ['emergency'], items: [item(100_000)], priorPayments: { basic_pooling: 50_000 } }));
    expect(urgent.shares.medical_assistance).toBe(40_000);
    // a non-designated institution: no assistance either (五)
    const nd = await submit(t, yc(p.personId, { designated: false, items: [item(100_000)], priorPayments: { basic_pooling: 50_000 } }));
    expect(nd.shares.medical_assistance).toBe(0);
    expect(nd.explanation).toContainEqual(expect.objectContaining({ payer: 'medical_assistance', amountFen: 0, rule: 'yancheng.assistance.non_designated' }));
  });

  it('a revoked status applies until the end of the month of revocation, not from the 1st of the next (八)', async () => {
    const p = await register(t, residentBody('yancheng'));
    await tagStatus(t, p.personId, 'minimum_living');
    await revokeStatus(t, p.personId, 'minimum_living', '2023-04-10');
    // 30 April: still assisted, 80% × 50,000 = 40,000
    const april = await submit(t, yc(p.personId, { serviceDate: '2023-04-30', items: [item(100_000)], priorPayments: { basic_pooling: 50_000 } }));
    expect(april.shares).toEqual(shares({ basic_pooling: 50_000, medical_assistance: 40_000, self_pay: 10_000 }));
    // 1 May: no longer a 救助对象
    const may = await submit(t, yc(p.personId, { serviceDate: '2023-05-01', items: [item(100_000)], priorPayments: { basic_pooling: 50_000 } }));
    expect(may.shares).toEqual(shares({ basic_pooling: 50_000, self_pay: 50_000 }));
    expect(may.explanation.some((l) => l.payer === 'medical_assistance')).toBe(false);
    const person = await t.http().get(`/v1/persons/${p.personId}`).expect(200);
    // no longer a current status today; the history keeps the revocation and the last day it applied
    expect(person.body.statuses).toEqual([]);
    expect(person.body.statusHistory).toEqual([expect.objectContaining({ status: 'minimum_living', revokedOn: '2023-04-10', appliesThrough: '2023-04-30' })]);
  });

  it('a status that lapses at its validTo applies until the end of that month, as a revoked one does (八)', async () => {
    const p = await register(t, residentBody('yancheng'));
    await tagStatus(t, p.personId, 'minimum_living', { validTo: '2023-04-10' });
    // 30 April, after validTo: still assisted, 80% × 50,000 = 40,000
    const april = await submit(t, yc(p.personId, { serviceDate: '2023-04-30', items: [item(100_000)], priorPayments: { basic_pooling: 50_000 } }));
    expect(april.shares).toEqual(shares({ basic_pooling: 50_000, medical_assistance: 40_000, self_pay: 10_000 }));
    // 1 May: no longer a 救助对象
    const may = await submit(t, yc(p.personId, { serviceDate: '2023-05-01', items: [item(100_000)], priorPayments: { basic_pooling: 50_000 } }));
    expect(may.shares).toEqual(shares({ basic_pooling: 50_000, self_pay: 50_000 }));
    const person = await t.http().get(`/v1/persons/${p.personId}`).expect(200);
    expect(person.body.statusHistory).toEqual([expect.objectContaining({ status: 'minimum_living', validTo: '2023-04-10', revokedOn: null, appliesThrough: '2023-04-30' })]);
  });

  it('a status acquired during an inpatient stay applies to the whole stay (八); not to an outpatient visit before it', async () => {
    const p = await register(t, residentBody('yancheng'));
    await tagStatus(t, p.personId, 'minimum_living', { validFrom: '2023-06-05' });
    // outpatient visit on 1 June: no status yet
    const visit = await submit(t, yc(p.personId, { serviceDate: '2023-06-01', items: [item(100_000)], priorPayments: { basic_pooling: 50_000 } }));
    expect(visit.shares).toEqual(shares({ basic_pooling: 50_000, self_pay: 50_000 }));
    // stay 1–10 June, status from 5 June: 80% × (1,000,000 − 500,000) = 400,000 (in_city: no 10% cap)
    const s = await submit(t, stay(p.personId, { location: 'in_city', items: [item(1_000_000)], priorPayments: { basic_pooling: 500_000 } }));
    expect(s.shares).toEqual(shares({ basic_pooling: 500_000, medical_assistance: 400_000, self_pay: 100_000 }));
    expectConserved(s);
    // a stay that ended before the status began is not touched by it
    const before = await submit(t, stay(p.personId, { location: 'in_city', serviceDate: '2023-05-20', dischargeDate: '2023-06-04', items: [item(100_000)], priorPayments: { basic_pooling: 50_000 } }));
    expect(before.shares).toEqual(shares({ basic_pooling: 50_000, self_pay: 50_000 }));
  });

  it('the 10% cap: a status holder’s in-county stay leaves at most 10% of its policy-scope total to the person; the rest is hospital_borne (七)', async () => {
    const p = await register(t, residentBody('yancheng'));
    await tagStatus(t, p.personId, 'minimum_living');
    // policy scope 1,000,000 + class C 200,000; basic 500,000; assistance 80% × 500,000 = 400,000
    // left to the person: 100,000 in scope + 200,000 class C = 300,000; cap 10% × 1,000,000 = 100,000
    // hospital_borne 300,000 − 100,000 = 200,000 (class C first); self-pay 100,000
    const body = { items: [item(1_000_000), item(200_000, 'C')], priorPayments: { basic_pooling: 500_000 } };
    const view = await submit(t, stay(p.personId, { location: 'in_county', ...body }));
    expect(view.shares).toEqual(shares({ basic_pooling: 500_000, medical_assistance: 400_000, hospital_borne: 200_000, self_pay: 100_000 }));
    expectConserved(view);
    const cap = view.explanation.find((l) => l.payer === 'hospital_borne')!;
    expect(cap.rule).toBe('yancheng.hospital_cap');
    expect(cap.citation).toContain(DOC);
    expect((await counters(t, p.personId)).personal_burden.usedFen).toBe(100_000);

    // the same stay in another county of the city: no cap, the person pays 300,000
    const q = await register(t, residentBody('yancheng'));
    await tagStatus(t, q.personId, 'minimum_living');
    const inCity = await submit(t, stay(q.personId, { location: 'in_city', ...body }));
    expect(inCity.shares).toEqual(shares({ basic_pooling: 500_000, medical_assistance: 400_000, self_pay: 300_000 }));

    // a resident without relief status: no assistance, no cap: 500,000 + 200,000
    const r = await register(t, residentBody('yancheng'));
    const plain = await submit(t, stay(r.personId, { location: 'in_county', ...body }));
    expect(plain.shares).toEqual(shares({ basic_pooling: 500_000, self_pay: 700_000 }));

    // a 100% holder in county: nothing left in scope, class C 200,000 against the 100,000 cap → 100,000 hospital_borne
    const o = await register(t, residentBody('yancheng'));
    await tagStatus(t, o.personId, 'extremely_poor');
    const full = await submit(t, stay(o.personId, { location: 'in_county', ...body }));
    expect(full.shares).toEqual(shares({ basic_pooling: 500_000, medical_assistance: 500_000, hospital_borne: 100_000, self_pay: 100_000 }));
  });

  it('temporary_relief_major_illness reaches back to the first treatment (at most 2 years): a later-submitted claim from before validFrom gets 70%', async () => {
    const p = await register(t, residentBody('yancheng'));
    await tagStatus(t, p.personId, 'temporary_relief_major_illness', { validFrom: '2023-06-01', firstTreatmentDate: '2023-02-01' });
    // 15 March, before validFrom but after the first treatment: 70% × 50,000 = 35,000
    const march = await submit(t, yc(p.personId, { serviceDate: '2023-03-15', items: [item(100_000)], priorPayments: { basic_pooling: 50_000 } }));
    expect(march.shares).toEqual(shares({ basic_pooling: 50_000, medical_assistance: 35_000, self_pay: 15_000 }));
    // 31 January, before the first treatment: not covered
    const jan = await submit(t, yc(p.personId, { serviceDate: '2023-01-31', items: [item(100_000)], priorPayments: { basic_pooling: 50_000 } }));
    expect(jan.shares).toEqual(shares({ basic_pooling: 50_000, self_pay: 50_000 }));
  });

  it('recording temporary_relief_major_illness re-settles the earlier claims of its look-back period as corrections (DOMAIN.md §2 八)', async () => {
    const p = await register(t, residentBody('yancheng'));
    const before = await submit(t, yc(p.personId, { serviceDate: '2023-01-20', items: [item(100_000)], priorPayments: { basic_pooling: 50_000 } }));
    const early = await submit(t, yc(p.personId, { serviceDate: '2023-03-15', items: [item(100_000)], priorPayments: { basic_pooling: 50_000 } }));
    expect(early.shares).toEqual(shares({ basic_pooling: 50_000, self_pay: 50_000 }));
    await tagStatus(t, p.personId, 'temporary_relief_major_illness', { validFrom: '2023-06-01', firstTreatmentDate: '2023-02-01' });
    // 15 March is inside the window (from the first treatment, 1 February): 70% × 50,000 = 35,000 from assistance
    const now = (await t.http().get(`/v1/claims/${early.claimId}`).expect(200)).body;
    expect(now.shares).toEqual(shares({ basic_pooling: 50_000, medical_assistance: 35_000, self_pay: 15_000 }));
    expectConserved(now);
    // 20 January is before the first treatment: unchanged
    expect((await t.http().get(`/v1/claims/${before.claimId}`).expect(200)).body.shares).toEqual(before.shares);
    const c = await counters(t, p.personId);
    expect(c.assistance_general_outpatient_base.usedFen).toBe(50_000);
    expect(c.personal_burden.usedFen).toBe(50_000 + 15_000);
    // a correction, never a rewrite: the original ClaimAdjudicated stays in the log
    const events = (await t.http().get(`/v1/persons/${p.personId}/events`).expect(200)).body as { type: string; data: { claimId?: string; deltas?: unknown } }[];
    expect(events.filter((e) => e.type === 'ClaimAdjudicated')).toHaveLength(2);
    expect(events.filter((e) => e.type === 'ClaimSharesAdjusted').map((e) => [e.data.claimId, e.data.deltas])).toEqual([
      [early.claimId, { medical_assistance: 35_000, self_pay: -35_000 }],
    ]);
  });

  it('impoverishment_risk: a resident without status whose yearly burden reaches the per-capita income (50,000 yuan), raised once', async () => {
    const p = await register(t, residentBody('yancheng'));
    // 1: burden 8,000,000 − 4,000,000 = 4,000,000 < 5,000,000: no warning
    await submit(t, yc(p.personId, { serviceDate: '2023-02-01', items: [item(8_000_000)], priorPayments: { basic_pooling: 4_000_000 } }));
    expect(await warningsOf(t, p.personId)).toEqual([]);
    // 2: + 1,000,000 = 5,000,000: the line is reached (≥)
    const crossing = await submit(t, yc(p.personId, { serviceDate: '2023-03-01', items: [item(2_000_000)], priorPayments: { basic_pooling: 1_000_000 } }));
    const w = await warningsOf(t, p.personId);
    expect(w).toEqual([expect.objectContaining({ kind: 'impoverishment_risk', year: 2023, raisedOn: chinaDate() })]);
    expect(w[0]).toEqual(expect.objectContaining({ claimId: crossing.claimId, thresholdFen: 5_000_000, burdenFen: 5_000_000 }));
    // 3: still above the line: nothing new, neither a second warning nor a second event
    const head = await domainHead(t);
    await submit(t, yc(p.personId, { serviceDate: '2023-04-01', items: [item(200_000)], priorPayments: { basic_pooling: 100_000 } }));
    expect(await warningsOf(t, p.personId)).toHaveLength(1);
    const events = (await t.http().get(`/v1/events?after=${head}&limit=100`).expect(200)).body as { type: string }[];
    expect(events.map((e) => e.type)).toContain('ClaimAdjudicated');
    expect(events.map((e) => e.type)).not.toContain('WarningRaised');
    const personEvents = (await t.http().get(`/v1/persons/${p.personId}/events`).expect(200)).body as { type: string }[];
    expect(personEvents.filter((e) => e.type === 'WarningRaised')).toHaveLength(1);
    expect((await counters(t, p.personId)).personal_burden.usedFen).toBe(5_100_000);
  });

  it('impoverishment_risk is not raised one fen below the line', async () => {
    const p = await register(t, residentBody('yancheng'));
    // burden 4,999,999: one fen short
    await submit(t, yc(p.personId, { items: [item(9_999_999)], priorPayments: { basic_pooling: 5_000_000 } }));
    expect(await warningsOf(t, p.personId)).toEqual([]);
  });

  it('relapse_risk: a status holder whose burden after insurance and assistance reaches the minimum living standard (9,600 yuan)', async () => {
    const p = await register(t, residentBody('yancheng'));
    await tagStatus(t, p.personId, 'minimum_living');
    // 1: base 500,000 × 80% = 400,000; burden 100,000 < 960,000
    await submit(t, yc(p.personId, { serviceDate: '2023-02-01', items: [item(1_000_000)], priorPayments: { basic_pooling: 500_000 } }));
    expect(await warningsOf(t, p.personId)).toEqual([]);
    // 2: base 3,000,000 but only 500,000 of the general limit left → 400,000; burden + 2,600,000 = 2,700,000 ≥ 960,000
    const b = await submit(t, yc(p.personId, { serviceDate: '2023-03-01', items: [item(6_000_000)], priorPayments: { basic_pooling: 3_000_000 } }));
    expect(b.shares).toEqual(shares({ basic_pooling: 3_000_000, medical_assistance: 400_000, self_pay: 2_600_000 }));
    const w = await warningsOf(t, p.personId);
    expect(w).toEqual([expect.objectContaining({ kind: 'relapse_risk', year: 2023, raisedOn: chinaDate(), thresholdFen: 960_000, burdenFen: 2_700_000 })]);
    // above the per-capita income as well now (2,700,000 + 3,000,000 = 5,700,000 ≥ 5,000,000): a status holder
    // never gets impoverishment_risk, and relapse_risk is not raised twice
    await submit(t, yc(p.personId, { serviceDate: '2023-04-01', items: [item(6_000_000)], priorPayments: { basic_pooling: 3_000_000 } }));
    expect((await warningsOf(t, p.personId)).map((x) => x.kind)).toEqual(['relapse_risk']);
  });

  it('counters show the year’s assistance limits before any claim: 10,000 yuan, 3 × 50,000 yuan, 30,000 yuan', async () => {
    const p = await register(t, residentBody('yancheng'));
    await tagStatus(t, p.personId, 'minimum_living');
    const c = await counters(t, p.personId, 2023);
    expect(c.assistance_general_outpatient_base).toEqual({ usedFen: 0, limitFen: 1_000_000 });
    expect(c.assistance_shared_base).toEqual({ usedFen: 0, limitFen: 15_000_000 });
    expect(c.tilted_assistance_base).toEqual({ usedFen: 0, limitFen: 3_000_000 });
    expect(c.personal_burden).toEqual({ usedFen: 0, limitFen: null });
    expect(await warningsOf(t, p.personId)).toEqual([]);
    expectProblem(await t.http().get('/v1/persons/NOBODY-YC/warnings'), 404);
  });

  it('Yancheng computes medical assistance itself: priorPayments.medical_assistance → 400 naming it, nothing recorded', async () => {
    const p = await register(t, residentBody('yancheng'));
    await tagStatus(t, p.personId, 'minimum_living');
    const head = await domainHead(t);
    const res = await t.http().post('/v1/claims').send(yc(p.personId, { items: [item(100_000)], priorPayments: { basic_pooling: 50_000, medical_assistance: 1_000 } }));
    expectProblem(res, 400, 'priorPayments.medical_assistance');
    expect(await domainHead(t)).toBe(head);
  });

  it('a claim of a year without a recorded per-capita income is refused (422) naming the parameter, nothing recorded', async () => {
    const p = await register(t, residentBody('yancheng'));
    await tagStatus(t, p.personId, 'minimum_living');
    const head = await domainHead(t);
    const res = await t.http().post('/v1/claims').send(yc(p.personId, { serviceDate: '2024-03-01', items: [item(100_000)], priorPayments: { basic_pooling: 50_000 } }));
    expectProblem(res, 422);
    expect(res.body.detail).toContain(INCOME);
    expect(await domainHead(t)).toBe(head);
  });
});

describe('Yancheng tilted assistance (per-capita income 2,000 yuan: shared limit 6,000 yuan, T = 1,000 yuan)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
    await putParameter(t, INCOME, 200_000);
    await putParameter(t, MIN_LIVING, 100_000_000);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('tilt starts with the claim that uses up the shared limit, on the part of C above T, at 60%, within the 30,000-yuan tilt limit (七)', async () => {
    const p = await register(t, residentBody('yancheng'));
    await tagStatus(t, p.personId, 'minimum_living');
    // shared limit 3 × 200,000 = 600,000; T = 50% × 200,000 = 100,000 (in_city stays: no 10% cap)
    // 1: base 200,000, left 600,000 → 80% × 200,000 = 160,000; self-pay 40,000; C 0 → 40,000; limit not used up: no tilt
    const a = await submit(t, stay(p.personId, { location: 'in_city', serviceDate: '2023-02-01', dischargeDate: '2023-02-05', items: [item(400_000)], priorPayments: { basic_pooling: 200_000 } }));
    expect(a.shares).toEqual(shares({ basic_pooling: 200_000, medical_assistance: 160_000, self_pay: 40_000 }));
    expect(a.explanation).toContainEqual(expect.objectContaining({ payer: 'medical_assistance', amountFen: 0, rule: 'yancheng.assistance.tilted.limit_not_reached' }));
    // 2: base 500,000, left 400,000 → regular 80% × 400,000 = 320,000; self-pay after regular 180,000
    //    the shared limit is now used up (600,000): C 40,000 → 220,000; eligible 220,000 − max(40,000, 100,000) = 120,000
    //    tilt 60% × 120,000 = 72,000; assistance 392,000; self-pay 108,000
    const b = await submit(t, stay(p.personId, { location: 'in_city', serviceDate: '2023-03-01', dischargeDate: '2023-03-05', items: [item(1_000_000)], priorPayments: { basic_pooling: 500_000 } }));
    expect(b.shares).toEqual(shares({ basic_pooling: 500_000, medical_assistance: 392_000, self_pay: 108_000 }));
    expectConserved(b);
    const tilt = b.explanation.find((l) => l.rule === 'yancheng.assistance.tilted')!;
    expect(tilt).toEqual(expect.objectContaining({ payer: 'medical_assistance', amountFen: 72_000 }));
    expect(tilt.citation).toContain('七');
    expect(regular(b).map((l) => l.amountFen)).toEqual([320_000]);
    // 3: a chronic/special outpatient claim: no regular assistance left; self-pay 50,000; C 220,000 → 270,000, all above T
    //    tilt 60% × 50,000 = 30,000; self-pay 20,000
    const c3 = await submit(t, yc(p.personId, { visitType: 'chronic_special_outpatient', specialDisease: 'dialysis', serviceDate: '2023-04-01', items: [item(100_000)], priorPayments: { basic_pooling: 50_000 } }));
    expect(c3.shares).toEqual(shares({ basic_pooling: 50_000, medical_assistance: 30_000, self_pay: 20_000 }));
    expectConserved(c3);
    // 4: a general outpatient visit is not tilted: its own limit, 80% × 50,000 = 40,000
    const g = await submit(t, yc(p.personId, { serviceDate: '2023-04-02', items: [item(100_000)], priorPayments: { basic_pooling: 50_000 } }));
    expect(g.shares).toEqual(shares({ basic_pooling: 50_000, medical_assistance: 40_000, self_pay: 10_000 }));

    const c = await counters(t, p.personId);
    expect(c.assistance_shared_base).toEqual({ usedFen: 600_000, limitFen: 600_000 });
    expect(c.tilted_assistance_base).toEqual({ usedFen: 120_000 + 50_000, limitFen: 3_000_000 });
    expect(c.assistance_general_outpatient_base.usedFen).toBe(50_000);
  });

  it('after the shared limit, care outside the city without referral gets neither regular nor tilted assistance', async () => {
    const p = await register(t, residentBody('yancheng'));
    await tagStatus(t, p.personId, 'minimum_living');
    // uses up the limit exactly: base 600,000 → 480,000; C 0 → 120,000; eligible 120,000 − 100,000 = 20,000 → tilt 12,000
    const a = await submit(t, stay(p.personId, { location: 'in_city', items: [item(1_200_000)], priorPayments: { basic_pooling: 600_000 } }));
    expect(a.shares).toEqual(shares({ basic_pooling: 600_000, medical_assistance: 480_000 + 12_000, self_pay: 108_000 }));
    const b = await submit(t, stay(p.personId, { location: 'in_province', referral: false, serviceDate: '2023-07-01', dischargeDate: '2023-07-03', items: [item(100_000)], priorPayments: { basic_pooling: 50_000 } }));
    expect(b.shares).toEqual(shares({ basic_pooling: 50_000, self_pay: 50_000 }));
    expect(b.explanation).toContainEqual(expect.objectContaining({ payer: 'medical_assistance', amountFen: 0, rule: 'yancheng.assistance.tilted.not_eligible' }));
    // in the province with referral: tilted (regular limit used up): 60% × 50,000 = 30,000
    const c = await submit(t, stay(p.personId, { location: 'in_province', referral: true, serviceDate: '2023-08-01', dischargeDate: '2023-08-03', items: [item(100_000)], priorPayments: { basic_pooling: 50_000 } }));
    expect(c.shares).toEqual(shares({ basic_pooling: 50_000, medical_assistance: 30_000, self_pay: 20_000 }));
  });

  it('the limit used up but C still below T: no tilt', async () => {
    const p = await register(t, residentBody('yancheng'));
    await tagStatus(t, p.personId, 'extremely_poor');
    // 100%: base 600,000 paid in full, self-pay 0; C stays 0 < T: tilt 0
    const a = await submit(t, stay(p.personId, { location: 'in_city', items: [item(1_200_000)], priorPayments: { basic_pooling: 600_000 } }));
    expect(a.shares).toEqual(shares({ basic_pooling: 600_000, medical_assistance: 600_000 }));
    // next stay: no regular left; self-pay 50,000 → C 50,000 < 100,000: no tilt
    const b = await submit(t, stay(p.personId, { location: 'in_city', serviceDate: '2023-07-01', dischargeDate: '2023-07-03', items: [item(100_000)], priorPayments: { basic_pooling: 50_000 } }));
    expect(b.shares).toEqual(shares({ basic_pooling: 50_000, self_pay: 50_000 }));
    expect(b.explanation).toContainEqual(expect.objectContaining({ rule: 'yancheng.assistance.tilted', amountFen: 0 }));
  });
});

describe('Yancheng: the per-capita income corrected later for the same date, and the year re-settled (POST /v1/readjudications)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
    await putParameter(t, INCOME, 200_000, '2023-01-01', 'provisional figure');
    await putParameter(t, MIN_LIVING, 100_000_000);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a larger income raises the shared limit and T: the stay that used up the limit gets more regular and less tilted assistance', async () => {
    const p = await register(t, residentBody('yancheng'));
    await tagStatus(t, p.personId, 'minimum_living');
    // income 200,000: shared limit 600,000, T 100,000
    // A: base 500,000 → 80% = 400,000; self-pay 100,000; C 0 → 100,000
    const a = await submit(t, stay(p.personId, { location: 'in_city', serviceDate: '2023-02-01', dischargeDate: '2023-02-05', items: [item(1_000_000)], priorPayments: { basic_pooling: 500_000 } }));
    expect(a.shares).toEqual(shares({ basic_pooling: 500_000, medical_assistance: 400_000, self_pay: 100_000 }));
    // B: base 500,000, 100,000 left → 80,000; self-pay 420,000; limit used up: C 100,000 → 520,000, above T: 420,000 × 60% = 252,000
    const b = await submit(t, stay(p.personId, { location: 'in_city', serviceDate: '2023-03-01', dischargeDate: '2023-03-05', items: [item(1_000_000)], priorPayments: { basic_pooling: 500_000 } }));
    expect(b.shares).toEqual(shares({ basic_pooling: 500_000, medical_assistance: 332_000, self_pay: 168_000 }));

    // the final figure, recorded for the same date, supersedes the provisional one: income 300,000
    await putParameter(t, INCOME, 300_000, '2023-01-01', 'final figure');
    // B again: shared limit 900,000, 400,000 left → 320,000; self-pay 180,000; limit used up (900,000):
    // C 100,000 → 280,000, T 150,000: 130,000 × 60% = 78,000; assistance 398,000 (+66,000), self-pay 102,000
    const request = { regionCode: 'yancheng', fromMonth: '2023-01', toMonth: '2023-12' };
    const dry = await t.http().post('/v1/readjudications').send({ ...request, apply: false }).expect(200);
    expect(dry.body.changes).toEqual(
      expect.arrayContaining([
        { personId: p.personId, claimId: b.claimId, month: '2023-03', payer: 'medical_assistance', beforeFen: 332_000, afterFen: 398_000, deltaFen: 66_000 },
        { personId: p.personId, claimId: b.claimId, month: '2023-03', payer: 'self_pay', beforeFen: 168_000, afterFen: 102_000, deltaFen: -66_000 },
      ]),
    );
    expect(dry.body.changes).toHaveLength(2);
    expect((await t.http().get(`/v1/claims/${b.claimId}`).expect(200)).body.shares).toEqual(b.shares); // a dry run writes nothing

    const applied = await t.http().post('/v1/readjudications').send({ ...request, apply: true }).expect(200);
    expect(applied.body).toEqual(dry.body);
    const now = (await t.http().get(`/v1/claims/${b.claimId}`).expect(200)).body;
    expect(now.shares).toEqual(shares({ basic_pooling: 500_000, medical_assistance: 398_000, self_pay: 102_000 }));
    expectConserved(now);
    expect((await t.http().get(`/v1/claims/${a.claimId}`).expect(200)).body.shares).toEqual(a.shares);
    const c = await counters(t, p.personId);
    expect(c.assistance_shared_base).toEqual({ usedFen: 900_000, limitFen: 900_000 });
    expect(c.tilted_assistance_base.usedFen).toBe(130_000);
    expect(c.personal_burden.usedFen).toBe(100_000 + 102_000);
    // applying again finds nothing
    expect((await t.http().post('/v1/readjudications').send({ ...request, apply: true }).expect(200)).body.changes).toEqual([]);
  });
});

describe('Yancheng: the temporary-relief look-back re-settles with the parameters each claim was decided with', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
    await putParameter(t, INCOME, 5_000_000, '2024-01-01');
    await putParameter(t, MIN_LIVING, 960_000, '2024-01-01');
  });
  afterAll(async () => {
    await t?.close();
  });

  // 八 and API.md PUT /v1/parameters ("nothing already settled changes until a re-settlement is
  // applied"): the look-back re-settles each claim with the parameters known when it was decided, so
  // only the status changes anything — here the income record ending 2024-01-31, made after the
  // claim, neither refuses the tag nor changes the claim beyond the status's assistance.
  it('the look-back settles each claim again with the parameters it was decided with', async () => {
    const p = await register(t, residentBody('yancheng'));
    const before = await submit(t, yc(p.personId, { serviceDate: '2024-03-01', items: [item(100_000)], priorPayments: { basic_pooling: 50_000 } }));
    expect(before.shares.medical_assistance).toBe(0);
    await t.http().put(`/v1/parameters/${INCOME}`).send({ effectiveFrom: '2024-01-01', effectiveTo: '2024-01-31', value: 5_000_000, reason: 'January figure only' }).expect(201);
    const res = await t.http().post(`/v1/persons/${p.personId}/relief-statuses`).send({ status: 'temporary_relief_major_illness', validFrom: '2024-06-01', source: 'civil_affairs', firstTreatmentDate: '2024-02-01' });
    expect(res.status).toBe(201);
    // 70% × the 50,000 policy-scope self-pay left after basic insurance = 35,000
    const after = (await t.http().get(`/v1/claims/${before.claimId}`).expect(200)).body;
    expect(after.shares.medical_assistance).toBe(35_000);
    expect(after.shares.self_pay).toBe(before.shares.self_pay - 35_000);
    expect(after.policyVersion).toBe(before.policyVersion);
  });
});

describe('Yancheng free outpatient psychiatric drugs (盐医保发〔2023〕11号), from 2023-03-01', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
    await putParameter(t, INCOME, 5_000_000);
    await putParameter(t, MIN_LIVING, 960_000);
  });
  afterAll(async () => {
    await t?.close();
  });

  const patient = async (...extra: string[]) => {
    const p = await register(t, residentBody('yancheng'));
    await tagStatus(t, p.personId, 'severe_mental_disorder', { diagnosis: 'schizophrenia', riskLevel: 1 });
    for (const s of extra) await tagStatus(t, p.personId, s);
    return p;
  };

  it('certified mental disability: the federation pays what insurance leaves of the antipsychotic; other items follow normal rules', async () => {
    const p = await patient('certified_mental_disability');
    // basic 25,000 allocated pro rata: drug round(25,000 × 33,333 / 50,000) = 16,666.5 → 16,667, service 8,333
    // drug left 33,333 − 16,667 = 16,666 → disability_relief; service left 16,667 − 8,333 = 8,334 → self-pay
    const view = await submit(t, yc(p.personId, { serviceDate: '2023-03-01', items: [drug(33_333, 'antipsychotic'), service(16_667)], priorPayments: { basic_pooling: 25_000 } }));
    expect(view.shares).toEqual(shares({ basic_pooling: 25_000, disability_relief: 16_666, self_pay: 8_334 }));
    expectConserved(view);
    const relief = view.explanation.find((l) => l.payer === 'disability_relief')!;
    expect(relief.rule).toBe('yancheng.free_psychiatric_drugs.disability_relief');
    expect(relief.citation).toContain(DRUGS_DOC);
  });

  it('an item left to the catalogue takes its drug class from it: the catalogue\'s antipsychotic is free although the hospital said "other"', async () => {
    const p = await patient('certified_mental_disability');
    await t.http().put('/v1/catalog/CAT-CLOZ').send({ name: '氯氮平片', catalogClass: 'A', drugClass: 'antipsychotic', effectiveFrom: '2023-01-01' }).expect(201);
    const { catalogClass: _hospitalClass, ...leftToCatalogue } = drug(33_333, 'other');
    const view = await submit(t, yc(p.personId, { serviceDate: '2023-03-02', items: [{ ...leftToCatalogue, code: 'CAT-CLOZ' }, service(16_667)], priorPayments: { basic_pooling: 25_000 } }));
    // the same figures as the certified case above: the catalogue, not the hospital, names the drug class
    expect(view.shares).toEqual(shares({ basic_pooling: 25_000, disability_relief: 16_666, self_pay: 8_334 }));
    expectConserved(view);
  });

  it('without a disability certificate finance backs up the drug in full', async () => {
    const p = await patient();
    // drug 30,000 gets 15,000 of the 25,000; 15,000 left → fiscal_backstop; service 20,000 − 10,000 = 10,000 self-pay
    const view = await submit(t, yc(p.personId, { serviceDate: '2023-06-15', items: [drug(30_000, 'antipsychotic'), service(20_000)], priorPayments: { basic_pooling: 25_000 } }));
    expect(view.shares).toEqual(shares({ basic_pooling: 25_000, fiscal_backstop: 15_000, self_pay: 10_000 }));
    expectConserved(view);
    expect(view.explanation.find((l) => l.payer === 'fiscal_backstop')!.citation).toContain(DRUGS_DOC);
  });

  it('with minimum_living too: assistance first (80%), split pro rata between the drug and the rest; the drug’s remainder goes to the federation', async () => {
    const p = await patient('certified_mental_disability', 'minimum_living');
    // base 25,000 × 80% = 20,000; split over self-pay 15,000 (drug) / 10,000 (service): 12,000 / 8,000
    // drug: 15,000 − 12,000 = 3,000 → disability_relief; service: 10,000 − 8,000 = 2,000 self-pay
    const view = await submit(t, yc(p.personId, { serviceDate: '2023-06-15', items: [drug(30_000, 'antipsychotic'), service(20_000)], priorPayments: { basic_pooling: 25_000 } }));
    expect(view.shares).toEqual(shares({ basic_pooling: 25_000, medical_assistance: 20_000, disability_relief: 3_000, self_pay: 2_000 }));
    expectConserved(view);
  });

  it('not covered: before 2023-03-01, class C drugs, drugs of another class, inpatient stays, care outside the city', async () => {
    const p = await patient('certified_mental_disability');
    const body = { items: [drug(30_000, 'antipsychotic'), service(20_000)], priorPayments: { basic_pooling: 25_000 } };
    const feb = await submit(t, yc(p.personId, { serviceDate: '2023-02-28', ...body }));
    expect(feb.shares).toEqual(shares({ basic_pooling: 25_000, self_pay: 25_000 }));
    // a class C antipsychotic is outside the catalogue: 10,000 class C + the service's 20,000 − 10,000
    const classC = await submit(t, yc(p.personId, { items: [drug(10_000, 'antipsychotic', 'C'), service(20_000)], priorPayments: { basic_pooling: 10_000 } }));
    expect(classC.shares).toEqual(shares({ basic_pooling: 10_000, self_pay: 20_000 }));
    const other = await submit(t, yc(p.personId, { items: [drug(30_000, 'other'), service(20_000)], priorPayments: { basic_pooling: 25_000 } }));
    expect(other.shares).toEqual(shares({ basic_pooling: 25_000, self_pay: 25_000 }));
    const inpatient = await submit(t, stay(p.personId, { location: 'in_city', ...body }));
    expect(inpatient.shares).toEqual(shares({ basic_pooling: 25_000, self_pay: 25_000 }));
    const away = await submit(t, yc(p.personId, { location: 'in_province', referral: true, ...body }));
    expect(away.shares).toEqual(shares({ basic_pooling: 25_000, self_pay: 25_000 }));
    expect(away.explanation).toContainEqual(expect.objectContaining({ payer: 'fiscal_backstop', amountFen: 0, rule: 'yancheng.free_psychiatric_drugs.not_covered' }));
  });

  it('every one of the five classes is covered, class B included', async () => {
    const p = await patient();
    const classes = ['antipsychotic', 'anxiolytic', 'antidepressant', 'antiepileptic', 'antimanic'];
    // no upstream payment at all: each drug left whole → finance pays 5 × 1,000 = 5,000; the service 2,000 is self-pay
    const view = await submit(t, yc(p.personId, { items: [...classes.map((c, i) => drug(1_000, c, i % 2 ? 'B' : 'A')), service(2_000)], priorPayments: { basic_pooling: 0 } }));
    expect(view.shares).toEqual(shares({ fiscal_backstop: 5_000, self_pay: 2_000 }));
    expectConserved(view);
  });
});
