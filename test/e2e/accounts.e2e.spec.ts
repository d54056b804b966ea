/**
 * Personal accounts (个人账户), 南府办发〔2022〕33号 art. 17–20: paying claims as far as the balance
 * goes, family use, forbidden purposes, and a balance that never goes negative.
 */
import { TestApp, account, claimBody, expectConserved, expectProblem, item, register, registerBody, shares, startApp, submit } from '../support/e2e';
import { domainHead } from '../support/domain-log';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => {
  await t?.close();
});

let references = 0;
/** Each payment gets its own reference unless the test names one (the reference is the idempotency key). */
const pay = (personId: string, body: Record<string, unknown>) =>
  t.http().post(`/v1/persons/${personId}/personal-account/payments`).send({ purpose: 'medical', reference: `R-${++references}`, ...body });

describe('claims paid from the personal account (art. 18, art. 20)', () => {
  it('the account pays what the person owes up to its balance; the rest is cash; GET shows the claim_payment and the balance', async () => {
    // art. 17: a balance from before 2023 is carried in as the opening entry
    const p = await register(t, registerBody({ openingPersonalAccountFen: 5000 }));
    const body = claimBody(p.personId, { serviceDate: '2023-03-05', usePersonalAccount: true });
    const view = await submit(t, body);
    // pooling (50,000 − 20,000) × 60% = 18,000; the person owes 32,000: 5,000 from the account, 27,000 cash
    expect(view.shares).toEqual(shares({ basic_pooling: 18000, personal_account: 5000, self_pay: 27000 }));
    expectConserved(view);
    expect(view.explanation.find((l) => l.payer === 'personal_account')!.citation).toContain('art. 20');

    const acc = await account(t, p.personId);
    expect(acc.balanceFen).toBe(0);
    expect(acc.entries).toEqual([
      { month: '2023-01', kind: 'opening', amountFen: 5000, reference: null },
      { month: '2023-03', kind: 'claim_payment', amountFen: -5000, reference: body.claimId },
    ]);

    // with an empty account the next claim is all cash; the balance never goes negative
    const next = await submit(t, claimBody(p.personId, { serviceDate: '2023-03-06', items: [item(10000)], usePersonalAccount: true }));
    expect(next.shares).toEqual(shares({ basic_pooling: 6000, self_pay: 4000 }));
    expect((await account(t, p.personId)).balanceFen).toBe(0);
  });

  it('a balance larger than what is owed pays all of it and keeps the rest', async () => {
    const p = await register(t, registerBody({ openingPersonalAccountFen: 100000 }));
    const view = await submit(t, claimBody(p.personId, { usePersonalAccount: true }));
    expect(view.shares).toEqual(shares({ basic_pooling: 18000, personal_account: 32000 }));
    expectConserved(view);
    expect((await account(t, p.personId)).balanceFen).toBe(68000);
  });

  it('without usePersonalAccount the account is not touched', async () => {
    const p = await register(t, registerBody({ openingPersonalAccountFen: 100000 }));
    const view = await submit(t, claimBody(p.personId, { usePersonalAccount: false }));
    expect(view.shares).toEqual(shares({ basic_pooling: 18000, self_pay: 32000 }));
    expect((await account(t, p.personId)).balanceFen).toBe(100000);
  });

  it('at a non-designated institution the account pays nothing (art. 18: designated institutions and pharmacies only)', async () => {
    const p = await register(t, registerBody({ openingPersonalAccountFen: 100000 }));
    const view = await submit(t, claimBody(p.personId, { designated: false, usePersonalAccount: true }));
    expect(view.shares).toEqual(shares({ self_pay: 50000 }));
    expectConserved(view);
    expect((await account(t, p.personId)).balanceFen).toBe(100000);
  });

  it('concurrent claims never spend more than the balance', async () => {
    const p = await register(t, registerBody({ openingPersonalAccountFen: 30000 }));
    const bodies = Array.from({ length: 6 }, (_, i) => claimBody(p.personId, { serviceDate: `2023-04-0${i + 1}`, items: [item(25000)], usePersonalAccount: true }));
    const views = (await Promise.all(bodies.map((b) => t.http().post('/v1/claims').send(b)))).map((r) => {
      expect(r.status).toBe(201);
      return r.body;
    });
    const fromAccount = views.reduce((s, v) => s + v.shares.personal_account, 0);
    expect(fromAccount).toBe(30000);
    const acc = await account(t, p.personId);
    expect(acc.balanceFen).toBe(0);
    expect(acc.entries.filter((e) => e.kind === 'claim_payment').reduce((s, e) => s + e.amountFen, 0)).toBe(-30000);
  });
});

