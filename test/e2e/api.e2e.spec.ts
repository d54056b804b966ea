/** The HTTP edge (API.md general rules): problem+json errors, 404s, health and the OpenAPI document. */
import { TestApp, claimBody, expectProblem, register, registerBody, startApp } from '../support/e2e';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => {
  await t?.close();
});

describe('errors are application/problem+json (RFC 9457)', () => {
  it('a malformed JSON body → 400 problem+json, nothing recorded', async () => {
    for (const path of ['/v1/persons', '/v1/claims', '/v1/settlements']) {
      const res = await t.http().post(path).set('content-type', 'application/json').send('{"personId": "P-1",');
      expectProblem(res, 400);
    }
    expect((await t.http().get('/v1/events').expect(200)).body).toEqual([]);
  });

  it('a body that is not an object → 400 problem+json', async () => {
    expectProblem(await t.http().post('/v1/persons').set('content-type', 'application/json').send('[1,2]'), 400);
    expectProblem(await t.http().post('/v1/claims').set('content-type', 'application/json').send('"text"'), 400);
  });

  it('an unknown person, claim or route → 404 problem+json', async () => {
    expectProblem(await t.http().get('/v1/persons/NOBODY-1'), 404);
    expectProblem(await t.http().get('/v1/persons/NOBODY-1/counters?year=2023'), 404);
    expectProblem(await t.http().get('/v1/persons/NOBODY-1/events'), 404);
    expectProblem(await t.http().get('/v1/persons/NOBODY-1/personal-account'), 404);
    expectProblem(await t.http().get('/v1/claims/NO-SUCH-CLAIM'), 404);
    expectProblem(await t.http().get('/v1/no-such-route'), 404);
  });

  it('GET /v1/ledgers without month (or with a bad one) → 400 naming month; without region → 400 naming regionCode', async () => {
    expectProblem(await t.http().get('/v1/ledgers?regionCode=nanchong'), 400, 'month');
    expectProblem(await t.http().get('/v1/ledgers?regionCode=nanchong&month=2023-1'), 400, 'month');
    expectProblem(await t.http().get('/v1/ledgers?month=2023-01'), 400, 'regionCode');
    const ok = await t.http().get('/v1/ledgers?regionCode=nanchong&month=2023-01').expect(200);
    expect(ok.body.funds).toHaveLength(11);
    for (const f of ok.body.funds) expect(f).toEqual({ payer: expect.any(String), amountFen: 0, claims: 0 });
  });

  it('GET /v1/events rejects a bad page: negative after, limit 0 → 400 naming each', async () => {
    expectProblem(await t.http().get('/v1/events?after=-1'), 400, 'after');
    expectProblem(await t.http().get('/v1/events?limit=0'), 400, 'limit');
  });

  it('GET counters with a bad year → 400 naming year', async () => {
    const p = await register(t);
    expectProblem(await t.http().get(`/v1/persons/${p.personId}/counters?year=20x3`), 400, 'year');
  });

  it('the Authorization header decides: a made-up bearer token is refused (401) and records nothing; the admin token is accepted', async () => {
    const body = registerBody();
    const refused = await t.as('anything').post('/v1/persons').send(body);
    expect(refused.status).toBe(401);
    expect((await t.http().get(`/v1/persons/${body.personId}`)).status).toBe(404);
    const res = await t.http().post('/v1/persons').send(body);
    expect(res.status).toBe(201);
    const claim = await t.http().post('/v1/claims').send(claimBody(res.body.personId));
    expect(claim.status).toBe(201);
  });

  it('GET /v1/events pages the log oldest first with position, streamId, revision, type, data, recordedAt', async () => {
    const page = (await t.http().get('/v1/events?after=0&limit=2').expect(200)).body;
    expect(page).toHaveLength(2);
    expect(page[0].position).toBeLessThan(page[1].position);
    for (const e of page) expect(e).toEqual(expect.objectContaining({ position: expect.any(Number), streamId: expect.any(String), revision: expect.any(Number), type: expect.any(String), data: expect.anything(), recordedAt: expect.any(String) }));
    const next = (await t.http().get(`/v1/events?after=${page[1].position}&limit=1`).expect(200)).body;
    expect(next[0].position).toBeGreaterThan(page[1].position);
  });
});

describe('operations', () => {
  it('GET /health → 200', async () => {
    const res = await t.http().get('/health');
    expect(res.status).toBe(200);
  });

  it('GET /docs serves the OpenAPI UI and /docs/openapi.json the document, with /v1/claims among its paths', async () => {
    const ui = await t.http().get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
    const doc = await t.http().get('/docs/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.headers['content-type']).toMatch(/json/);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/v1/persons', '/v1/claims', '/v1/claims/{claimId}', '/v1/settlements', '/v1/parameters/{key}', '/v1/ledgers', '/v1/events', '/v1/persons/{personId}/personal-account/payments']),
    );
  });
});
