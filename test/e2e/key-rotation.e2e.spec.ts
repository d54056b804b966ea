/**
 * Master-key rotation end to end (`npm run cli -- keys …` beside a running api): every data key is
 * re-wrapped under the new master key, no event is rewritten, the api keeps reading every name
 * throughout, and the old key can then be removed — from the key file by `keys prune`, or from
 * DATA_KEY=new,old by the operator. And a malformed DATA_KEY stops the start with a clear message.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { EventStore } from '@benefit/event-store';
import { MASTER_KEY_FILE, envMasterKeys, readKeyFile } from '@benefit/vault';
import { loadConfig } from '@benefit/runtime';
import { EVENT_STORE } from '../../apps/api/src/infrastructure/tokens';
import { CliRun, cliWithEnv } from '../support/cli-process';
import { startServer } from '../support/server-process';
import { TestApp, register, registerBody, startApp, tempDataDir } from '../support/e2e';

/** The built CLI's `keys` command on a DATA_DIR, with DATA_KEY as given (unset when null). */
const keysCli = (dataDir: string, dataKey: string | null, ...args: string[]): Promise<CliRun> => cliWithEnv(dataDir, { KEYSTORE_URL: null, DATA_KEY: dataKey }, 'keys', ...args);

const ok = (run: CliRun): CliRun => {
  if (run.code !== 0) throw new Error(`keys exited ${run.code}\n${run.stdout}\n${run.stderr}`);
  return run;
};

interface Status {
  source: string;
  current: string;
  keys: { id: string; current: boolean; dataKeys: number }[];
  pending: number;
}
const status = async (dataDir: string, dataKey: string | null): Promise<Status> => JSON.parse(ok(await keysCli(dataDir, dataKey, 'status', '--json')).stdout);

const NAMES = ['轮换甲', '轮换乙', '轮换丙', '轮换丁', '轮换戊'];

async function names(t: TestApp, persons: { personId: string }[]): Promise<(string | null)[]> {
  return Promise.all(persons.map(async (p) => (await t.http().get(`/v1/persons/${p.personId}`).expect(200)).body.name));
}

/** The log as recorded, to show that a rotation rewrites no event. */
const logOf = async (t: TestApp) => (await t.app.get<EventStore>(EVENT_STORE).readAll({ after: 0, maxCount: 100_000 })).filter((e) => e.type === 'PatientRegistered').map((e) => [e.position, e.data]);

