/**
 * SettleMonth (API.md) with the monthly personal-account credits of 南府办发〔2022〕33号 art. 13–14:
 * in service 2% of the person's contribution base, retired 2.8% of nanchong.retired_pension_base,
 * rounded half-up to the fen; claims after a month's settlement fall into the next open month.
 */
import { TestApp, account, claimBody, expectProblem, item, register, registerBody, retiredBody, shares, startApp, submit } from '../support/e2e';
import { domainHead } from '../support/domain-log';

const PENSION_BASE = 'nanchong.retired_pension_base';

const settle = (t: TestApp, month: string, regionCode = 'nanchong') => t.http().post('/v1/settlements').send({ regionCode, month });
/** Records a parameter; its 201 status is checked in parameters.e2e.spec.ts, here only that it was accepted. */
const putParam = async (t: TestApp, key: string, body: Record<string, unknown>) => {
  const res = await t.http().put(`/v1/parameters/${key}`).send({ effectiveFrom: '2023-01-01', reason: '2022 南充市基本养老金平均水平', ...body });
  if (res.status < 200 || res.status > 299) throw new Error(`PUT /v1/parameters/${key} answered ${res.status}: ${res.text}`);
  return res;
};
const ledger = async (t: TestApp, month: string) => {
  const res = await t.http().get(`/v1/ledgers?regionCode=nanchong&month=${month}`).expect(200);
  return Object.fromEntries((res.body.funds as { payer: string; amountFen: number; claims: number }[]).filter((f) => f.amountFen !== 0).map((f) => [f.payer, { amountFen: f.amountFen, claims: f.claims }]));
};

