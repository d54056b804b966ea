/**
 * SubmitClaim over HTTP for Nanchong employees: general outpatient pooling of
 * 南府办发〔2022〕33号 (DOMAIN.md §1) and the one-bill settlement order.
 */
import {
  DOC_NANCHONG,
  TestApp,
  claimBody,
  counters,
  expectConserved,
  expectProblem,
  item,
  register,
  registerBody,
  retiredBody,
  shares,
  startApp,
  submit,
} from '../support/e2e';
import { domainHead } from '../support/domain-log';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => {
  await t?.close();
});

describe('general outpatient pooling, in service (art. 7(1): deductible 200 yuan, 50% tier3 / 60% tier2, cap 1000 yuan)', () => {
  it('worked example: first claim of the year at tier2, policy scope 500 yuan → pooling (50,000 − 20,000) × 60% = 18,000', async () => {
    const p = await register(t);
    const body = claimBody(p.personId, { institutionLevel: 'tier2', items: [item(30000), item(20000, 'B')] });
    const view = await submit(t, body);

    expect(view).toEqual(
      expect.objectContaining({ claimId: body.claimId, personId: p.personId, status: 'adjudicated', totalFen: 50000, policyScopeFen: 50000, policyVersion: expect.any(String) }),
    );
    expect(view.shares).toEqual(shares({ basic_pooling: 18000, self_pay: 32000 }));
    expectConserved(view);
    // the cash part is explained as the deductible (20,000) and the 40% co-pay (12,000), each citing art. 7(1)
    const selfPay = view.explanation.filter((l) => l.payer === 'self_pay').map((l) => l.amountFen).sort((a, b) => a - b);
    expect(selfPay).toEqual([12000, 20000]);
    for (const line of view.explanation.filter((l) => l.amountFen > 0)) expect(line.citation).toContain(DOC_NANCHONG);
    expect(view.explanation.find((l) => l.payer === 'basic_pooling')!.citation).toContain('art. 7');

    // the same view is served by GET /v1/claims/{id}
    const got = await t.http().get(`/v1/claims/${body.claimId}`).expect(200);
    expect(got.body).toEqual(view);

    const c = await counters(t, p.personId);
    expect(c.outpatient_pooling_deductible).toEqual({ usedFen: 20000, limitFen: 20000 });
    expect(c.outpatient_pooling_paid).toEqual({ usedFen: 18000, limitFen: 100000 });
    expect(c.personal_burden.usedFen).toBe(32000);
  });

  it('the deductible is consumed once per calendar year: a second claim the same year pays 60% from the first fen', async () => {
    const p = await register(t);
    await submit(t, claimBody(p.personId, { serviceDate: '2023-02-01', items: [item(50000)] }));
    const second = await submit(t, claimBody(p.personId, { serviceDate: '2023-06-01', items: [item(10000)] }));
    expect(second.shares).toEqual(shares({ basic_pooling: 6000, self_pay: 4000 }));
    expectConserved(second);
    expect(second.explanation.some((l) => l.rule.includes('deductible') && l.amountFen > 0)).toBe(false);
    const c = await counters(t, p.personId);
    expect(c.outpatient_pooling_deductible.usedFen).toBe(20000);
    expect(c.outpatient_pooling_paid.usedFen).toBe(24000);
  });

  it('a claim smaller than the deductible is all self-pay and uses only part of the deductible', async () => {
    const p = await register(t);
    const first = await submit(t, claimBody(p.personId, { items: [item(12000)] }));
    expect(first.shares).toEqual(shares({ self_pay: 12000 }));
    // 8,000 of the deductible is left: (30,000 − 8,000) × 60% = 13,200
    const second = await submit(t, claimBody(p.personId, { items: [item(30000)] }));
    expect(second.shares).toEqual(shares({ basic_pooling: 13200, self_pay: 16800 }));
    expect((await counters(t, p.personId)).outpatient_pooling_deductible.usedFen).toBe(20000);
  });

  it('tier3 and qualifying pharmacies pay 50%: (50,000 − 20,000) × 50% = 15,000', async () => {
    const p = await register(t);
    const view = await submit(t, claimBody(p.personId, { institutionLevel: 'tier3' }));
    expect(view.shares).toEqual(shares({ basic_pooling: 15000, self_pay: 35000 }));
    expectConserved(view);
    const q = await register(t);
    const pharmacy = await submit(t, claimBody(q.personId, { institutionLevel: 'pharmacy' }));
    expect(pharmacy.shares).toEqual(shares({ basic_pooling: 15000, self_pay: 35000 }));
  });

  it('tier1 and primary institutions pay the 60% of 二级及以下', async () => {
    for (const level of ['tier1', 'primary']) {
      const p = await register(t);
      const view = await submit(t, claimBody(p.personId, { institutionLevel: level }));
      expect(view.shares).toEqual(shares({ basic_pooling: 18000, self_pay: 32000 }));
    }
  });

  it('every percentage rounds half-up to the fen: (20,001 − 20,000) × 50% = 0.5 → 1 fen', async () => {
    const p = await register(t);
    const view = await submit(t, claimBody(p.personId, { institutionLevel: 'tier3', items: [item(20001)] }));
    expect(view.shares).toEqual(shares({ basic_pooling: 1, self_pay: 20000 }));
    // (10,003) × 60% = 6,001.8 → 6,002
    const next = await submit(t, claimBody(p.personId, { items: [item(10003)] }));
    expect(next.shares).toEqual(shares({ basic_pooling: 6002, self_pay: 4001 }));
  });

  it('the annual cap of 1000 yuan is reached across claims; the rest is self-pay (art. 7(1), art. 12)', async () => {
    const p = await register(t);
    // (150,000 − 20,000) × 60% = 78,000
    const a = await submit(t, claimBody(p.personId, { serviceDate: '2023-02-01', items: [item(150000)] }));
    expect(a.shares).toEqual(shares({ basic_pooling: 78000, self_pay: 72000 }));
    // 50,000 × 60% = 30,000 but only 22,000 of the cap is left
    const b = await submit(t, claimBody(p.personId, { serviceDate: '2023-03-01', items: [item(50000)] }));
    expect(b.shares).toEqual(shares({ basic_pooling: 22000, self_pay: 28000 }));
    expectConserved(b);
    const c1 = await submit(t, claimBody(p.personId, { serviceDate: '2023-04-01', items: [item(10000)] }));
    expect(c1.shares).toEqual(shares({ self_pay: 10000 }));
    const c = await counters(t, p.personId);
    expect(c.outpatient_pooling_paid).toEqual({ usedFen: 100000, limitFen: 100000 });
  });

  it('caps and deductibles never carry over: a new calendar year starts from zero (art. 12)', async () => {
    const p = await register(t);
    await submit(t, claimBody(p.personId, { serviceDate: '2023-12-31', items: [item(200000)] }));
    const next = await submit(t, claimBody(p.personId, { serviceDate: '2024-01-01', items: [item(50000)] }));
    expect(next.shares).toEqual(shares({ basic_pooling: 18000, self_pay: 32000 }));
    expect((await counters(t, p.personId, 2023)).outpatient_pooling_paid.usedFen).toBe(100000);
    const c2024 = await counters(t, p.personId, 2024);
    expect(c2024.outpatient_pooling_deductible.usedFen).toBe(20000);
    expect(c2024.outpatient_pooling_paid.usedFen).toBe(18000);
  });
});