describe('POST /v1/persons/{id}/personal-account/payments (art. 18–20)', () => {
  it('pays for the spouse recorded at registration → 201 { balanceFen }, shown as a family_payment', async () => {
    const spouse = await register(t, registerBody({ personId: 'SP-ACC-1' }));
    const child = await register(t, registerBody({ personId: 'CH-ACC-1' }));
    const p = await register(t, registerBody({ openingPersonalAccountFen: 10000, family: [{ personId: spouse.personId, relation: 'spouse' }, { personId: child.personId, relation: 'child' }] }));
    const res = await pay(p.personId, { beneficiaryPersonId: 'SP-ACC-1', purpose: 'medical', amountFen: 2500, reference: 'RX-77', paidOn: '2023-05-20' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ balanceFen: 7500 });
    const premium = await pay(p.personId, { beneficiaryPersonId: 'CH-ACC-1', purpose: 'family_premium', amountFen: 1000, reference: 'R-1', paidOn: '2023-05-21' });
    expect(premium.status).toBe(201);
    expect(premium.body).toEqual({ balanceFen: 6500 });
    const acc = await account(t, p.personId);
    expect(acc.balanceFen).toBe(6500);
    expect(acc.entries).toEqual([
      { month: '2023-01', kind: 'opening', amountFen: 10000, reference: null },
      { month: '2023-05', kind: 'family_payment', amountFen: -2500, reference: 'RX-77' },
      { month: '2023-05', kind: 'family_payment', amountFen: -1000, reference: 'R-1' },
    ]);
  });

  it('a retried payment (same reference and body) pays nothing more → 200; another body under that reference → 409', async () => {
    const p = await register(t, registerBody({ openingPersonalAccountFen: 10000 }));
    const body = { beneficiaryPersonId: p.personId, purpose: 'pharmacy', amountFen: 4000, reference: 'RETRY-1', paidOn: '2023-05-20' };
    expect((await pay(p.personId, body)).status).toBe(201);
    const again = await pay(p.personId, body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ balanceFen: 6000 });
    expectProblem(await pay(p.personId, { ...body, amountFen: 4001 }), 409);
    expect((await account(t, p.personId)).entries.filter((e) => e.reference === 'RETRY-1')).toHaveLength(1);
  });

  it('the holder may pay for themself', async () => {
    const p = await register(t, registerBody({ openingPersonalAccountFen: 10000 }));
    const res = await pay(p.personId, { beneficiaryPersonId: p.personId, purpose: 'pharmacy', amountFen: 4000 });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ balanceFen: 6000 });
  });

  it('a beneficiary who is not spouse, parent or child → 422, nothing recorded', async () => {
    const p = await register(t, registerBody({ openingPersonalAccountFen: 10000, family: [{ personId: 'SP-ACC-2', relation: 'spouse' }] }));
    const stranger = await register(t);
    const head = await domainHead(t);
    expectProblem(await pay(p.personId, { beneficiaryPersonId: stranger.personId, amountFen: 100 }), 422, 'beneficiaryPersonId');
    expect(await domainHead(t)).toBe(head);
    expect((await account(t, p.personId)).balanceFen).toBe(10000);
  });

  it('a spouse in the family list whom nobody registered → 422 naming beneficiaryPersonId, nothing recorded; once registered → 201', async () => {
    const spouse = registerBody();
    const p = await register(t, registerBody({ openingPersonalAccountFen: 10000, family: [{ personId: spouse.personId, relation: 'spouse' }] }));
    const head = await domainHead(t);
    const res = await pay(p.personId, { beneficiaryPersonId: spouse.personId, amountFen: 100, reference: 'UNREG-1' });
    expectProblem(res, 422, 'beneficiaryPersonId');
    expect(res.body.detail).toContain('art. 18');
    expect(await domainHead(t)).toBe(head);
    await register(t, spouse);
    expect((await pay(p.personId, { beneficiaryPersonId: spouse.personId, amountFen: 100, reference: 'UNREG-1' })).status).toBe(201);
    expect((await account(t, p.personId)).balanceFen).toBe(9900);
  });

  it.each(['public_health', 'fitness', 'wellness'])('purpose %s is never allowed (art. 19) → 422, nothing recorded', async (purpose) => {
    const p = await register(t, registerBody({ openingPersonalAccountFen: 10000 }));
    const head = await domainHead(t);
    expectProblem(await pay(p.personId, { beneficiaryPersonId: p.personId, purpose, amountFen: 100 }), 422, 'purpose');
    expect(await domainHead(t)).toBe(head);
  });

  it('more than the balance → 422; exactly the balance → 201 with balance 0; one fen more → 422 (art. 20: never negative)', async () => {
    const p = await register(t, registerBody({ openingPersonalAccountFen: 10000 }));
    const head = await domainHead(t);
    expectProblem(await pay(p.personId, { beneficiaryPersonId: p.personId, amountFen: 10001 }), 422, 'amountFen');
    expect(await domainHead(t)).toBe(head);
    expect((await pay(p.personId, { beneficiaryPersonId: p.personId, amountFen: 10000 })).body).toEqual({ balanceFen: 0 });
    expectProblem(await pay(p.personId, { beneficiaryPersonId: p.personId, amountFen: 1 }), 422);
    expect((await account(t, p.personId)).balanceFen).toBe(0);
  });

  it.each([0, -100, 12.5, '100'])('amountFen %p → 400 naming amountFen', async (amountFen) => {
    const p = await register(t, registerBody({ openingPersonalAccountFen: 10000 }));
    expectProblem(await pay(p.personId, { beneficiaryPersonId: p.personId, amountFen }), 400, 'amountFen');
  });

  it('an unknown purpose → 400 naming purpose; an unknown holder → 404', async () => {
    const p = await register(t, registerBody({ openingPersonalAccountFen: 10000 }));
    expectProblem(await pay(p.personId, { beneficiaryPersonId: p.personId, purpose: 'groceries', amountFen: 100 }), 400, 'purpose');
    expectProblem(await pay('NOBODY-ACC', { beneficiaryPersonId: 'NOBODY-ACC', amountFen: 100 }), 404);
    expectProblem(await t.http().get('/v1/persons/NOBODY-ACC/personal-account'), 404);
  });

  it('a resident-scheme person has no personal account → 422', async () => {
    const body = registerBody({ scheme: 'resident' });
    delete body.employment;
    delete body.monthlyContributionBaseFen;
    await register(t, body);
    expectProblem(await pay(body.personId, { beneficiaryPersonId: body.personId, amountFen: 100 }), 422);
  });

  it('concurrent payments never overdraw: with 10,000 fen, exactly 3 of 8 payments of 3,000 succeed', async () => {
    const p = await register(t, registerBody({ openingPersonalAccountFen: 10000 }));
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => pay(p.personId, { beneficiaryPersonId: p.personId, amountFen: 3000, reference: `R-${i}` })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 422, 422, 422, 422, 422]);
    expect((await account(t, p.personId)).balanceFen).toBe(1000);
  });
});
