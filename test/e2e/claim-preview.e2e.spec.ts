/**
 * Pre-settlement (预结算, API.md "Claim lifecycle"): POST /v1/claims/preview answers the shares
 * SubmitClaim would give now — status `preview` — and records nothing: no adjudication, no
 * claim-id reservation, no counter or account movement.
 */
import { Role } from '@benefit/runtime';
import { account, claimBody, counters, expectProblem, issueToken, item, register, registerBody, shares, startApp, submit, TestApp } from '../support/e2e';
import { domainHead } from '../support/domain-log';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => {
  await t?.close();
});

const issue = async (roles: Role[], subject: string, institutionId: string | null = null) => (await issueToken(t, roles, subject, { institutionId })).token;

describe('POST /v1/claims/preview: what submitting now would give, recording nothing', () => {
  it('art. 7(1) worked example: 500 yuan at tier 2 → pooling 180 yuan; the same shares and explanation as the submission that follows', async () => {
    const p = await register(t, registerBody({ openingPersonalAccountFen: 10000 }));
    const body = claimBody(p.personId, { items: [item(30000), item(20000, 'B')], usePersonalAccount: true });
    const before = await domainHead(t);
    const countersBefore = await counters(t, p.personId);

    const res = await t.http().post('/v1/claims/preview').send(body).expect(200);
    expect(res.body).toEqual(expect.objectContaining({ claimId: body.claimId, personId: p.personId, status: 'preview', totalFen: 50000 }));
    expect(res.body.shares.basic_pooling).toBe(18000);
    expect(res.body.position).toBeUndefined();
    expect(res.body.recordedAt).toBeUndefined();

    // nothing recorded: no event, no counter moved, no account entry, the claim id still free
    expect(await domainHead(t)).toBe(before);
    expect(await counters(t, p.personId)).toEqual(countersBefore);
    expect((await account(t, p.personId)).balanceFen).toBe(10000);
    await t.http().get(`/v1/claims/${body.claimId}`).expect(404);

    const submitted = await submit(t, body);
    const { status: _s, position: _p, recordedAt: _r, ...settled } = submitted as typeof submitted & { position: number; recordedAt: string };
    const { status: _ps, ...previewed } = res.body;
    expect(previewed).toEqual(settled);
    expect(submitted.shares).toEqual(res.body.shares);
  });

  it('reads the counters as recorded: after a first claim used the deductible, the preview pays 60% from the first fen', async () => {
    const p = await register(t);
    await submit(t, claimBody(p.personId, { serviceDate: '2023-02-01', items: [item(50000)] }));
    const res = await t.http().post('/v1/claims/preview').send(claimBody(p.personId, { serviceDate: '2023-06-01', items: [item(10000)] })).expect(200);
    expect(res.body.shares).toEqual(shares({ basic_pooling: 6000, self_pay: 4000 }));
  });

  it('a claim id already recorded → 409 (submitting it would not settle again); an unknown person → 404; a bad body → 400; nothing recorded', async () => {
    const p = await register(t);
    const recorded = claimBody(p.personId);
    await submit(t, recorded);
    const other = await register(t);
    const before = await domainHead(t);
    expectProblem(await t.http().post('/v1/claims/preview').send(recorded), 409);
    // the same id for another person: the key is held, submitting would be refused too
    expectProblem(await t.http().post('/v1/claims/preview').send({ ...recorded, personId: other.personId }), 409);
    expectProblem(await t.http().post('/v1/claims/preview').send(claimBody('P-nobody')), 404);
    expectProblem(await t.http().post('/v1/claims/preview').send({ ...claimBody(p.personId), items: 'x' }), 400);
    expect(await domainHead(t)).toBe(before);
  });

  it('a hospital pre-settles for its own institution only (403 for another, nothing recorded); an auditor may not (403)', async () => {
    const p = await register(t);
    const hospital = await issue(['hospital'], 'his-preview', 'H-NC-2');
    const before = await domainHead(t);
    expectProblem(await t.as(hospital).post('/v1/claims/preview').send(claimBody(p.personId, { institutionId: 'H-NC-9' })), 403);
    expectProblem(await t.as(await issue(['auditor'], 'auditor-preview')).post('/v1/claims/preview').send(claimBody(p.personId)), 403);
    expect(await domainHead(t)).toBe(before);
    const own = await t.as(hospital).post('/v1/claims/preview').send(claimBody(p.personId, { institutionId: 'H-NC-2' })).expect(200);
    expect(own.body.status).toBe('preview');
  });
});