describe('general outpatient pooling, retired (art. 7(2): deductible 150 yuan, 55% / 65%, cap 1200 yuan)', () => {
  it('tier2: (50,000 − 15,000) × 65% = 22,750; tier3: (50,000 − 15,000) × 55% = 19,250', async () => {
    const r = await register(t, retiredBody());
    const v = await submit(t, claimBody(r.personId, { institutionLevel: 'tier2' }));
    expect(v.shares).toEqual(shares({ basic_pooling: 22750, self_pay: 27250 }));
    expectConserved(v);
    expect(v.explanation.find((l) => l.payer === 'basic_pooling')!.citation).toContain('art. 7(2)');
    const c = await counters(t, r.personId);
    expect(c.outpatient_pooling_deductible).toEqual({ usedFen: 15000, limitFen: 15000 });
    expect(c.outpatient_pooling_paid).toEqual({ usedFen: 22750, limitFen: 120000 });

    const r3 = await register(t, retiredBody());
    const v3 = await submit(t, claimBody(r3.personId, { institutionLevel: 'tier3' }));
    expect(v3.shares).toEqual(shares({ basic_pooling: 19250, self_pay: 30750 }));
  });

  it('the retired cap of 1200 yuan is reached across claims', async () => {
    const r = await register(t, retiredBody());
    // (115,000 − 15,000) × 65% = 65,000
    const a = await submit(t, claimBody(r.personId, { serviceDate: '2023-02-01', items: [item(115000)] }));
    expect(a.shares).toEqual(shares({ basic_pooling: 65000, self_pay: 50000 }));
    // 100,000 × 65% = 65,000, cap left 55,000
    const b = await submit(t, claimBody(r.personId, { serviceDate: '2023-03-01', items: [item(100000)] }));
    expect(b.shares).toEqual(shares({ basic_pooling: 55000, self_pay: 45000 }));
    const c3 = await submit(t, claimBody(r.personId, { serviceDate: '2023-04-01', items: [item(10000)] }));
    expect(c3.shares).toEqual(shares({ self_pay: 10000 }));
    const c = await counters(t, r.personId);
    expect(c.outpatient_pooling_deductible.usedFen).toBe(15000);
    expect(c.outpatient_pooling_paid).toEqual({ usedFen: 120000, limitFen: 120000 });
  });

  it('retired status applies from the month of the employment change (art. 14)', async () => {
    const p = await register(t);
    await t.http().post(`/v1/persons/${p.personId}/employment-changes`).send({ employment: 'retired', effectiveMonth: '2023-07' }).expect(201);
    // June: still in service; 10,000 is all under the 20,000 deductible
    const june = await submit(t, claimBody(p.personId, { serviceDate: '2023-06-30', items: [item(10000)] }));
    expect(june.shares).toEqual(shares({ self_pay: 10000 }));
    // July: retired terms: 15,000 − 10,000 = 5,000 deductible left; (50,000 − 5,000) × 65% = 29,250
    // (in-service terms would give (50,000 − 10,000) × 60% = 24,000)
    const july = await submit(t, claimBody(p.personId, { serviceDate: '2023-07-01', items: [item(50000)] }));
    expect(july.shares).toEqual(shares({ basic_pooling: 29250, self_pay: 20750 }));
    expect(july.explanation.find((l) => l.payer === 'basic_pooling')!.citation).toContain('art. 7(2)');
    const c = await counters(t, p.personId);
    expect(c.outpatient_pooling_deductible.usedFen).toBe(15000);
    expect(c.outpatient_pooling_paid.usedFen).toBe(29250);

    const person = await t.http().get(`/v1/persons/${p.personId}`).expect(200);
    expect(person.body.employmentHistory).toEqual([
      { from: '2023-01', employment: 'in_service' },
      { from: '2023-07', employment: 'retired' },
    ]);
  });
});

