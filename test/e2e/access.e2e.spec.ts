/**
 * Who may do what (issue 9, API.md Access): the role × route matrix generated from the app's own
 * route table, the institution fence of hospital tokens, the actor recorded from the verified
 * token, issued tokens and their revocation, and the edges (rate limit, headers, CORS, docs).
 */
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SignJWT } from 'jose';
import { EventStore } from '@benefit/event-store';
import { AccessGuard, grantedRole } from '../../apps/api/src/access/access.guard';
import { ROLES, Role, TokenRegistry, loadConfig, signingKey } from '@benefit/runtime';
import { routeTable } from '../../apps/api/src/access/route-table';
import { EVENT_STORE } from '../../apps/api/src/infrastructure/tokens';
import { CONSOLE_DIR } from '../../apps/api/src/console/console-page.controller';
import { Http, TestApp, claimBody, issueToken, expectProblem, newPersonId, register, registerBody, startApp, submit, tempDataDir } from '../support/e2e';

const HOSPITAL = 'H-NC-2';

/** Issues a token on the app's DATA_DIR, as `npm run cli -- token issue` does. */
const issue = (t: TestApp, roles: Role[], subject: string, opts: { institutionId?: string; expiresInSeconds?: number; now?: Date } = {}) => issueToken(t, roles, subject, opts);

const head = (t: TestApp) => t.app.get<EventStore>(EVENT_STORE).headPosition();

/**
 * A request that succeeds for a caller the route allows: prepared (as admin) afresh for each
 * call, so every allowed role can get its 2xx. A route of the app missing here fails the matrix.
 */
type Sample = (t: TestApp) => Promise<{ url: string; body?: unknown; type?: string }>;