describe('SettleMonth: credits, institutions, late claims', () => {
  let t: TestApp;
  const p1 = registerBody({ monthlyContributionBaseFen: 543210 }); // 2% = 10,864.2 → 10,864
  const p2 = registerBody({ monthlyContributionBaseFen: 123475 }); // 2% = 2,469.5 → 2,470 (half-up)
  const r1 = retiredBody(); // 2.8% × 312,345 = 8,745.66 → 8,746
  const p3 = registerBody({ monthlyContributionBaseFen: 600000, registeredOn: '2023-02-01' }); // not insured in January; 12,000 from February
  const resident = registerBody({ scheme: 'resident' }); // resident insurance has no personal account
  delete resident.employment;
  delete resident.monthlyContributionBaseFen;
  const elsewhere = registerBody({ regionCode: 'yancheng', countyCode: '320902' }); // another region's settlement

  beforeAll(async () => {
    t = await startApp();
    for (const b of [p1, p2, r1, p3, resident, elsewhere]) await register(t, b);
    // January claims: H-A gets P1 (18,000 / 32,000) and P2 ((25,000 − 20,000) × 60% = 3,000 / 22,000);
    // H-B gets R1 at tier3 ((30,000 − 15,000) × 55% = 8,250 / 21,750)
    await submit(t, claimBody(p1.personId, { claimId: 'JAN-P1', institutionId: 'H-A', serviceDate: '2023-01-10', items: [item(50000)] }));
    await submit(t, claimBody(p2.personId, { claimId: 'JAN-P2', institutionId: 'H-A', serviceDate: '2023-01-20', items: [item(25000)] }));
    await submit(t, claimBody(r1.personId, { claimId: 'JAN-R1', institutionId: 'H-B', institutionLevel: 'tier3', serviceDate: '2023-01-12', items: [item(30000)] }));
    // February claim of P1: deductible used, 10,000 × 60% = 6,000 / 4,000
    await submit(t, claimBody(p1.personId, { claimId: 'FEB-P1', institutionId: 'H-A', serviceDate: '2023-02-03', items: [item(10000)] }));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('without the retired pension base a region with a retired person cannot be settled: 422, nothing recorded', async () => {
    const head = await domainHead(t);
    const res = await settle(t, '2023-01');
    expectProblem(res, 422);
    expect(res.body.detail).toContain(PENSION_BASE);
    expect(await domainHead(t)).toBe(head);
    expect((await account(t, p1.personId)).entries).toEqual([]);
    await t.http().get('/v1/settlements/nanchong/2023-01').expect(404);
    expect((await t.http().get('/v1/ledgers?regionCode=nanchong&month=2023-01').expect(200)).body.settled).toBe(false);
  });

  it('once the base is recorded, January settles: credits = Σ 2% × base (in service) + 2.8% × pension base (retired), half-up', async () => {
    await putParam(t, PENSION_BASE, { value: 312345 });
    const res = await settle(t, '2023-01');
    expect(res.status).toBe(201);
    expect(res.body).toEqual(
      expect.objectContaining({
        regionCode: 'nanchong',
        month: '2023-01',
        personalAccountCreditsFen: 10864 + 2470 + 8746,
        guardianshipRewardsFen: 0,
      }),
    );
    expect(res.body.institutions).toEqual([
      { institutionId: 'H-A', shares: shares({ basic_pooling: 18000 + 3000, self_pay: 32000 + 22000 }) },
      { institutionId: 'H-B', shares: shares({ basic_pooling: 8250, self_pay: 21750 }) },
    ]);
    expect((await t.http().get('/v1/settlements/nanchong/2023-01').expect(200)).body).toEqual(res.body);
  });

  it('GET personal-account shows the monthly_credit of each insured employee, and none for others', async () => {
    expect(await account(t, p1.personId)).toEqual({ balanceFen: 10864, entries: [{ month: '2023-01', kind: 'monthly_credit', amountFen: 10864, reference: expect.any(String) }] });
    expect((await account(t, p2.personId)).balanceFen).toBe(2470);
    expect(await account(t, r1.personId)).toEqual({ balanceFen: 8746, entries: [{ month: '2023-01', kind: 'monthly_credit', amountFen: 8746, reference: expect.any(String) }] });
    expect(await account(t, p3.personId)).toEqual({ balanceFen: 0, entries: [] });
    expect(await account(t, resident.personId)).toEqual({ balanceFen: 0, entries: [] });
    expect(await account(t, elsewhere.personId)).toEqual({ balanceFen: 0, entries: [] });
  });

  it('the same region and month again → 409, nothing recorded, nobody credited twice', async () => {
    const head = await domainHead(t);
    expectProblem(await settle(t, '2023-01'), 409);
    expect(await domainHead(t)).toBe(head);
    expect((await account(t, p1.personId)).balanceFen).toBe(10864);
  });

  it('the ledger of a settled month lists what each payer owes for its claims', async () => {
    const jan = await t.http().get('/v1/ledgers?regionCode=nanchong&month=2023-01').expect(200);
    expect(jan.body.settled).toBe(true);
    expect(await ledger(t, '2023-01')).toEqual({
      basic_pooling: { amountFen: 29250, claims: 3 },
      self_pay: { amountFen: 75750, claims: 3 },
    });
  });

  it('a claim for a settled month falls into the next open month’s ledger, not the settled one', async () => {
    // P2's deductible is used: 10,000 × 60% = 6,000 / 4,000
    const late = await submit(t, claimBody(p2.personId, { claimId: 'LATE-JAN-P2', institutionId: 'H-A', serviceDate: '2023-01-25', items: [item(10000)] }));
    expect(late.shares).toEqual(shares({ basic_pooling: 6000, self_pay: 4000 }));
    expect(await ledger(t, '2023-01')).toEqual({ basic_pooling: { amountFen: 29250, claims: 3 }, self_pay: { amountFen: 75750, claims: 3 } });
    expect(await ledger(t, '2023-02')).toEqual({ basic_pooling: { amountFen: 12000, claims: 2 }, self_pay: { amountFen: 8000, claims: 2 } });
    // the recorded January settlement does not change
    expect((await t.http().get('/v1/settlements/nanchong/2023-01').expect(200)).body.institutions[0].shares.basic_pooling).toBe(21000);
  });

  it('February settles with the late January claim and credits the person registered on 1 February', async () => {
    const res = await settle(t, '2023-02');
    expect(res.status).toBe(201);
    expect(res.body.personalAccountCreditsFen).toBe(10864 + 2470 + 8746 + 12000);
    expect(res.body.institutions).toEqual([{ institutionId: 'H-A', shares: shares({ basic_pooling: 12000, self_pay: 8000 }) }]);
    expect((await account(t, p1.personId)).balanceFen).toBe(2 * 10864);
    expect(await account(t, p3.personId)).toEqual({ balanceFen: 12000, entries: [{ month: '2023-02', kind: 'monthly_credit', amountFen: 12000, reference: expect.any(String) }] });
  });

  it('with January and February settled, a January claim falls into March', async () => {
    await submit(t, claimBody(p3.personId, { claimId: 'LATE-JAN-2', institutionId: 'H-C', serviceDate: '2023-02-28', items: [item(50000)] }));
    expect(await ledger(t, '2023-02')).toEqual({ basic_pooling: { amountFen: 12000, claims: 2 }, self_pay: { amountFen: 8000, claims: 2 } });
    expect(await ledger(t, '2023-03')).toEqual({ basic_pooling: { amountFen: 18000, claims: 1 }, self_pay: { amountFen: 32000, claims: 1 } });
  });

  it('credited money pays later claims from the account; a settled claim replays unchanged (200)', async () => {
    // P1 has 2 × 10,864 = 21,728; its deductible is used: 10,000 × 60% = 6,000, the 4,000 owed comes from the account
    const march = await submit(t, claimBody(p1.personId, { claimId: 'MAR-P1', institutionId: 'H-A', serviceDate: '2023-03-02', items: [item(10000)], usePersonalAccount: true }));
    expect(march.shares).toEqual(shares({ basic_pooling: 6000, personal_account: 4000 }));
    expect((await account(t, p1.personId)).balanceFen).toBe(21728 - 4000);
    const replay = await t.http().post('/v1/claims').send(claimBody(p1.personId, { claimId: 'JAN-P1', institutionId: 'H-A', serviceDate: '2023-01-10', items: [item(50000)] }));
    expect(replay.status).toBe(200);
    expect(replay.body.shares).toEqual(shares({ basic_pooling: 18000, self_pay: 32000 }));
  });

  it('the person’s events show registration, claims and account credits in order', async () => {
    const events = (await t.http().get(`/v1/persons/${p1.personId}/events`).expect(200)).body as { type: string }[];
    expect(events.map((e) => e.type)).toEqual([
      'PatientRegistered',
      'ClaimAdjudicated', // JAN-P1
      'ClaimAdjudicated', // FEB-P1
      'PersonalAccountCredited', // January
      'PersonalAccountCredited', // February
      'ClaimAdjudicated', // MAR-P1
    ]);
  });

  it('other regions settle on their own: yancheng 2023-01 is still open', async () => {
    const res = await settle(t, '2023-01', 'yancheng');
    expect(res.status).toBe(201);
    expect(res.body).toEqual(expect.objectContaining({ regionCode: 'yancheng', month: '2023-01', personalAccountCreditsFen: 0, institutions: [] }));
  });

  it('invalid input → 400 naming the field; a month not yet ended → 422', async () => {
    expectProblem(await settle(t, '2023-13'), 400, 'month');
    expectProblem(await settle(t, '2023-03', 'beijing'), 400, 'regionCode');
    // this month has not ended (422); a month past the window of dates is not a month to settle (400, issue 10)
    expectProblem(await settle(t, new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7)), 422);
    expectProblem(await settle(t, '2999-01'), 400, 'month');
    expectProblem(await t.http().get('/v1/settlements/nanchong/2023-06'), 404);
  });
});

describe('SettleMonth: the month of retirement and superseded parameters (art. 13, 14)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('retired from the month retired benefits start; a value recorded later for the same date applies from then on, old credits unchanged', async () => {
    const e = await register(t, registerBody({ monthlyContributionBaseFen: 500000 }));
    const r = await register(t, retiredBody());
    await t.http().post(`/v1/persons/${e.personId}/employment-changes`).send({ employment: 'retired', effectiveMonth: '2023-02' }).expect(201);
    // the 2021 figure until the 2022 one is determined (art. 13)
    await putParam(t, PENSION_BASE, { value: 250000, reason: '2021 figure' });

    const jan = await settle(t, '2023-01');
    expect(jan.status).toBe(201);
    // E in service: 2% × 500,000 = 10,000; R retired: 2.8% × 250,000 = 7,000
    expect(jan.body.personalAccountCreditsFen).toBe(10000 + 7000);

    await putParam(t, PENSION_BASE, { value: 260000, reason: '2022 figure' });
    const feb = await settle(t, '2023-02');
    expect(feb.status).toBe(201);
    // both retired in February: 2.8% × 260,000 = 7,280 each
    expect(feb.body.personalAccountCreditsFen).toBe(7280 + 7280);

    const rAccount = await account(t, r.personId);
    expect(rAccount.entries.map((x) => [x.month, x.kind, x.amountFen])).toEqual([
      ['2023-01', 'monthly_credit', 7000],
      ['2023-02', 'monthly_credit', 7280],
    ]);
    expect(rAccount.balanceFen).toBe(14280);
    const eAccount = await account(t, e.personId);
    expect(eAccount.entries.map((x) => [x.month, x.kind, x.amountFen])).toEqual([
      ['2023-01', 'monthly_credit', 10000],
      ['2023-02', 'monthly_credit', 7280],
    ]);
  });

  it('two SettleMonth requests at once: one 201, one 409, every account credited once', async () => {
    const t3 = await startApp();
    try {
      const p = await register(t3, registerBody({ monthlyContributionBaseFen: 100000 }));
      const [a, b] = await Promise.all([settle(t3, '2023-01'), settle(t3, '2023-01')]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      expect(await account(t3, p.personId)).toEqual({ balanceFen: 2000, entries: [{ month: '2023-01', kind: 'monthly_credit', amountFen: 2000, reference: expect.any(String) }] });
    } finally {
      await t3.close();
    }
  });

  it('a contribution base change applies from its month', async () => {
    const t2 = await startApp();
    try {
      const p = await register(t2, registerBody({ monthlyContributionBaseFen: 400000 }));
      await t2.http().post(`/v1/persons/${p.personId}/contribution-base-changes`).send({ monthlyContributionBaseFen: 450025, effectiveMonth: '2023-02' }).expect(201);
      expect((await settle(t2, '2023-01')).body.personalAccountCreditsFen).toBe(8000);
      // 2% × 450,025 = 9,000.5 → 9,001
      expect((await settle(t2, '2023-02')).body.personalAccountCreditsFen).toBe(9001);
    } finally {
      await t2.close();
    }
  });
});
