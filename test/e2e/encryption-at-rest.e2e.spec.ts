/**
 * Names and resident ids at rest (API.md Access, issue 9 point 6): every byte under DATA_DIR — the
 * log with its -wal and -shm, the read model, keys.db, the key files — is read raw, while the app
 * runs and after it stopped, and none holds a name or an id (nor the birth date the masked form
 * hides) in clear; yet the api serves them, and every file there is its owner's only.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { TestApp, claimBody, item, register, registerBody, residentBody, startApp, submit, tempDataDir } from '../support/e2e';
import { residentId, residentIdEndingInX } from '../support/resident-id';

/** Every regular file under a directory, with its bytes. */
function filesUnder(dir: string): { file: string; bytes: Buffer; mode: number }[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).flatMap((d) => {
    const file = path.join(d.parentPath ?? (d as unknown as { path: string }).path, d.name);
    return d.isFile() ? [{ file: path.relative(dir, file), bytes: fs.readFileSync(file), mode: fs.statSync(file).mode & 0o777 }] : [];
  });
}

const PERSONS = [
  { name: '欧阳娜娜瑾', idNumber: residentId({ birth: '19370917', seq: 461 }) },
  { name: 'Quixotic Zebedee Hallworth-Pym', idNumber: residentIdEndingInX('19520331') },
  { name: '司马懿懿', idNumber: residentId({ area: '320902', birth: '19440623', seq: 287 }) },
];

/** Every form in which a person's identity could sit in a file. */
function secretsOf(p: { name: string; idNumber: string }): { what: string; bytes: Buffer }[] {
  const id = p.idNumber;
  return [
    { what: `name ${p.name}`, bytes: Buffer.from(p.name, 'utf8') },
    ...[...new Set([id, id.toLowerCase(), id.slice(0, 17)])].map((f) => ({ what: `resident id (${f.length} chars)`, bytes: Buffer.from(f, 'ascii') })),
    // what the masked form 511302********0013 hides: the birth date
    { what: 'the birth date inside the id', bytes: Buffer.from(id.slice(6, 14), 'ascii') },
  ];
}

function expectNoneInClear(dataDir: string): string[] {
  const files = filesUnder(dataDir);
  for (const { file, bytes } of files) {
    for (const p of PERSONS) for (const s of secretsOf(p)) expect({ file, found: s.what, at: bytes.indexOf(s.bytes) }).toEqual({ file, found: s.what, at: -1 });
  }
  return files.map((f) => f.file).sort();
}

describe('names and resident ids are encrypted at rest', () => {
  let t: TestApp;
  let root: string;
  let dataDir: string;
  const logs: string[] = [];
  const registered: { personId: string }[] = [];

  beforeAll(async () => {
    root = tempDataDir('benefit-at-rest-');
    dataDir = path.join(root, 'not', 'yet', 'made'); // the app makes DATA_DIR itself
    const destination = new Writable({ write: (chunk, _e, done) => (logs.push(chunk.toString('utf8')), done()) });
    t = await startApp({ dataDir, logDestination: destination, logLevel: 'trace' });
    for (const [i, p] of PERSONS.entries()) {
      const body = i === 2 ? residentBody('yancheng', { name: p.name, idNumber: p.idNumber }) : registerBody({ name: p.name, idNumber: p.idNumber, openingPersonalAccountFen: 30000 });
      registered.push(await register(t, body));
    }
    await submit(t, claimBody(registered[0].personId, { usePersonalAccount: true, items: [item(52000)] }));
    await submit(t, claimBody(registered[1].personId, { items: [item(31000), item(9000, 'C')] }));
    // refusals carry the numbers too: they must leave nothing behind either
    await t.http().post('/v1/persons').send(registerBody({ name: PERSONS[0].name, idNumber: PERSONS[0].idNumber })).expect(409);
    for (const p of registered) {
      await t.http().get(`/v1/persons/${p.personId}`).expect(200);
      await t.http().get(`/v1/persons/${p.personId}/events`).expect(200);
    }
    await t.http().get('/v1/events?limit=1000').expect(200);
  });
  let closed = false;
  afterAll(async () => {
    if (!closed) await t?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('the api still serves each name, and each id masked', async () => {
    for (const [i, p] of registered.entries()) {
      const view = (await t.http().get(`/v1/persons/${p.personId}`).expect(200)).body;
      expect(view.name).toBe(PERSONS[i].name);
      expect(view.idNumber).toBe(`${PERSONS[i].idNumber.slice(0, 6)}********${PERSONS[i].idNumber.slice(-4)}`);
    }
  });

  it('no file under DATA_DIR holds a name, an id or its birth date in clear while the app runs (log with -wal and -shm, read model, keys)', () => {
    const files = expectNoneInClear(dataDir);
    expect(files).toEqual(expect.arrayContaining(['events.db', 'events.db-wal', 'events.db-shm', 'readmodel.db', 'readmodel.db-wal', 'keys.db', 'master.key', 'resident-id.key']));
    // the scan reads real content: the person ids (not personal data here) are there in clear
    const log = Buffer.concat([fs.readFileSync(path.join(dataDir, 'events.db')), fs.readFileSync(path.join(dataDir, 'events.db-wal'))]);
    expect(log.includes(Buffer.from(registered[0].personId))).toBe(true);
    expect(log.includes(Buffer.from('pii:v1:'))).toBe(true);
  });

  it('DATA_DIR is 0700 and every file in it 0600, whatever the umask', () => {
    expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
    for (const { file, mode } of filesUnder(dataDir)) expect({ file, mode: mode.toString(8) }).toEqual({ file, mode: '600' });
  });

  it('no log line carries a name or an id, even at trace level', async () => {
    await new Promise((r) => setImmediate(r));
    const all = logs.join('');
    expect(all.length).toBeGreaterThan(1000);
    for (const p of PERSONS) for (const s of secretsOf(p)) expect({ found: s.what, in: all.includes(s.bytes.toString('utf8')) }).toEqual({ found: s.what, in: false });
  });

  it('nor after it stopped and SQLite folded its -wal files into the databases', async () => {
    await t.close();
    closed = true;
    const files = expectNoneInClear(dataDir);
    expect(files).toEqual(expect.arrayContaining(['events.db', 'readmodel.db', 'keys.db']));
    for (const { file, mode } of filesUnder(dataDir)) expect({ file, mode: mode.toString(8) }).toEqual({ file, mode: '600' });
  });
});