describe('what the pooling fund never pays', () => {
  it('non-designated institution: the whole claim is self-pay and neither deductible nor cap moves (art. 7, art. 25)', async () => {
    const p = await register(t);
    const view = await submit(t, claimBody(p.personId, { designated: false, items: [item(40000), item(5000, 'C')] }));
    expect(view.shares).toEqual(shares({ self_pay: 45000 }));
    expectConserved(view);
    expect(view.explanation.some((l) => l.citation.includes('art. 25'))).toBe(true);
    const c = await counters(t, p.personId);
    expect(c.outpatient_pooling_deductible.usedFen).toBe(0);
    expect(c.outpatient_pooling_paid.usedFen).toBe(0);
    // the next designated claim still starts with the full deductible
    const next = await submit(t, claimBody(p.personId, { items: [item(50000)] }));
    expect(next.shares).toEqual(shares({ basic_pooling: 18000, self_pay: 32000 }));
  });

  it('class C (丙/目录外) items are outside policy scope: self-pay, and they do not consume the deductible', async () => {
    const p = await register(t);
    const view = await submit(t, claimBody(p.personId, { items: [item(30000, 'A'), item(10000, 'C')] }));
    expect(view.totalFen).toBe(40000);
    expect(view.policyScopeFen).toBe(30000);
    // (30,000 − 20,000) × 60% = 6,000
    expect(view.shares).toEqual(shares({ basic_pooling: 6000, self_pay: 34000 }));
    expectConserved(view);
    expect(view.explanation.filter((l) => l.payer === 'self_pay' && l.rule === 'out_of_policy_scope').map((l) => l.amountFen)).toEqual([10000]);
    const allC = await submit(t, claimBody(p.personId, { items: [item(70000, 'C')] }));
    expect(allC.shares).toEqual(shares({ self_pay: 70000 }));
    expect((await counters(t, p.personId)).outpatient_pooling_paid.usedFen).toBe(6000);
  });
});