describe('master-key rotation with the key file in DATA_DIR, while the api runs', () => {
  let dataDir: string;
  let t: TestApp;
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('rotate re-wraps every data key under a new key, prune drops the old one, and every name reads throughout', async () => {
    dataDir = tempDataDir('benefit-rotate-file-');
    t = await startApp({ dataDir });
    const persons = [];
    for (const name of NAMES) persons.push(await register(t, registerBody({ name })));
    const log = await logOf(t);
    const before = await status(dataDir, null);
    expect(before).toEqual(expect.objectContaining({ source: 'file', pending: 0, keys: [{ id: before.current, current: true, dataKeys: 5 }] }));

    const rotated = ok(await keysCli(dataDir, null, 'rotate', '--batch', '2'));
    const fresh = (await status(dataDir, null)).current;
    expect(fresh).not.toBe(before.current);
    expect(rotated.stdout).toContain(`added master key ${fresh} in front of`);
    expect(rotated.stdout).toContain('re-wrapped 5 data keys');
    expect(rotated.stdout).toContain('next: `npm run cli -- keys prune`');
    expect(rotated.stderr).toMatch(/rotate \[#+\] 100\.0% 5\/5 data keys/);
    expect(await status(dataDir, null)).toEqual(expect.objectContaining({ pending: 0, keys: [{ id: fresh, current: true, dataKeys: 5 }, { id: before.current, current: false, dataKeys: 0 }] }));
    expect(await names(t, persons)).toEqual(NAMES);

    // the running api picked the new key up by itself: a person registered now is wrapped by it
    const late = await register(t, registerBody({ name: '轮换己' }));
    expect((await status(dataDir, null)).keys[0]).toEqual({ id: fresh, current: true, dataKeys: 6 });

    const pruned = ok(await keysCli(dataDir, null, 'prune'));
    expect(pruned.stdout).toContain(`removed ${before.current} from`);
    expect(readKeyFile(path.join(dataDir, MASTER_KEY_FILE)).map((k) => k.id)).toEqual([fresh]);
    expect(fs.statSync(path.join(dataDir, MASTER_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(await names(t, [...persons, late])).toEqual([...NAMES, '轮换己']);
    expect(await logOf(t)).toEqual(expect.arrayContaining(log)); // no event rewritten

    // and a process started afresh, which never held the old key, reads them all
    await t.close();
    t = await startApp({ dataDir });
    expect(await names(t, [...persons, late])).toEqual([...NAMES, '轮换己']);
  });

  it('a second rotation after a finished one adds another key and re-wraps again', async () => {
    const current = (await status(dataDir, null)).current;
    ok(await keysCli(dataDir, null, 'rotate'));
    const next = await status(dataDir, null);
    expect(next.current).not.toBe(current);
    expect(next.keys.map((k) => k.dataKeys)).toEqual([6, 0]);
  });
});

describe('master-key rotation with DATA_KEY=new,old', () => {
  const oldKey = randomBytes(32).toString('hex');
  const newKey = randomBytes(32).toString('base64');
  const oldId = envMasterKeys(oldKey).ring().current.id;
  const newId = envMasterKeys(newKey).ring().current.id;
  let dataDir: string;
  let t: TestApp | null = null;
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('re-wraps to the first key of the list beside the api, tells when the old key can go, and the new key alone then reads everything', async () => {
    dataDir = tempDataDir('benefit-rotate-env-');
    t = await startApp({ dataDir, env: { DATA_KEY: oldKey } });
    const persons = [];
    for (const name of NAMES.slice(0, 3)) persons.push(await register(t, registerBody({ name })));
    await t.close();
    expect(fs.existsSync(path.join(dataDir, MASTER_KEY_FILE))).toBe(false); // env keys: no key file is made

    // step 1 of the runbook: every process gets DATA_KEY=new,old
    const both = `${newKey},${oldKey}`;
    t = await startApp({ dataDir, env: { DATA_KEY: both } });
    const single = await keysCli(dataDir, oldKey, 'rotate');
    expect(single.stdout).toContain(`every data key is already wrapped by ${oldId}, the only DATA_KEY entry. To rotate: set DATA_KEY=<new key>,<current key>`);
    const rotated = ok(await keysCli(dataDir, both, 'rotate'));
    expect(rotated.stdout).toContain(`re-wrapping data keys under ${newId}`);
    expect(rotated.stdout).toContain('re-wrapped 3 data keys');
    expect(rotated.stdout).toContain(`next: no data key needs ${oldId} any more: set DATA_KEY to the first key alone`);
    expect(await names(t, persons)).toEqual(NAMES.slice(0, 3));
    expect(ok(await keysCli(dataDir, both, 'prune')).stdout).toContain(`no data key uses ${oldId} (DATA_KEY entry 2): remove it from DATA_KEY`);
    await t.close();

    t = await startApp({ dataDir, env: { DATA_KEY: newKey } });
    expect(await names(t, persons)).toEqual(NAMES.slice(0, 3));
    await t.close();

    // the old key alone opens nothing any more (the data keys really were re-wrapped): the
    // service refuses to start on it, saying which key it needs
    t = null;
    await expect(startServer(dataDir, { DATA_KEY: oldKey })).rejects.toThrow(`3 data keys are wrapped by master key ${newId}, which DATA_KEY does not hold`);
  });

  it('a DATA_DIR whose keys.db holds data keys but whose key file is gone does not start on a fresh key', async () => {
    const dir = tempDataDir('benefit-lost-key-');
    const app = await startApp({ dataDir: dir });
    await register(app, registerBody({ name: '丢钥匙' }));
    await app.close();
    fs.rmSync(path.join(dir, MASTER_KEY_FILE));
    await expect(startServer(dir, { DATA_KEY: '' })).rejects.toThrow(/the key store holds data keys but there is no master key: DATA_KEY is unset and .*master\.key is missing/);
    expect(fs.existsSync(path.join(dir, MASTER_KEY_FILE))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('a malformed DATA_KEY stops the start', () => {
  it.each([
    ['too short', randomBytes(31).toString('hex'), /DATA_KEY is 62 hex characters, not 64/],
    ['not a key', 'my secret passphrase', /DATA_KEY is neither hex nor base64/],
    ['a bad second entry', `${randomBytes(32).toString('hex')},${randomBytes(16).toString('base64')}`, /DATA_KEY entry 2 of 2 decodes to 16 bytes of base64, not 32/],
  ])('%s: one clear message, without the key', (_label, dataKey, message) => {
    let error: Error | null = null;
    try {
      loadConfig({ DATA_DIR: '/tmp/x', DATA_KEY: dataKey });
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message).toMatch(/^invalid configuration:/);
    expect(error?.message).toMatch(message);
    for (const part of dataKey.split(',')) expect(error!.message).not.toContain(part);
  });

  it('KEYSTORE_URL must be a postgres:// URL, its password never echoed', () => {
    expect(() => loadConfig({ DATA_DIR: '/tmp/x', KEYSTORE_URL: 'mysql://u:hunter2@db/keys' })).toThrow(/KEYSTORE_URL must be a postgres:\/\/ URL .* got "mysql:\/\/u:\*\*\*@db\/keys"/);
  });
});
