/**
 * `npm run cli -- token …` as an operator runs it (the built CLI as a child process) beside a
 * running api on the same DATA_DIR: the token it prints is accepted at once, a revocation holds
 * from the next request, and `audit person` names who recorded each event.
 */
import { cli } from '../support/cli-process';
import { TestApp, expectProblem, registerBody, startApp } from '../support/e2e';

describe('cli token issue / revoke / list beside a running api', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t.close());

  it('an issued clerk token works at once; its subject is the actor audit shows; revoked, it is refused', async () => {
    const issued = await cli(t.dataDir, 'token', 'issue', '--role', 'clerk', '--subject', 'clerk-wang', '--expires', '2h');
    expect(issued.code).toBe(0);
    const token = issued.stdout.trim();
    expect(token.split('.')).toHaveLength(3);
    const jti = /token ([0-9a-f-]{36}) for clerk-wang \(clerk\)/.exec(issued.stderr)![1];

    const body = registerBody();
    await t.as(token).post('/v1/persons').send(body).expect(201);
    expectProblem(await t.as(token).get('/v1/parameters'), 403);

    const audit = await cli(t.dataDir, 'audit', 'person', body.personId);
    expect(audit.code).toBe(0);
    expect(audit.stdout).toContain(`by clerk-wang (as clerk, token ${jti})`);

    const list = await cli(t.dataDir, 'token', 'list');
    expect(list.stdout).toMatch(new RegExp(`${jti}  clerk-wang  clerk  until .* by cli:`));

    const revoked = await cli(t.dataDir, 'token', 'revoke', jti, '--reason', 'left the agency');
    expect(revoked.code).toBe(0);
    expectProblem(await t.as(token).get(`/v1/persons/${body.personId}`), 401);
    expect((await cli(t.dataDir, 'token', 'list')).stdout).toMatch(new RegExp(`${jti} .* REVOKED`));
    expect((await cli(t.dataDir, 'token', 'revoke', jti)).stdout).toMatch(/already revoked/);
  });

  it('a hospital token names its institution; wrong requests exit 2 naming the option', async () => {
    const hospital = await cli(t.dataDir, 'token', 'issue', '--role', 'hospital', '--subject', 'his-h1', '--institution', 'H1', '--json');
    expect(hospital.code).toBe(0);
    expect(JSON.parse(hospital.stdout)).toMatchObject({ token: expect.any(String), jti: expect.any(String), expiresAt: expect.any(String) });

    const noInstitution = await cli(t.dataDir, 'token', 'issue', '--role', 'hospital', '--subject', 'his-h1');
    expect(noInstitution.code).toBe(2);
    expect(noInstitution.stderr).toMatch(/--institution is required with --role hospital/);
    const badRole = await cli(t.dataDir, 'token', 'issue', '--role', 'root', '--subject', 'x');
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/--role root is not a role/);
    const tooLong = await cli(t.dataDir, 'token', 'issue', '--role', 'clerk', '--subject', 'x', '--expires', '999d');
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toMatch(/--expires must be from 1m to 400d/);
    expect((await cli(t.dataDir, 'token')).code).toBe(2);
  });
});