describe('two-diseases and special outpatient costs never enter general pooling (art. 10)', () => {
  it.each([
    ['two_diseases_outpatient', null],
    ['chronic_special_outpatient', 'dialysis'],
  ])('%s leaves the general outpatient deductible and cap untouched', async (visitType, specialDisease) => {
    const p = await register(t);
    const view = await submit(t, claimBody(p.personId, { visitType, specialDisease, items: [item(10000)] }));
    expectConserved(view);
    expect(view.shares.basic_pooling + view.shares.self_pay).toBe(10000);
    expect(view.explanation.some((l) => l.citation.includes('art. 10'))).toBe(true);
    const c = await counters(t, p.personId);
    expect(c.outpatient_pooling_deductible.usedFen).toBe(0);
    expect(c.outpatient_pooling_paid.usedFen).toBe(0);
    // the next general outpatient claim still meets the whole 20,000 deductible
    const general = await submit(t, claimBody(p.personId, { items: [item(50000)] }));
    expect(general.shares).toEqual(shares({ basic_pooling: 18000, self_pay: 32000 }));
  });
});

describe('refusals and validation of SubmitClaim', () => {
  it('a Nanchong inpatient claim without priorPayments is refused (422) and records nothing; the claim id stays free', async () => {
    const p = await register(t);
    const before = await domainHead(t);
    const body = claimBody(p.personId, { visitType: 'inpatient', serviceDate: '2023-05-01', dischargeDate: '2023-05-08' });
    const res = await t.http().post('/v1/claims').send(body);
    expectProblem(res, 422);
    expect(await domainHead(t)).toBe(before);
    await t.http().get(`/v1/claims/${body.claimId}`).expect(404);
    const fixed = await submit(t, { ...body, priorPayments: { basic_pooling: 40000 } });
    expect(fixed.shares).toEqual(shares({ basic_pooling: 40000, self_pay: 10000 }));
  });

  it('a service date before registration is refused (422) naming serviceDate, records nothing, and the id can be reused', async () => {
    const p = await register(t, registerBody({ registeredOn: '2023-04-01' }));
    const before = await domainHead(t);
    const body = claimBody(p.personId, { serviceDate: '2023-03-31' });
    const res = await t.http().post('/v1/claims').send(body);
    expectProblem(res, 422, 'serviceDate');
    expect(await domainHead(t)).toBe(before);
    const fixed = await submit(t, { ...body, serviceDate: '2023-04-01' });
    expect(fixed.shares).toEqual(shares({ basic_pooling: 18000, self_pay: 32000 }));
  });

  it('each invalid field is named in one 400 (items, amounts, enumerations, dates)', async () => {
    const p = await register(t);
    const before = await domainHead(t);
    const res = await t
      .http()
      .post('/v1/claims')
      .send(claimBody(p.personId, { institutionLevel: 'tier9', items: [item(-5)], serviceDate: '2023-02-30' }));
    expectProblem(res, 400, 'institutionLevel');
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['institutionLevel', 'items[0].amountFen', 'serviceDate']));
    expectProblem(await t.http().post('/v1/claims').send(claimBody(p.personId, { items: [] })), 400, 'items');
    expectProblem(await t.http().post('/v1/claims').send(claimBody(p.personId, { items: [item(100.5)] })), 400, 'items[0].amountFen');
    expectProblem(await t.http().post('/v1/claims').send(claimBody(p.personId, { serviceDate: '2999-01-01' })), 400, 'serviceDate');
    expect(await domainHead(t)).toBe(before);
  });

  it('cross-field rules name their field: specialDisease on a general visit, discharge before admission', async () => {
    const p = await register(t);
    expectProblem(await t.http().post('/v1/claims').send(claimBody(p.personId, { specialDisease: 'dialysis' })), 400, 'specialDisease');
    expectProblem(
      await t.http().post('/v1/claims').send(claimBody(p.personId, { visitType: 'inpatient', serviceDate: '2023-05-10', dischargeDate: '2023-05-09', priorPayments: { basic_pooling: 1 } })),
      400,
      'dischargeDate',
    );
  });

  it('a resident-scheme claim in Nanchong without priorPayments is refused: the document covers employees only (art. 3)', async () => {
    const body = registerBody({ scheme: 'resident' });
    delete body.employment;
    delete body.monthlyContributionBaseFen;
    const p = await register(t, body);
    const head = await domainHead(t);
    expectProblem(await t.http().post('/v1/claims').send(claimBody(p.personId)), 422, 'priorPayments');
    expect(await domainHead(t)).toBe(head);
    const ok = await submit(t, claimBody(p.personId, { priorPayments: { basic_pooling: 25000 } }));
    expect(ok.shares).toEqual(shares({ basic_pooling: 25000, self_pay: 25000 }));
  });

  it('a claim for an unknown person is 404', async () => {
    const res = await t.http().post('/v1/claims').send(claimBody('NOBODY-1'));
    expectProblem(res, 404);
  });
});

