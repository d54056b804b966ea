/**
 * An agency identity provider's tokens (API.md Access): JWTs verified against a JWKS served on
 * loopback inside the test, or against a PEM public key file; issuer, audience, exp and nbf
 * checked with the clock-skew allowance; an unknown key id makes the service fetch the keys again.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { exportJWK, exportSPKI, generateKeyPair, JWK, SignJWT } from 'jose';
import { signingKey, TokenRegistry } from '@benefit/runtime';
import { TestApp, expectProblem, register, startApp, tempDataDir } from '../support/e2e';

const ISSUER = 'https://idp.agency.example/realms/medical-security';
const AUDIENCE = 'benefit-ledger';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

async function rsaKey(kid: string): Promise<{ pair: KeyPair; jwk: JWK }> {
  const pair = await generateKeyPair('RS256');
  return { pair, jwk: { ...(await exportJWK(pair.publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

function sign(key: KeyPair, kid: string, claims: Record<string, unknown> = {}, opts: { iss?: string; aud?: string; exp?: number | string; nbf?: number; sub?: string | null } = {}) {
  const jwt = new SignJWT({ roles: ['clerk'], ...claims }).setProtectedHeader({ alg: 'RS256', kid }).setIssuer(opts.iss ?? ISSUER).setAudience(opts.aud ?? AUDIENCE).setIssuedAt().setExpirationTime(opts.exp ?? '10m');
  if (opts.sub !== null) jwt.setSubject(opts.sub ?? 'clerk.wang@agency');
  if (opts.nbf !== undefined) jwt.setNotBefore(opts.nbf);
  return jwt.sign(key.privateKey);
}

describe('identity provider tokens against a JWKS on loopback', () => {
  let server: http.Server;
  let keys: JWK[] = [];
  let fetches = 0;
  let t: TestApp;
  let first: { pair: KeyPair; jwk: JWK };
  let personId: string;

  beforeAll(async () => {
    first = await rsaKey('k1');
    keys = [first.jwk];
    server = http.createServer((req, res) => {
      fetches++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/medical-security/certs`;
    t = await startApp({ env: { AUTH_JWKS_URL: jwksUrl, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, AUTH_CLOCK_SKEW_SECONDS: '30' } });
    personId = (await register(t)).personId;
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('a valid token reaches what its roles allow; the subject becomes the actor', async () => {
    const token = await sign(first.pair, 'k1', { roles: ['clerk'] }, { sub: 'clerk.wang@agency' });
    await t.as(token).get(`/v1/persons/${personId}`).expect(200);
    expectProblem(await t.as(token).put('/v1/parameters/nanchong.retired_pension_base').send({ effectiveFrom: '2023-01-01', value: 1, reason: 'x' }), 403);
    const res = await t.as(token).post(`/v1/persons/${personId}/employment-changes`).send({ employment: 'retired', effectiveMonth: '2023-07' }).expect(201);
    expect(res.body.version).toBeGreaterThan(0);
    const events = (await t.http().get(`/v1/persons/${personId}/events`).expect(200)).body as { type: string; metadata: { actor: string; role: string } }[];
    expect(events.find((e) => e.type === 'EmploymentChanged')!.metadata).toMatchObject({ actor: 'clerk.wang@agency', role: 'clerk' });
  });

  it.each([
    ['another issuer', { iss: 'https://other-idp.example' }, /"iss"/],
    ['another audience', { aud: 'some-other-service' }, /"aud"/],
    ['expired beyond the skew', { exp: Math.floor(Date.now() / 1000) - 120 }, /expired/],
    ['not valid before a time beyond the skew', { nbf: Math.floor(Date.now() / 1000) + 600 }, /"nbf"/],
    ['no subject', { sub: null }, /"sub"/],
  ])('a token with %s → 401 naming the claim', async (_what, opts, detail) => {
    const res = await t.as(await sign(first.pair, 'k1', {}, opts as never)).get(`/v1/persons/${personId}`);
    expectProblem(res, 401);
    expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    expect(res.body.detail).toMatch(detail);
  });

  it('within the clock-skew allowance, a just-expired or not-yet-valid token is accepted', async () => {
    const now = Math.floor(Date.now() / 1000);
    await t.as(await sign(first.pair, 'k1', {}, { exp: now - 10 })).get(`/v1/persons/${personId}`).expect(200);
    await t.as(await sign(first.pair, 'k1', {}, { nbf: now + 10 })).get(`/v1/persons/${personId}`).expect(200);
  });

  it('a token signed by a key the provider does not list, an HMAC token and an unsigned token → 401', async () => {
    const stranger = await rsaKey('k1');
    expectProblem(await t.as(await sign(stranger.pair, 'k1')).get(`/v1/persons/${personId}`), 401);
    // algorithm confusion: the provider's public key used as an HMAC secret
    const hmac = await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).setIssuer(ISSUER).setAudience(AUDIENCE).setSubject('mallory').setExpirationTime('10m').sign(new TextEncoder().encode(JSON.stringify(first.jwk)));
    expectProblem(await t.as(hmac).get('/v1/parameters'), 401);
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'k1' })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'mallory', roles: ['admin'], iss: ISSUER, aud: AUDIENCE, exp: 9999999999 })).toString('base64url')}.`;
    expectProblem(await t.as(unsigned).get('/v1/parameters'), 401);
  });

  it('the provider rotates its keys: a token with the new key id makes the service fetch the keys again', async () => {
    const second = await rsaKey('k2');
    keys = [first.jwk, second.jwk];
    const before = fetches;
    // jose refetches on an unknown kid at most once per cooldown (10 s, from the last fetch)
    const deadline = Date.now() + 25_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await t.as(await sign(second.pair, 'k2', { roles: ['auditor'] })).get('/v1/parameters')).status;
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(status).toBe(200);
    expect(fetches).toBeGreaterThan(before);
  }, 40_000);

  it('roles come from the roles claim; a hospital token’s institution from institution_id', async () => {
    const hospital = await sign(first.pair, 'k1', { roles: ['hospital'], institution_id: 'H-NC-2' });
    expectProblem(await t.as(hospital).get(`/v1/persons/${personId}`), 403);
    const unknownRoles = await sign(first.pair, 'k1', { roles: ['superuser', 42] });
    expectProblem(await t.as(unknownRoles).get('/v1/parameters'), 403);
  });
});

describe('identity provider tokens against a PEM public key file', () => {
  it('AUTH_PUBLIC_KEY_FILE verifies the provider’s tokens; the service’s own issued tokens still work beside it', async () => {
    const dir = tempDataDir();
    const key = await generateKeyPair('ES256');
    const pem = path.join(dir, 'idp.pem');
    fs.writeFileSync(pem, await exportSPKI(key.publicKey));
    const t = await startApp({ env: { AUTH_PUBLIC_KEY_FILE: pem, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE } });
    try {
      const token = await new SignJWT({ roles: ['auditor'] }).setProtectedHeader({ alg: 'ES256' }).setIssuer(ISSUER).setAudience(AUDIENCE).setSubject('auditor.li').setExpirationTime('5m').sign(key.privateKey);
      await t.as(token).get('/v1/parameters').expect(200);
      const other = await generateKeyPair('ES256');
      const forged = await new SignJWT({ roles: ['auditor'] }).setProtectedHeader({ alg: 'ES256' }).setIssuer(ISSUER).setAudience(AUDIENCE).setSubject('auditor.li').setExpirationTime('5m').sign(other.privateKey);
      expectProblem(await t.as(forged).get('/v1/parameters'), 401);
      const registry = new TokenRegistry(t.dataDir);
      const issued = await registry.issue(signingKey(t.dataDir), { roles: ['auditor'], subject: 'auditor.zhou', institutionId: null, expiresInSeconds: 600, issuedBy: 'test' });
      registry.close();
      await t.as(issued.token).get('/v1/parameters').expect(200);
      // no admin-token file is made when an identity provider is configured
      expect(fs.existsSync(path.join(t.dataDir, 'admin-token'))).toBe(false);
    } finally {
      await t.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