let month = 0;
const SAMPLES: Record<string, Sample> = {
  'GET /health': async () => ({ url: '/health' }),
  // operations (issue 16): liveness is public, readiness with its lag figures and the metrics are the operator's (and auditor's)
  'GET /health/live': async () => ({ url: '/health/live' }),
  'GET /health/ready': async () => ({ url: '/health/ready' }),
  'GET /metrics': async () => ({ url: '/metrics' }),
  'GET /v1/access-log': async () => ({ url: '/v1/access-log' }),
  'POST /v1/claims': async (t) => ({ url: '/v1/claims', body: claimBody((await register(t)).personId, { institutionId: HOSPITAL }) }),
  'POST /v1/claims/preview': async (t) => ({ url: '/v1/claims/preview', body: claimBody((await register(t)).personId, { institutionId: HOSPITAL }) }),
  'POST /v1/claims/:claimId/cancellations': async (t) => ({
    url: `/v1/claims/${(await submit(t, claimBody((await register(t)).personId, { institutionId: HOSPITAL }))).claimId}/cancellations`,
    body: { reason: '退费', cancelledOn: '2023-03-06' },
  }),
  'GET /v1/claims/:claimId': async (t) => ({ url: `/v1/claims/${(await submit(t, claimBody((await register(t)).personId, { institutionId: HOSPITAL }))).claimId}` }),
  'GET /v1/events': async () => ({ url: '/v1/events?limit=5' }),
  'GET /v1/ledgers': async () => ({ url: '/v1/ledgers?regionCode=nanchong&month=2023-03' }),
  'GET /v1/reconciliations': async () => ({ url: `/v1/reconciliations?institutionId=${HOSPITAL}&from=2023-03-01&to=2023-03-31` }),
  'POST /v1/reconciliations': async () => ({ url: '/v1/reconciliations', body: { institutionId: HOSPITAL, from: '2023-03-01', to: '2023-03-31', claims: [] } }),
  'GET /v1/parameters': async () => ({ url: '/v1/parameters' }),
  'GET /v1/parameters/:key': async () => ({ url: '/v1/parameters/nanchong.retired_pension_base' }),
  'PUT /v1/catalog/:code': async () => ({ url: '/v1/catalog/ACCESS-1', body: { name: 'access matrix', catalogClass: 'A', effectiveFrom: '2023-01-01' } }),
  'POST /v1/catalog/imports': async () => ({ url: '/v1/catalog/imports', type: 'text/csv', body: 'code,name,catalogClass,drugClass,effectiveFrom\nACCESS-2,access matrix,B,,2023-01-01\n' }),
  'GET /v1/catalog/:code': async (t) => {
    await t.http().put('/v1/catalog/ACCESS-3').send({ name: 'access matrix', catalogClass: 'A', effectiveFrom: '2023-01-01' }).expect(201);
    return { url: '/v1/catalog/ACCESS-3?on=2023-03-01' };
  },
  'PUT /v1/institutions/:institutionId': async () => ({ url: '/v1/institutions/ACCESS-H1', body: { name: 'access matrix', level: 'tier2', designated: true, countyCode: '511302' } }),
  'GET /v1/institutions/:institutionId': async (t) => {
    await t.http().put('/v1/institutions/ACCESS-H2').send({ name: 'access matrix', level: 'tier2', designated: true, countyCode: '511302' }).expect(201);
    return { url: '/v1/institutions/ACCESS-H2' };
  },
  'POST /hisp/:infno': async (t) => {
    await t.http().put(`/v1/institutions/${HOSPITAL}`).send({ name: 'access matrix', level: 'tier2', designated: true, countyCode: '511302' }).expect(201);
    return { url: '/hisp/1101', body: { infno: '1101', msgid: 'access-1', fixmedins_code: HOSPITAL, input: { data: { psn_no: (await register(t)).personId } } } };
  },
  'PUT /v1/parameters/:key': async () => ({ url: '/v1/parameters/nanchong.retired_pension_base', body: { effectiveFrom: '2023-01-01', value: 260000, reason: 'access matrix' } }),
  'POST /v1/persons': async () => ({ url: '/v1/persons', body: registerBody() }),
  'GET /v1/persons/:personId': async (t) => ({ url: `/v1/persons/${(await register(t)).personId}` }),
  'POST /v1/persons/:personId/contribution-base-changes': async (t) => ({ url: `/v1/persons/${(await register(t)).personId}/contribution-base-changes`, body: { monthlyContributionBaseFen: 700000, effectiveMonth: '2023-07' } }),
  'GET /v1/persons/:personId/counters': async (t) => ({ url: `/v1/persons/${(await register(t)).personId}/counters?year=2023` }),
  'POST /v1/persons/:personId/employment-changes': async (t) => ({ url: `/v1/persons/${(await register(t)).personId}/employment-changes`, body: { employment: 'retired', effectiveMonth: '2023-07' } }),
  'POST /v1/persons/:personId/out-of-area-filings': async (t) => ({ url: `/v1/persons/${(await register(t)).personId}/out-of-area-filings`, body: { kind: 'posted_elsewhere', validFrom: '2023-01-01', validTo: null } }),
  'POST /v1/persons/:personId/erasures': async (t) => ({ url: `/v1/persons/${(await register(t)).personId}/erasures`, body: { reason: 'access matrix' } }),
  'GET /v1/persons/:personId/events': async (t) => ({ url: `/v1/persons/${(await register(t)).personId}/events` }),
  'GET /v1/persons/:personId/personal-account': async (t) => ({ url: `/v1/persons/${(await register(t)).personId}/personal-account` }),
  'POST /v1/persons/:personId/personal-account/payments': async (t) => {
    const p = await register(t, registerBody({ openingPersonalAccountFen: 10000 }));
    return { url: `/v1/persons/${p.personId}/personal-account/payments`, body: { beneficiaryPersonId: p.personId, purpose: 'pharmacy', amountFen: 100, reference: `ref-${newPersonId()}` } };
  },
  'POST /v1/persons/:personId/relief-statuses': async (t) => ({
    url: `/v1/persons/${(await register(t)).personId}/relief-statuses`,
    body: { status: 'minimum_living', validFrom: '2023-01-01', source: 'civil_affairs' },
  }),
  'POST /v1/persons/:personId/relief-statuses/:status/revocations': async (t) => {
    const { personId } = await register(t);
    await t.http().post(`/v1/persons/${personId}/relief-statuses`).send({ status: 'minimum_living', validFrom: '2023-01-01', source: 'civil_affairs' }).expect(201);
    return { url: `/v1/persons/${personId}/relief-statuses/minimum_living/revocations`, body: { effectiveDate: '2023-06-30' } };
  },
  'GET /v1/persons/:personId/warnings': async (t) => ({ url: `/v1/persons/${(await register(t)).personId}/warnings` }),
  'GET /v1/poverty-insurance/loss-ratio': async () => ({ url: '/v1/poverty-insurance/loss-ratio?year=2023' }),
  'POST /v1/readjudications': async () => ({ url: '/v1/readjudications', body: { regionCode: 'nanchong', fromMonth: '2023-01', toMonth: '2023-02', apply: false } }),
  // a re-settlement job (issue 13.5), started by the admin with Prefer: respond-async; the same roles read it
  'GET /v1/readjudication-jobs/:jobId': async (t) => ({ url: (await t.http().post('/v1/readjudications').set('prefer', 'respond-async').send({ regionCode: 'nanchong', fromMonth: '2023-01', toMonth: '2023-02' }).expect(202)).headers.location }),
  'GET /v1/readjudication-jobs/:jobId/changes': async (t) => ({ url: `${(await t.http().post('/v1/readjudications').set('prefer', 'respond-async').send({ regionCode: 'nanchong', fromMonth: '2023-01', toMonth: '2023-02' }).expect(202)).headers.location}/changes` }),
  // a month no other request settles: each allowed caller settles its own
  'POST /v1/settlements': async () => ({ url: '/v1/settlements', body: { regionCode: 'yancheng', month: `20${10 + Math.floor(month / 12)}-${String((month++ % 12) + 1).padStart(2, '0')}` } }),
  'GET /v1/settlements/:regionCode/:month': async (t) => {
    await t.http().post('/v1/settlements').send({ regionCode: 'shanting', month: '2023-01' });
    return { url: '/v1/settlements/shanting/2023-01' };
  },
  'POST /v1/simulations': async () => ({ url: '/v1/simulations', body: { regionCode: 'nanchong', fromMonth: '2023-01', toMonth: '2023-02', parameterOverrides: {} } }),
  // the auditor's console (issue 15): its page and bundle are public (no data), its reads are the auditor's
  'GET /console': async () => ({ url: '/console' }),
  'GET /console/assets/:file': async () => ({ url: `/console/assets/${fs.readdirSync(path.join(CONSOLE_DIR, 'assets'))[0]}` }),
  'GET /v1/console/persons/:personId/history': async (t) => ({ url: `/v1/console/persons/${(await register(t)).personId}/history` }),
  'GET /v1/console/claims/:claimId/history': async (t) => ({ url: `/v1/console/claims/${(await submit(t, claimBody((await register(t)).personId))).claimId}/history` }),
  'GET /v1/console/readjudications': async () => ({ url: '/v1/console/readjudications?regionCode=nanchong' }),
};