describe('priorPayments replace all of step 1 (DOMAIN.md settlement order)', () => {
  it('priorPayments {basic_pooling: X} → basic_pooling X, the other step-1 payers 0, the rest self-pay', async () => {
    const p = await register(t);
    const view = await submit(t, claimBody(p.personId, { items: [item(50000)], priorPayments: { basic_pooling: 12345 } }));
    expect(view.shares).toEqual(shares({ basic_pooling: 12345, self_pay: 37655 }));
    expectConserved(view);
  });

  it('a step-1 payer left out of priorPayments is 0 even where the engine would have paid it', async () => {
    const p = await register(t);
    // without priorPayments this claim would get 18,000 from the pooling fund
    const view = await submit(t, claimBody(p.personId, { priorPayments: { critical_illness: 1000 } }));
    expect(view.shares).toEqual(shares({ critical_illness: 1000, self_pay: 49000 }));
    expectConserved(view);
  });

  it('an inpatient stay settled upstream: every step-1 payer as given, class C left to the person', async () => {
    const p = await register(t);
    const view = await submit(
      t,
      claimBody(p.personId, {
        visitType: 'inpatient',
        serviceDate: '2023-05-01',
        dischargeDate: '2023-05-10',
        items: [item(80000, 'A'), item(20000, 'B'), item(5000, 'C')],
        priorPayments: { basic_pooling: 60000, critical_illness: 10000, large_amount_subsidy: 3000, civil_servant_subsidy: 2000 },
      }),
    );
    expect(view.totalFen).toBe(105000);
    expect(view.policyScopeFen).toBe(100000);
    expect(view.shares).toEqual(shares({ basic_pooling: 60000, critical_illness: 10000, large_amount_subsidy: 3000, civil_servant_subsidy: 2000, self_pay: 30000 }));
    expectConserved(view);
  });

  it('priorPayments exceeding the policy-scope amount → 400 naming priorPayments (class C does not count), nothing recorded', async () => {
    const p = await register(t);
    const before = await domainHead(t);
    const body = claimBody(p.personId, { items: [item(10000, 'A'), item(50000, 'C')], priorPayments: { basic_pooling: 8000, critical_illness: 2001 } });
    const res = await t.http().post('/v1/claims').send(body);
    expectProblem(res, 400, 'priorPayments');
    expect(await domainHead(t)).toBe(before);
    // exactly the policy scope is accepted
    const ok = await submit(t, { ...body, priorPayments: { basic_pooling: 8000, critical_illness: 2000 } });
    expect(ok.shares).toEqual(shares({ basic_pooling: 8000, critical_illness: 2000, self_pay: 50000 }));
  });

  it('a negative prior payment → 400 naming priorPayments.basic_pooling', async () => {
    const p = await register(t);
    const res = await t.http().post('/v1/claims').send(claimBody(p.personId, { priorPayments: { basic_pooling: -1 } }));
    expectProblem(res, 400, 'priorPayments.basic_pooling');
  });
});
