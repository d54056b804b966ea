/**
 * 对账 (API.md "Claim lifecycle"): GET /v1/reconciliations totals an institution's settlements
 * less cancellations on the China-time days they were recorded; POST compares the hospital's list
 * claim by claim. Both read only the institution's rows, and record nothing.
 */
import { Role } from '@benefit/runtime';
import { chinaDate, claimBody, expectProblem, issueToken, item, PAYER_CODES, register, startApp, submit, TestApp } from '../support/e2e';
import { domainHead } from '../support/domain-log';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => {
  await t?.close();
});

const issue = async (roles: Role[], subject: string, institutionId: string | null = null) => (await issueToken(t, roles, subject, { institutionId })).token;

const fund = (s: Record<string, number>) => PAYER_CODES.filter((p) => p !== 'personal_account' && p !== 'self_pay').reduce((n, p) => n + s[p], 0);

describe('/v1/reconciliations', () => {
  it('a day of one hospital: two settlements, one cancelled → claims 2, cancelled 1, the amounts of the one left; the list compared claim by claim', async () => {
    const H = `H-REC-${process.pid}`;
    const hospital = await issue(['hospital'], 'his-rec', H);
    const p = await register(t);
    const kept = await submit(t, claimBody(p.personId, { institutionId: H, items: [item(50000)] }));
    const gone = await submit(t, claimBody(p.personId, { institutionId: H, items: [item(30000)], serviceDate: '2023-03-06' }));
    await submit(t, claimBody(p.personId, { institutionId: 'H-NC-9', serviceDate: '2023-03-07' }));
    await t.http().post(`/v1/claims/${gone.claimId}/cancellations`).send({ reason: '退费', cancelledOn: '2023-03-06' }).expect(201);
    const today = chinaDate(0);
    const before = await domainHead(t);

    const res = await t.as(hospital).get(`/v1/reconciliations?institutionId=${H}&from=${today}&to=${today}`).expect(200);
    expect(res.body).toEqual({ institutionId: H, from: today, to: today, claims: 2, cancelled: 1, totalFen: 50000, shares: kept.shares });

    const third = claimBody(p.personId).claimId;
    const cmp = await t
      .as(hospital)
      .post('/v1/reconciliations')
      .send({ institutionId: H, from: today, to: today, claims: [{ claimId: kept.claimId, totalFen: 50000, fundFen: fund(kept.shares) + 1 }, { claimId: third, totalFen: 100, fundFen: 0 }] })
      .expect(200);
    expect(cmp.body).toEqual({
      matched: 0,
      mismatches: [{ claimId: kept.claimId, field: 'fundFen', oursFen: fund(kept.shares), theirsFen: fund(kept.shares) + 1 }],
      missingHere: [third],
      missingThere: [],
    });
    const ok = await t.as(hospital).post('/v1/reconciliations').send({ institutionId: H, from: today, to: today, claims: [{ claimId: kept.claimId, totalFen: 50000, fundFen: fund(kept.shares) }] }).expect(200);
    expect(ok.body).toEqual({ matched: 1, mismatches: [], missingHere: [], missingThere: [] });
    // days without settlements: nothing
    expect((await t.http().get(`/v1/reconciliations?institutionId=${H}&from=2023-01-01&to=2023-01-31`).expect(200)).body).toMatchObject({ claims: 0, cancelled: 0, totalFen: 0 });
    expect(await domainHead(t)).toBe(before);
  });

  it('a hospital reconciles its own institution only (403); an auditor reads the totals but does not compare (403); a bad range → 400', async () => {
    const hospital = await issue(['hospital'], 'his-rec-2', 'H-NC-2');
    const auditor = await issue(['auditor'], 'auditor-rec');
    const today = chinaDate(0);
    expectProblem(await t.as(hospital).get(`/v1/reconciliations?institutionId=H-NC-9&from=${today}&to=${today}`), 403);
    expectProblem(await t.as(hospital).post('/v1/reconciliations').send({ institutionId: 'H-NC-9', from: today, to: today, claims: [] }), 403);
    await t.as(auditor).get(`/v1/reconciliations?institutionId=H-NC-9&from=${today}&to=${today}`).expect(200);
    expectProblem(await t.as(auditor).post('/v1/reconciliations').send({ institutionId: 'H-NC-9', from: today, to: today, claims: [] }), 403);
    expectProblem(await t.http().get('/v1/reconciliations?institutionId=H-NC-2&from=2023-03-02&to=2023-03-01'), 400);
    expectProblem(await t.http().get('/v1/reconciliations?institutionId=H-NC-2&from=2023-01-01&to=2024-06-01'), 400);
    expectProblem(await t.http().get('/v1/reconciliations?from=2023-01-01&to=2023-01-02'), 400);
    expectProblem(await t.http().post('/v1/reconciliations').send({ institutionId: 'H-NC-2', from: today, to: today, claims: [{ claimId: 'x', totalFen: -1, fundFen: 0 }] }), 400);
  });
});
