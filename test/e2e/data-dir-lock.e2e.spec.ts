/**
 * One process per DATA_DIR, with the built programs: a second api (or a projector, or
 * `cli rebuild`) on a directory an api holds stops at once with a message naming it, and exits
 * non-zero; the lock dies with its holder, `kill -9` included; read-only CLI commands run beside it.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { registerBody, tempDataDir } from '../support/e2e';
import { cli } from '../support/cli-process';
import { MAIN_JS, SERVER_ADMIN_TOKEN, ServerProcess, call, freePort, startServer } from '../support/server-process';

const ROOT = path.resolve(__dirname, '..', '..');
const PROJECTOR_JS = path.join(ROOT, 'dist', 'apps', 'projector', 'src', 'main.js');

let dataDir: string;
const running: ServerProcess[] = [];

beforeEach(() => {
  dataDir = tempDataDir('benefit-lock-');
});
afterEach(async () => {
  for (const s of running.splice(0)) {
    if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
    await s.exited;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function start(env: Record<string, string> = {}): Promise<ServerProcess> {
  const s = await startServer(dataDir, env);
  running.push(s);
  return s;
}

/** Runs a built program on DATA_DIR until it exits (at most 20 s), with everything it printed. */
async function runToExit(js: string, env: Record<string, string> = {}): Promise<{ code: number | null; output: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [js], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(await freePort()), DATA_DIR: dataDir, LOG_LEVEL: 'info', ADMIN_TOKEN: SERVER_ADMIN_TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, output, ms: Date.now() - started };
}

describe('a second api on the same DATA_DIR', () => {
  it('stops at once with a message naming the running one, exits 1, and leaves it serving and its lock.pid alone', async () => {
    const first = await start();
    const person = registerBody();
    expect((await call(first.base, 'POST', '/v1/persons', person)).status).toBe(201);
    const holderBefore = fs.readFileSync(path.join(dataDir, 'lock.pid'), 'utf8');

    const second = await runToExit(MAIN_JS);
    expect(second.code).toBe(1);
    expect(second.output).toContain(`benefit-ledger cannot start: DATA_DIR ${dataDir} is in use by the api (pid ${first.child.pid}`);
    expect(second.output).toContain('stop that process first, or point DATA_DIR at another directory');
    expect(second.output).not.toContain('listening');

    expect(fs.readFileSync(path.join(dataDir, 'lock.pid'), 'utf8')).toBe(holderBefore);
    expect((await call(first.base, 'GET', `/v1/persons/${person.personId}`)).status).toBe(200);
    // and once the second is gone, the offline writers still find the directory taken
    const rebuild = await cli(dataDir, 'rebuild');
    expect(rebuild.code).toBe(1);
  });

  it('after kill -9 of the first, a new one starts on the same directory with everything acknowledged', async () => {
    const first = await start();
    const person = registerBody();
    expect((await call(first.base, 'POST', '/v1/persons', person)).status).toBe(201);
    first.child.kill('SIGKILL');
    await first.exited;
    // lock.pid still names the dead process: the lock, not the file, decides
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'lock.pid'), 'utf8')).pid).toBe(first.child.pid);

    const next = await start();
    expect((await call(next.base, 'GET', `/v1/persons/${person.personId}`)).status).toBe(200);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'lock.pid'), 'utf8')).pid).toBe(next.child.pid);
  });

  it('a projector on the api’s directory is refused the same way', async () => {
    const api = await start();
    const projector = await runToExit(PROJECTOR_JS);
    expect(projector.code).toBe(1);
    expect(projector.output).toContain(`projector cannot start: DATA_DIR ${dataDir} is in use by the api (pid ${api.child.pid}`);
  });
});

describe('the CLI beside a running api', () => {
  it('rebuild refuses, naming the api; read-only commands run; after the api stops, rebuild runs', async () => {
    const api = await start();
    const person = registerBody();
    expect((await call(api.base, 'POST', '/v1/persons', person)).status).toBe(201);

    const refused = await cli(dataDir, 'rebuild');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${dataDir} is in use by the api (pid ${api.child.pid}`);
    expect(refused.stderr).toContain('stop it first (a rebuild must be the only writer of the read model)');

    expect((await cli(dataDir, 'status')).code).toBe(0);
    expect((await cli(dataDir, 'audit', 'person', person.personId)).code).toBe(0);
    // the api kept serving through it all
    expect((await call(api.base, 'GET', `/v1/persons/${person.personId}`)).status).toBe(200);

    api.child.kill('SIGTERM');
    expect(await api.exited).toEqual({ code: 0, signal: null });
    expect(fs.existsSync(path.join(dataDir, 'lock.pid'))).toBe(false);
    const rebuilt = await cli(dataDir, 'rebuild');
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toContain('rebuilt all projections');
  });
});
