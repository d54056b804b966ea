/**
 * The claim id is the idempotency key (API.md SubmitClaim): the same body again → 200 and the
 * recorded result; a different body → 409; a refused claim records nothing. And concurrent
 * claims of one person never overspend a limit (a limit is an account: used ≤ limit).
 */
import { AddressInfo } from 'node:net';
import { ClaimView, PAYER_CODES, TEST_ADMIN_TOKEN, TestApp, account, claimBody, counters, expectConserved, expectProblem, item, register, registerBody, startApp, submit } from '../support/e2e';
import { domainHead } from '../support/domain-log';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => {
  await t?.close();
});

describe('SubmitClaim is idempotent by claimId', () => {
  it('the same body again answers 200 with the identical recorded body and moves no counter', async () => {
    const p = await register(t);
    const body = claimBody(p.personId, { items: [item(50000)] });
    const first = await t.http().post('/v1/claims').send(body).expect(201);
    const countersBefore = await counters(t, p.personId);
    const head = await domainHead(t);

    const again = await t.http().post('/v1/claims').send(body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    // key order and optional fields left out do not make it a different body
    const reordered = Object.fromEntries(Object.entries(body).reverse().filter(([k]) => k !== 'specialDisease' && k !== 'dischargeDate'));
    const third = await t.http().post('/v1/claims').send(reordered);
    expect(third.status).toBe(200);
    expect(third.body).toEqual(first.body);

    expect(await counters(t, p.personId)).toEqual(countersBefore);
    expect(await domainHead(t)).toBe(head);
  });

  it('a different body under the same claimId → 409 problem+json, the recorded claim unchanged', async () => {
    const p = await register(t);
    const body = claimBody(p.personId, { items: [item(50000)] });
    const first = await submit(t, body);
    const head = await domainHead(t);
    const res = await t.http().post('/v1/claims').send({ ...body, items: [item(50001)] });
    expectProblem(res, 409);
    // even a body the rules would refuse is a conflict with what is recorded
    expectProblem(await t.http().post('/v1/claims').send({ ...body, visitType: 'inpatient' }), 409);
    expect(await domainHead(t)).toBe(head);
    expect((await t.http().get(`/v1/claims/${body.claimId}`).expect(200)).body).toEqual(first);
  });

  it('the same claimId for another person → 409', async () => {
    const p = await register(t);
    const q = await register(t);
    const body = claimBody(p.personId);
    await submit(t, body);
    expectProblem(await t.http().post('/v1/claims').send({ ...body, personId: q.personId }), 409);
    expect((await counters(t, q.personId)).outpatient_pooling_deductible.usedFen).toBe(0);
  });

  it('concurrent retries of one claim settle it once: one 201, the rest 200 with the same body', async () => {
    const p = await register(t);
    const body = claimBody(p.personId, { items: [item(50000)] });
    const results = await Promise.all(Array.from({ length: 8 }, () => t.http().post('/v1/claims').send(body)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    for (const r of results) expect(r.body).toEqual(results[0].body);
    const c = await counters(t, p.personId);
    expect(c.outpatient_pooling_deductible.usedFen).toBe(20000);
    expect(c.outpatient_pooling_paid.usedFen).toBe(18000);
  });
});

describe('concurrent claims of one person (南府办发〔2022〕33号 art. 7(1): deductible 20,000, cap 100,000)', () => {
  it('20 different claims at once: pooling never exceeds the cap, the deductible never exceeds 20,000, counters equal the sum over claims', async () => {
    const p = await register(t);
    const bodies = Array.from({ length: 20 }, (_, i) => claimBody(p.personId, { serviceDate: `2023-03-${String(i + 1).padStart(2, '0')}`, items: [item(25000 + i * 1000)] }));
    const results = await Promise.all(bodies.map((b) => t.http().post('/v1/claims').send(b)));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const views = results.map((r) => r.body as ClaimView);
    views.forEach(expectConserved);

    const sum = (payer: (typeof PAYER_CODES)[number]) => views.reduce((s, v) => s + v.shares[payer], 0);
    // every claim is at least 25,000: the reimbursable amounts add up to far more than the cap,
    // so the cap is used exactly, and exactly one claim used the whole deductible
    expect(sum('basic_pooling')).toBe(100000);
    const deductibleLines = views.flatMap((v) => v.explanation.filter((l) => l.rule.endsWith('.deductible') && l.amountFen > 0));
    expect(deductibleLines.map((l) => l.amountFen)).toEqual([20000]);

    const c = await counters(t, p.personId);
    expect(c.outpatient_pooling_paid).toEqual({ usedFen: 100000, limitFen: 100000 });
    expect(c.outpatient_pooling_deductible).toEqual({ usedFen: 20000, limitFen: 20000 });
    expect(c.personal_burden.usedFen).toBe(sum('self_pay') + sum('personal_account'));
    const total = bodies.reduce((s, _b, i) => s + 25000 + i * 1000, 0);
    expect(sum('basic_pooling') + sum('self_pay')).toBe(total);

    // what GET serves is what each 201 said
    for (const v of views) expect((await t.http().get(`/v1/claims/${v.claimId}`).expect(200)).body.shares).toEqual(v.shares);
  });

  /** POST /v1/claims over fetch on the app's own port, as an HTTP client would. */
  const post = async (body: unknown) => {
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/v1/claims`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };

  it('50 claims of one person at once, five bursts: all 201 (queued, never 409 concurrent-change), counters equal the sums', async () => {
    for (let burst = 0; burst < 5; burst++) {
      const p = await register(t, registerBody({ openingPersonalAccountFen: 30000 }));
      const bodies = Array.from({ length: 50 }, (_, i) => claimBody(p.personId, { serviceDate: `2023-04-${String(1 + (i % 28)).padStart(2, '0')}`, items: [item(3000)], usePersonalAccount: i % 2 === 0 }));
      // fetch (undici keeps a pool of connections open) puts all 50 requests on the server at once
      const results = await Promise.all(bodies.map((b) => post(b)));
      expect({ burst, statuses: results.map((r) => r.status), problems: results.filter((r) => r.status !== 201).map((r) => r.body) }).toEqual({ burst, statuses: Array(50).fill(201), problems: [] });
      const views = results.map((r) => r.body as ClaimView);
      views.forEach(expectConserved);
      const sum = (payer: (typeof PAYER_CODES)[number]) => views.reduce((s, v) => s + v.shares[payer], 0);
      // 50 × 3,000 = 150,000: the deductible 20,000 once, then (150,000 − 20,000) × 60% = 78,000 under the 100,000 cap
      expect(sum('basic_pooling')).toBe(78000);
      const c = await counters(t, p.personId);
      expect(c.outpatient_pooling_deductible.usedFen).toBe(20000);
      expect(c.outpatient_pooling_paid.usedFen).toBe(78000);
      expect(c.personal_burden.usedFen).toBe(sum('self_pay') + sum('personal_account'));
      // the account pays the 25 claims that ask for it as far as its 30,000 go (art. 20)
      expect(sum('personal_account')).toBe(30000);
      expect((await account(t, p.personId)).balanceFen).toBe(0);
    }
  });

  it('concurrent claims of different persons do not share a limit (art. 12: only the insured person uses them)', async () => {
    const persons = await Promise.all(Array.from({ length: 5 }, () => register(t)));
    const results = await Promise.all(persons.map((p) => t.http().post('/v1/claims').send(claimBody(p.personId, { items: [item(50000)] }))));
    for (const r of results) {
      expect(r.status).toBe(201);
      expect(r.body.shares.basic_pooling).toBe(18000);
    }
  });
});
