/**
 * 异地备案 over HTTP (API.md, DOMAIN.md §1, 南府办发〔2022〕33号 art. 26): a clerk records a filing with
 * its validity dates, the person view shows it, and pooling outside the region follows it.
 */
import { DOC_NANCHONG, TestApp, claimBody, counters, expectProblem, register, registerBody, startApp, submit } from '../support/e2e';
import { domainHead } from '../support/domain-log';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => {
  await t?.close();
});

const file = (personId: string, body: object) => t.http().post(`/v1/persons/${personId}/out-of-area-filings`).send(body);

describe('POST /v1/persons/{personId}/out-of-area-filings', () => {
  it('answers 201 { personId, version } and the person view lists the filing', async () => {
    const p = await register(t);
    const res = await file(p.personId, { kind: 'retiree_resettled', validFrom: '2023-01-01', validTo: null });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ personId: p.personId, version: expect.any(Number) });
    const view = (await t.http().get(`/v1/persons/${p.personId}`).expect(200)).body;
    expect(view.outOfAreaFilings).toEqual([{ kind: 'retiree_resettled', validFrom: '2023-01-01', validTo: null }]);
  });

  it('a person without filings shows an empty list', async () => {
    const p = await register(t);
    expect((await t.http().get(`/v1/persons/${p.personId}`).expect(200)).body.outOfAreaFilings).toEqual([]);
  });

  it('the same filing again records nothing', async () => {
    const p = await register(t);
    await file(p.personId, { kind: 'posted_elsewhere', validFrom: '2023-02-01', validTo: '2023-12-31' }).expect(201);
    const head = await domainHead(t);
    await file(p.personId, { kind: 'posted_elsewhere', validFrom: '2023-02-01', validTo: '2023-12-31' }).expect(201);
    expect(await domainHead(t)).toBe(head);
  });

  it.each([
    [{ kind: 'holiday', validFrom: '2023-01-01' }, 'kind'],
    [{ kind: 'posted_elsewhere', validFrom: '2023-02-30' }, 'validFrom'],
    [{ kind: 'posted_elsewhere', validFrom: '2023-06-01', validTo: '2023-05-31' }, 'validTo'],
  ])('%j is refused with 400 naming %s, and nothing is recorded', async (body, field) => {
    const p = await register(t);
    const head = await domainHead(t);
    expectProblem(await file(p.personId, body), 400, field);
    expect(await domainHead(t)).toBe(head);
  });

  it('an unknown person: 404', async () => {
    expectProblem(await file('NO-SUCH-PERSON', { kind: 'posted_elsewhere', validFrom: '2023-01-01' }), 404);
  });

  it('a resident-scheme person: 422 (the document covers employees, art. 3)', async () => {
    const p = await register(t, registerBody({ scheme: 'resident', employment: null, monthlyContributionBaseFen: null }));
    expectProblem(await file(p.personId, { kind: 'posted_elsewhere', validFrom: '2023-01-01' }), 422);
  });
});

describe('art. 26: pooling outside the region pays only filed or referred persons', () => {
  const outside = (personId: string, over: object = {}) => claimBody(personId, { location: 'out_of_province', serviceDate: '2023-03-05', ...over });

  it('unfiled: 500 yuan out of province, nothing from pooling, the counters do not move', async () => {
    const p = await register(t);
    const view = await submit(t, outside(p.personId));
    expect(view.shares.basic_pooling).toBe(0);
    expect(view.shares.self_pay).toBe(50000);
    expect(view.explanation).toContainEqual(expect.objectContaining({ payer: 'basic_pooling', amountFen: 0, citation: `${DOC_NANCHONG} art. 26` }));
    const c = await counters(t, p.personId);
    expect(c.outpatient_pooling_deductible.usedFen).toBe(0);
    expect(c.outpatient_pooling_paid.usedFen).toBe(0);
  });

  it('filed and valid on the service date: (500 − 200) × 60% = 180 yuan', async () => {
    const p = await register(t);
    await file(p.personId, { kind: 'posted_elsewhere', validFrom: '2023-03-01', validTo: '2023-03-31' }).expect(201);
    expect((await submit(t, outside(p.personId))).shares.basic_pooling).toBe(18000);
    // the filing ended on 31 March: an April visit outside the province gets nothing
    expect((await submit(t, outside(p.personId, { serviceDate: '2023-04-03' }))).shares.basic_pooling).toBe(0);
  });

  it('referred or an emergency, unfiled: 180 yuan', async () => {
    const p = await register(t);
    expect((await submit(t, outside(p.personId, { referral: true }))).shares.basic_pooling).toBe(18000);
    const q = await register(t);
    expect((await submit(t, outside(q.personId, { visitType: 'emergency' }))).shares.basic_pooling).toBe(18000);
  });
});