async function send(http: Http, method: string, sample: { url: string; body?: unknown; type?: string }) {
  const verb = method.toLowerCase() as 'get' | 'post' | 'put';
  const req = sample.type ? http[verb](sample.url).set('content-type', sample.type) : http[verb](sample.url);
  return sample.body === undefined ? req : req.send(sample.body as object);
}

describe('access: every route, every caller (generated from the app’s route table)', () => {
  let t: TestApp;
  let tokens: Record<Role, string>;
  let refused: Record<string, string | null>;

  beforeAll(async () => {
    t = await startApp();
    tokens = {
      clerk: (await issue(t, ['clerk'], 'clerk-wang')).token,
      hospital: (await issue(t, ['hospital'], 'his-h-nc-2', { institutionId: HOSPITAL })).token,
      auditor: (await issue(t, ['auditor'], 'auditor-li')).token,
      operator: (await issue(t, ['operator'], 'prometheus')).token,
      admin: (await issue(t, ['admin'], 'admin-zhao')).token,
    };
    const otherKey = generateKeyPairSync('ed25519').privateKey;
    const own = signingKey(t.dataDir);
    refused = {
      'no token': null,
      'a wrong token': 'not-a-token-at-all',
      'an expired token': (await issue(t, ['admin'], 'admin-old', { expiresInSeconds: 60, now: new Date(Date.now() - 3600_000) })).token,
      // the service's own key id and claims, signed by a key it does not hold
      'a token signed by another key': await new SignJWT({ roles: ['admin'] })
        .setProtectedHeader({ alg: 'EdDSA', kid: own.kid })
        .setIssuer('benefit-ledger')
        .setAudience('benefit-ledger')
        .setSubject('mallory')
        .setJti('forged')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(otherKey),
    };
  });
  afterAll(() => t.close());

  it('every route declares a policy, and the matrix below has a request for each', () => {
    const routes = routeTable(t.app);
    expect(routes.length).toBeGreaterThanOrEqual(25);
    for (const r of routes) {
      expect({ route: `${r.method} ${r.path}`, policy: r.policy ?? 'none' }).toEqual({ route: `${r.method} ${r.path}`, policy: expect.objectContaining({ kind: expect.any(String) }) });
      expect(Object.keys(SAMPLES)).toContain(`${r.method} ${r.path}`);
    }
    expect(routes.filter((r) => r.policy?.kind === 'public').map((r) => r.path)).toEqual(['/console', '/console/assets/:file', '/health', '/health/live']);
  });

  it('no token, a wrong, expired or forged token → 401 problem+json with WWW-Authenticate on every route but /health, and nothing is recorded', async () => {
    const before = await head(t);
    for (const r of routeTable(t.app)) {
      const sample = await SAMPLES[`${r.method} ${r.path}`](t);
      const prepared = await head(t);
      for (const [who, token] of Object.entries(refused)) {
        const res = await send(t.as(token), r.method, sample);
        if (r.policy?.kind === 'public') {
          expect({ route: r.path, who, status: res.status }).toEqual({ route: r.path, who, status: 200 });
          continue;
        }
        expect({ route: `${r.method} ${r.path}`, who, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, who, status: 401 });
        expectProblem(res, 401);
        expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      }
      expect({ route: `${r.method} ${r.path}`, recorded: (await head(t)) - prepared }).toEqual({ route: `${r.method} ${r.path}`, recorded: 0 });
    }
    expect(await head(t)).toBeGreaterThanOrEqual(before);
  });

  it.each(ROLES)('a %s token: 2xx where API.md allows its role, 403 problem+json elsewhere with nothing recorded', async (role) => {
    for (const r of routeTable(t.app)) {
      if (r.policy?.kind !== 'roles') continue;
      const sample = await SAMPLES[`${r.method} ${r.path}`](t);
      const before = await head(t);
      const res = await send(t.as(tokens[role]), r.method, sample);
      const allowed = r.policy.roles.includes(role);
      expect({ route: `${r.method} ${r.path}`, role, ok: res.status >= 200 && res.status < 300 }).toEqual({ route: `${r.method} ${r.path}`, role, ok: allowed });
      if (!allowed) {
        expectProblem(res, 403);
        expect((await head(t)) - before).toBe(0);
      }
    }
  });

  it('the table of API.md: clerk writes persons and claims, hospital claims, auditor only reads, admin everything', () => {
    const may = (role: Role) => routeTable(t.app).filter((r) => r.policy?.kind === 'roles' && r.policy.roles.includes(role)).map((r) => `${r.method} ${r.path}`);
    // the catalogue is public policy data, not personal data: every role reads it, only the admin writes it
    expect(may('hospital')).toEqual(['POST /hisp/:infno', 'GET /v1/catalog/:code', 'POST /v1/claims', 'GET /v1/claims/:claimId', 'POST /v1/claims/:claimId/cancellations', 'POST /v1/claims/preview', 'GET /v1/institutions/:institutionId', 'GET /v1/reconciliations', 'POST /v1/reconciliations']);
    expect(may('auditor').filter((r) => !r.startsWith('GET '))).toEqual(['POST /v1/readjudications', 'POST /v1/simulations']); // dry runs only, below
    expect(may('clerk')).toEqual(expect.arrayContaining(['POST /v1/persons', 'POST /v1/claims', 'POST /v1/persons/:personId/personal-account/payments', 'GET /v1/persons/:personId/counters']));
    expect(may('clerk')).not.toContain('PUT /v1/parameters/:key');
    for (const role of ['clerk', 'hospital', 'auditor'] as const) {
      expect(may(role)).toContain('GET /v1/catalog/:code');
      expect(may(role)).not.toEqual(expect.arrayContaining(['PUT /v1/catalog/:code']));
      expect(may(role)).not.toContain('POST /v1/catalog/imports');
    }
    expect(may('admin').length).toBe(routeTable(t.app).filter((r) => r.policy?.kind === 'roles').length);
  });

  it('an auditor dry-runs a re-adjudication but may not apply it (403, nothing recorded); the admin may', async () => {
    const body = { regionCode: 'nanchong', fromMonth: '2023-01', toMonth: '2023-02' };
    await t.as(tokens.auditor).post('/v1/readjudications').send({ ...body, apply: false }).expect(200);
    const before = await head(t);
    expectProblem(await t.as(tokens.auditor).post('/v1/readjudications').send({ ...body, apply: true }), 403);
    expect((await head(t)) - before).toBe(0);
    await t.as(tokens.admin).post('/v1/readjudications').send({ ...body, apply: true }).expect(200);
  });
});

