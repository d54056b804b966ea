/**
 * `npm start` on a fresh machine (the built server as a child process): with nothing configured
 * it makes an admin token in DATA_DIR and tells the newcomer where it is and how to use it,
 * without ever printing the token; everything but /health then needs it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startServer } from '../support/server-process';
import { tempDataDir } from '../support/e2e';

it('the first start prints the admin token’s path and a curl line that reads it, never the token', async () => {
  const dataDir = tempDataDir();
  const server = await startServer(dataDir, { ADMIN_TOKEN: '' });
  try {
    const file = path.join(dataDir, 'admin-token');
    const token = fs.readFileSync(file, 'utf8').trim();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const out = server.output();
    expect(out).toContain(`Admin token: ${file}`);
    expect(out).toContain(`curl -H "Authorization: Bearer $(cat ${file})"`);
    expect(out).not.toContain(token);

    expect((await fetch(`${server.base}/v1/parameters`)).status).toBe(401);
    expect((await fetch(`${server.base}/v1/parameters`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await fetch(`${server.base}/health`)).status).toBe(200);
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

it('a configuration error stops the boot with a message naming the setting', async () => {
  const dataDir = tempDataDir();
  await expect(startServer(dataDir, { AUTH_JWKS_URL: 'http://idp.example/jwks' })).rejects.toThrow(/AUTH_JWKS_URL must be https[\s\S]*AUTH_ISSUER is required/);
  fs.rmSync(dataDir, { recursive: true, force: true });
});
