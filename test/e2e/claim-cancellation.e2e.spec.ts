/**
 * 撤销结算 (退费, API.md "Claim lifecycle"): POST /v1/claims/{claimId}/cancellations gives back
 * every counter, refunds the personal account, reverses the ledger in the right month, answers the
 * same cancellation again with the same view, and keeps the claim id taken.
 */
import { Role } from '@benefit/runtime';
import { account, claimBody, counters, expectProblem, issueToken, item, ledgerOf, PAYER_CODES, register, registerBody, settleMonth, shares, startApp, submit, TestApp } from '../support/e2e';
import { domainHead } from '../support/domain-log';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => {
  await t?.close();
});

const issue = async (roles: Role[], subject: string, institutionId: string | null = null) => (await issueToken(t, roles, subject, { institutionId })).token;

const fundOf = (ledger: Awaited<ReturnType<typeof ledgerOf>>, payer: string) => ledger.funds.find((f) => f.payer === payer)?.amountFen ?? 0;
const cancellation = { reason: '退费: bill corrected', cancelledOn: '2023-04-06' };

describe('POST /v1/claims/{claimId}/cancellations', () => {
  it('art. 7(1) worked example cancelled: shares 0, 18,000 pooling reversed, counters back to 0, the account refunded; GET shows the same', async () => {
    const p = await register(t, registerBody({ openingPersonalAccountFen: 10000 }));
    const body = claimBody(p.personId, { serviceDate: '2023-04-05', items: [item(50000)], usePersonalAccount: true });
    const submitted = await submit(t, body);
    expect(submitted.shares.basic_pooling).toBe(18000);
    expect(submitted.shares.personal_account).toBeGreaterThan(0);
    const ledgerBefore = await ledgerOf(t, 'nanchong', '2023-04');

    const res = await t.http().post(`/v1/claims/${body.claimId}/cancellations`).send(cancellation).expect(201);
    expect(res.body).toEqual(expect.objectContaining({ claimId: body.claimId, status: 'cancelled', shares: shares({}) }));
    expect(res.body.cancellation).toEqual({ ...cancellation, reversedShares: submitted.shares });
    expect((await t.http().get(`/v1/claims/${body.claimId}`).expect(200)).body).toEqual(res.body);

    for (const [key, c] of Object.entries(await counters(t, p.personId))) expect({ key, used: c.usedFen }).toEqual({ key, used: 0 });
    const acct = await account(t, p.personId);
    expect(acct.balanceFen).toBe(10000);
    expect(acct.entries).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'claim_refund', amountFen: submitted.shares.personal_account, reference: body.claimId })]));
    // the month is open: the reversal is in the claim's own month
    const ledgerAfter = await ledgerOf(t, 'nanchong', '2023-04');
    for (const payer of PAYER_CODES) expect({ payer, fen: fundOf(ledgerAfter, payer) }).toEqual({ payer, fen: fundOf(ledgerBefore, payer) - submitted.shares[payer] });
  });

  it('the same cancellation again → 200 with the same view, nothing recorded; another one → 409; submitting the id again → 409', async () => {
    const p = await register(t);
    const body = claimBody(p.personId);
    await submit(t, body);
    const first = await t.http().post(`/v1/claims/${body.claimId}/cancellations`).send(cancellation).expect(201);
    const before = await domainHead(t);
    const again = await t.http().post(`/v1/claims/${body.claimId}/cancellations`).send(cancellation).expect(200);
    expect(again.body).toEqual(first.body);
    expectProblem(await t.http().post(`/v1/claims/${body.claimId}/cancellations`).send({ ...cancellation, reason: 'another' }), 409);
    expectProblem(await t.http().post('/v1/claims').send(body), 409);
    expect(await domainHead(t)).toBe(before);
  });

  it('an unknown claim → 404; a bad body → 400; a date before the service → 422; nothing recorded', async () => {
    const p = await register(t);
    const body = claimBody(p.personId, { serviceDate: '2023-03-05' });
    await submit(t, body);
    const before = await domainHead(t);
    expectProblem(await t.http().post('/v1/claims/C-nobody/cancellations').send(cancellation), 404);
    expectProblem(await t.http().post(`/v1/claims/${body.claimId}/cancellations`).send({ reason: 'x', cancelledOn: '2023-02-30' }), 400);
    expectProblem(await t.http().post(`/v1/claims/${body.claimId}/cancellations`).send({ cancelledOn: '2023-03-06' }), 400);
    expectProblem(await t.http().post(`/v1/claims/${body.claimId}/cancellations`).send({ reason: 'x', cancelledOn: '2023-03-04' }), 422);
    expect(await domainHead(t)).toBe(before);
  });

  it('a hospital cancels its own institution’s claims only: another’s → 403, nothing recorded', async () => {
    const p = await register(t);
    const theirs = claimBody(p.personId, { institutionId: 'H-NC-9' });
    await submit(t, theirs);
    const hospital = await issue(['hospital'], 'his-cancel', 'H-NC-2');
    const before = await domainHead(t);
    expectProblem(await t.as(hospital).post(`/v1/claims/${theirs.claimId}/cancellations`).send(cancellation), 403);
    expect(await domainHead(t)).toBe(before);
    const own = claimBody(p.personId, { institutionId: 'H-NC-2', serviceDate: '2023-03-06' });
    await submit(t, own);
    await t.as(hospital).post(`/v1/claims/${own.claimId}/cancellations`).send(cancellation).expect(201);
  });

  it('after the claim’s month was settled, the reversal is in the next open month', async () => {
    const p = await register(t);
    const body = claimBody(p.personId, { serviceDate: '2023-05-10', items: [item(50000)] });
    const submitted = await submit(t, body);
    await settleMonth(t, 'nanchong', '2023-05');
    const june = await ledgerOf(t, 'nanchong', '2023-06');
    const may = await ledgerOf(t, 'nanchong', '2023-05');
    await t.http().post(`/v1/claims/${body.claimId}/cancellations`).send({ reason: '退费', cancelledOn: '2023-06-02' }).expect(201);
    expect(fundOf(await ledgerOf(t, 'nanchong', '2023-05'), 'basic_pooling')).toBe(fundOf(may, 'basic_pooling'));
    expect(fundOf(await ledgerOf(t, 'nanchong', '2023-06'), 'basic_pooling')).toBe(fundOf(june, 'basic_pooling') - submitted.shares.basic_pooling);
  });

  it('a re-adjudication skips a cancelled claim: it stays cancelled, its counters stay given back', async () => {
    const p = await register(t);
    const body = claimBody(p.personId, { serviceDate: '2023-07-05', items: [item(50000)] });
    await submit(t, body);
    const cancelled = (await t.http().post(`/v1/claims/${body.claimId}/cancellations`).send({ reason: '退费', cancelledOn: '2023-07-06' }).expect(201)).body;
    await t.http().post('/v1/readjudications').send({ regionCode: 'nanchong', fromMonth: '2023-07', toMonth: '2023-07', apply: true }).expect(200);
    expect((await t.http().get(`/v1/claims/${body.claimId}`).expect(200)).body).toEqual(cancelled);
    for (const [key, c] of Object.entries(await counters(t, p.personId))) expect({ key, used: c.usedFen }).toEqual({ key, used: 0 });
  });
});