describe('access: hospital tokens reach their own institution only', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t.close());

  it('a claim for another institution → 403, nothing recorded; another institution’s claim reads as unknown (404), its own reads', async () => {
    const h2 = (await issue(t, ['hospital'], 'his-h-nc-2', { institutionId: HOSPITAL })).token;
    const { personId } = await register(t);
    const before = await head(t);
    const res = await t.as(h2).post('/v1/claims').send(claimBody(personId, { institutionId: 'H-NC-9' }));
    expectProblem(res, 403);
    expect((await head(t)) - before).toBe(0);

    const theirs = await submit(t, claimBody(personId, { institutionId: 'H-NC-9' }));
    const missing = await t.as(h2).get(`/v1/claims/${theirs.claimId}`);
    const unknown = await t.as(h2).get('/v1/claims/NO-SUCH-CLAIM');
    expect(missing.status).toBe(404);
    expect(missing.body.title).toBe(unknown.body.title);

    const own = await t.as(h2).post('/v1/claims').send(claimBody(personId, { institutionId: HOSPITAL })).expect(201);
    expect((await t.as(h2).get(`/v1/claims/${own.body.claimId}`).expect(200)).body.institutionId).toBe(HOSPITAL);
  });

  it('a hospital token issued without an institution is refused by the CLI’s checks', async () => {
    await expect(issue(t, ['hospital'], 'his-nowhere')).rejects.toThrow(/--institution is required/);
  });
});

describe('access: the actor is the verified subject', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t.close());

  it('events carry the token’s subject, the role used and the token id; X-Actor changes nothing', async () => {
    const clerk = await issue(t, ['clerk', 'auditor'], 'clerk-wang');
    const body = registerBody();
    await t.as(clerk.token).post('/v1/persons').set('X-Actor', 'somebody-else').send(body).expect(201);
    const events = await t.app.get<EventStore>(EVENT_STORE).readStream(`person-${body.personId}`);
    expect(events[0].metadata).toMatchObject({ actor: 'clerk-wang', role: 'clerk', tokenId: clerk.jti });

    await t.http().put('/v1/parameters/nanchong.retired_pension_base').set('X-Actor', 'mallory').send({ effectiveFrom: '2023-01-01', value: 250000, reason: 'actor test' }).expect(201);
    const [recorded] = (await t.app.get<EventStore>(EVENT_STORE).readAll({ after: 0, maxCount: 10_000 })).filter((e) => e.type === 'ParameterRecorded').slice(-1);
    expect(recorded.metadata).toMatchObject({ actor: 'admin', role: 'admin', tokenId: expect.stringMatching(/^admin-token:[0-9a-f]{12}$/) });
  });

  it('a revoked token is refused from the next request on (401), without a restart', async () => {
    const clerk = await issue(t, ['clerk'], 'clerk-sun');
    const { personId } = await register(t);
    await t.as(clerk.token).get(`/v1/persons/${personId}`).expect(200);
    const registry = new TokenRegistry(t.dataDir);
    expect(registry.revoke(clerk.jti, 'test', 'left the agency')).toBe(true);
    expect(registry.revoke(clerk.jti, 'test', null)).toBe(false);
    registry.close();
    const res = await t.as(clerk.token).get(`/v1/persons/${personId}`);
    expectProblem(res, 401);
    expect(res.body.detail).toMatch(/revoked/);
  });

  it('a token with no role of this service authenticates but may do nothing (403)', async () => {
    const key = signingKey(t.dataDir);
    const noRole = await new SignJWT({ roles: ['superuser'] }).setProtectedHeader({ alg: 'EdDSA', kid: key.kid }).setIssuer('benefit-ledger').setAudience('benefit-ledger').setSubject('x').setJti('no-role').setIssuedAt().setExpirationTime('1h').sign(key.privateKey);
    expectProblem(await t.as(noRole).get('/v1/parameters'), 403);
  });
});

describe('access: the guard refuses a route that declares no policy', () => {
  it('no policy → 403 for every caller, admin included', async () => {
    const guard = new AccessGuard({ getAllAndOverride: () => undefined } as never, { verify: async () => ({ subject: 'admin', roles: ['admin'] }) } as never);
    const ctx = { getHandler: () => () => undefined, getClass: () => class {}, switchToHttp: () => ({ getRequest: () => ({ headers: {} }) }) };
    await expect(guard.canActivate(ctx as never)).rejects.toThrow(/declares no access policy/);
  });

  it('the role granted is the route’s first that the token holds; a hospital role without an institution grants nothing', () => {
    const c = (roles: Role[], institutionId: string | null = null) => ({ subject: 's', roles, institutionId, tokenId: 't', source: 'issued' as const });
    expect(grantedRole(['clerk', 'auditor', 'admin'], c(['admin', 'clerk']))).toBe('clerk');
    expect(grantedRole(['clerk', 'hospital', 'admin'], c(['hospital']))).toBeUndefined();
    expect(grantedRole(['clerk', 'hospital', 'admin'], c(['hospital'], 'H1'))).toBe('hospital');
    expect(grantedRole(['admin'], c(['auditor']))).toBeUndefined();
  });
});

describe('access: the admin token made at first start', () => {
  it('with nothing configured, DATA_DIR/admin-token (0600) holds a token that works, and the next start keeps it', async () => {
    const dataDir = tempDataDir();
    const env = { ADMIN_TOKEN: '' };
    let t = await startApp({ dataDir, env });
    const file = path.join(dataDir, 'admin-token');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const token = fs.readFileSync(file, 'utf8').trim();
    await t.as(token).get('/v1/parameters').expect(200);
    await t.close();
    t = await startApp({ dataDir, env });
    await t.as(token).get('/v1/parameters').expect(200);
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(token);
    expect(fs.statSync(path.join(dataDir, 'token-signing.key')).mode & 0o777).toBe(0o600);
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('configuration errors stop the boot with a message naming the setting', () => {
    const dir = tempDataDir();
    expect(() => loadConfig({ DATA_DIR: dir, ADMIN_TOKEN: 'short' })).toThrow(/ADMIN_TOKEN must be at least 24 characters/);
    expect(() => loadConfig({ DATA_DIR: dir, AUTH_JWKS_URL: 'http://idp.example.gov.cn/jwks', AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a' })).toThrow(/AUTH_JWKS_URL must be https/);
    expect(() => loadConfig({ DATA_DIR: dir, AUTH_JWKS_URL: 'https://idp.example.gov.cn/jwks' })).toThrow(/AUTH_ISSUER is required[\s\S]*AUTH_AUDIENCE is required/);
    expect(() => loadConfig({ DATA_DIR: dir, AUTH_PUBLIC_KEY_FILE: path.join(dir, 'missing.pem'), AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a' })).toThrow(/AUTH_PUBLIC_KEY_FILE must be a readable PEM public key/);
    expect(() => loadConfig({ DATA_DIR: dir, AUTH_ISSUER: 'i' })).toThrow(/need AUTH_JWKS_URL or AUTH_PUBLIC_KEY_FILE/);
    expect(() => loadConfig({ DATA_DIR: dir, RATE_LIMIT_PER_MINUTE: '-1' })).toThrow(/RATE_LIMIT_PER_MINUTE/);
    expect(() => loadConfig({ DATA_DIR: dir, CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('access: the edges in front of the routes', () => {
  it('each token has its own request budget: past it 429 problem+json with Retry-After; /health is never limited', async () => {
    const t = await startApp({ env: { RATE_LIMIT_PER_MINUTE: '5' } });
    try {
      const clerk = (await issue(t, ['clerk'], 'clerk-fast')).token;
      // the first request verifies the token (counted on the address), the next five on the token's own budget
      for (let i = 0; i < 6; i++) await t.as(clerk).get('/v1/persons/P-none').expect(404);
      const res = await t.as(clerk).get('/v1/persons/P-none');
      expectProblem(res, 429);
      expect(res.headers['retry-after']).toBeDefined();
      await t.http().get('/v1/parameters').expect(200); // another token: its own budget
      for (let i = 0; i < 8; i++) await t.as(null).get('/health').expect(200);
      // made-up tokens count on the sender's address: a new one each time does not escape the limit
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await t.as(`made-up-${i}`).get('/v1/parameters')).status);
      expect(statuses).toEqual([401, 401, 401, 401, 429, 429]); // the address's budget held the clerk's first request too
    } finally {
      await t.close();
    }
  });

  it('security headers on every answer; no CORS unless CORS_ORIGINS names the origin', async () => {
    let t = await startApp();
    try {
      const res = await t.http().get('/v1/parameters').set('Origin', 'https://evil.example').expect(200);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
      expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(res.headers['content-security-policy']).not.toMatch(/upgrade-insecure-requests/); // plain HTTP on localhost keeps working
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await t.close();
    }
    t = await startApp({ env: { CORS_ORIGINS: 'https://console.agency.example' } });
    try {
      const ok = await t.as(null).options('/v1/parameters').set('Origin', 'https://console.agency.example').set('Access-Control-Request-Method', 'GET');
      expect(ok.headers['access-control-allow-origin']).toBe('https://console.agency.example');
      const other = await t.as(null).options('/v1/parameters').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'GET');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await t.close();
    }
  });

  it('the OpenAPI page is public by default, behind a token with DOCS_PUBLIC=false', async () => {
    let t = await startApp();
    try {
      await t.as(null).get('/docs/openapi.json').expect(200);
    } finally {
      await t.close();
    }
    t = await startApp({ env: { DOCS_PUBLIC: 'false' } });
    try {
      const res = await t.as(null).get('/docs/openapi.json');
      expectProblem(res, 401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect((await t.as(null).get('/docs')).status).toBe(401);
      await t.http().get('/docs/openapi.json').expect(200);
    } finally {
      await t.close();
    }
  });
});
