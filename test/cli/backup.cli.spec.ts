/**
 * Online backup and verified restore (issue 16), as an operator runs them: the built server takes
 * claims from several concurrent clients while `npm run cli -- backup` copies its DATA_DIR (no
 * lock, read-only); `restore` into an empty DATA_DIR checks the manifest and rebuilds the read
 * model; a server started on the restored directory answers every claim acknowledged before the
 * backup, its log is exactly the live log's first events, and its ledgers are the backup's. A
 * second backup once the load stops holds every acknowledged claim and the live ledgers.
 */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli } from '../support/cli-process';
import { claimBody, registerBody, tempDataDir } from '../support/e2e';
import { ServerProcess, call, startServer } from '../support/server-process';

jest.setTimeout(240_000);

interface Ack {
  claimId: string;
  at: number;
  view: unknown;
}

const rows = (eventsDb: string, upTo = Number.MAX_SAFE_INTEGER) => {
  const db = new Database(eventsDb, { readonly: true });
  try {
    return db.prepare('SELECT position, stream_id, revision, type, data, metadata, event_id, recorded_at FROM events WHERE position <= ? ORDER BY position').all(upTo);
  } finally {
    db.close();
  }
};
const mode = (file: string) => fs.statSync(file).mode & 0o777;
const manifestOf = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));

/** Every region-month of a manifest's ledgers, as GET /v1/ledgers answers them (payers with money or claims). */
async function ledgersOf(base: string, manifest: { ledgers: Record<string, Record<string, Record<string, { amountFen: number; claims: number }>>> }) {
  const out: Record<string, Record<string, { amountFen: number; claims: number }>> = {};
  for (const [region, months] of Object.entries(manifest.ledgers)) {
    for (const month of Object.keys(months)) {
      const res = await call(base, 'GET', `/v1/ledgers?regionCode=${region}&month=${month}`);
      expect(res.status).toBe(200);
      out[`${region} ${month}`] = Object.fromEntries(
        (res.body.funds as { payer: string; amountFen: number; claims: number }[]).filter((f) => f.amountFen !== 0 || f.claims !== 0).map((f) => [f.payer, { amountFen: f.amountFen, claims: f.claims }]),
      );
    }
  }
  return out;
}
const manifestLedgers = (manifest: { ledgers: Record<string, Record<string, Record<string, { amountFen: number; claims: number }>>> }) => {
  const out: Record<string, Record<string, { amountFen: number; claims: number }>> = {};
  for (const [region, months] of Object.entries(manifest.ledgers))
    for (const [month, payers] of Object.entries(months)) out[`${region} ${month}`] = Object.fromEntries(Object.entries(payers).filter(([, v]) => v.amountFen !== 0 || v.claims !== 0));
  return out;
};

describe('backup under load, verified restore', () => {
  const live = tempDataDir('benefit-live-');
  const backups = tempDataDir('benefit-backups-');
  const dirs: string[] = [live, backups];
  let server: ServerProcess | null = null;
  afterAll(() => {
    server?.child.kill('SIGKILL');
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('backs up while claims are submitted, restores, and finds every acknowledged claim and the same ledgers', async () => {
    server = await startServer(live);
    const persons = [] as string[];
    for (let i = 0; i < 12; i++) {
      const body = registerBody({ openingPersonalAccountFen: 20000 });
      expect((await call(server.base, 'POST', '/v1/persons', body)).status).toBe(201);
      persons.push(body.personId);
    }

    // four clients submit claims until told to stop; every 201 is an acknowledged claim
    const acks: Ack[] = [];
    let stop = false;
    const client = async (n: number) => {
      for (let i = 0; !stop; i++) {
        const body = claimBody(persons[(n * 3 + i) % persons.length], { items: [{ code: 'X-A-1', name: '阿莫西林胶囊', kind: 'drug', catalogClass: 'A', drugClass: null, amountFen: 1000 + ((i * 37) % 5000) }], usePersonalAccount: i % 2 === 0, serviceDate: `2023-0${1 + (i % 3)}-1${n}` });
        const res = await call(server!.base, 'POST', '/v1/claims', body);
        if (res.status !== 201) throw new Error(`claim answered ${res.status}: ${JSON.stringify(res.body)}`);
        acks.push({ claimId: body.claimId, at: Date.now(), view: res.body });
      }
    };
    const clients = [0, 1, 2, 3].map(client);
    while (acks.length < 40) await new Promise((r) => setTimeout(r, 20));

    const underLoad = path.join(backups, 'under-load');
    const backupStarted = Date.now();
    const ackedBefore = acks.filter((a) => a.at < backupStarted).map((a) => a.claimId);
    const run = await cli(live, 'backup', underLoad);
    const backupEnded = Date.now();
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    // the load went on while the backup ran
    expect(acks.filter((a) => a.at > backupStarted && a.at < backupEnded).length).toBeGreaterThan(0);
    const ackedDuring = acks.length;
    while (acks.length < ackedDuring + 20) await new Promise((r) => setTimeout(r, 20));
    stop = true;
    await Promise.all(clients);
    expect(acks.length).toBeGreaterThan(ackedBefore.length);

    // the backup: owner-only, the secrets that must not travel left out, a manifest that names its log
    const manifest = manifestOf(underLoad);
    expect(mode(underLoad)).toBe(0o700);
    expect(fs.readdirSync(underLoad).sort()).toEqual(['auth.db', 'events.db', 'keys.db', 'manifest.json', 'resident-id.key']);
    for (const f of fs.readdirSync(underLoad)) expect({ f, mode: mode(path.join(underLoad, f)) }).toEqual({ f, mode: 0o600 });
    expect(manifest.masterKeyIds.length).toBeGreaterThan(0);
    expect(Object.keys(manifest.notCopied)).toEqual(expect.arrayContaining(['master.key', 'token-signing.key', 'admin-token']));
    expect(manifest.eventCount).toBe(manifest.headPosition);
    expect(manifest.logSha256).toMatch(/^[0-9a-f]{64}$/);

    // a second backup once the load has stopped, the server still running
    const quiet = path.join(backups, 'quiet');
    expect((await cli(live, 'backup', quiet)).code).toBe(0);
    const liveLedgers = await ledgersOf(server.base, manifestOf(quiet));
    server.child.kill('SIGTERM');
    await server.exited;
    server = null;

    // the backup under load is exactly the live log's first headPosition events
    const liveRows = rows(path.join(live, 'events.db'));
    expect(rows(path.join(underLoad, 'events.db'))).toEqual(liveRows.slice(0, manifest.headPosition));
    expect(manifestOf(quiet).headPosition).toBe(liveRows.length);

    for (const [name, backup, expected] of [
      ['under load', underLoad, ackedBefore],
      ['quiet', quiet, acks.map((a) => a.claimId)],
    ] as const) {
      const target = tempDataDir(`benefit-restored-${name.replace(' ', '-')}-`);
      dirs.push(target);
      const restored = await cli(target, 'restore', backup, '--master-key', path.join(live, 'master.key'));
      expect({ name, code: restored.code, out: restored.stdout + restored.stderr }).toEqual({ name, code: 0, out: expect.stringContaining('equal the backup') });
      expect(mode(target)).toBe(0o700);
      expect(fs.existsSync(path.join(target, 'readmodel.db'))).toBe(true);

      server = await startServer(target);
      for (const claimId of expected) {
        const res = await call(server.base, 'GET', `/v1/claims/${claimId}`);
        expect({ claimId, status: res.status }).toEqual({ claimId, status: 200 });
        expect(res.body).toEqual(acks.find((a) => a.claimId === claimId)!.view);
      }
      const m = manifestOf(backup);
      expect(await ledgersOf(server.base, m)).toEqual(manifestLedgers(m));
      if (name === 'quiet') expect(await ledgersOf(server.base, m)).toEqual(liveLedgers);
      server.child.kill('SIGTERM');
      await server.exited;
      server = null;
    }
  });

  it('refuses a non-empty DATA_DIR, a tampered backup and a missing master key, and leaves DATA_DIR empty', async () => {
    const quiet = path.join(backups, 'quiet');
    const occupied = tempDataDir('benefit-occupied-');
    dirs.push(occupied);
    fs.writeFileSync(path.join(occupied, 'events.db'), '');
    const notEmpty = await cli(occupied, 'restore', quiet, '--master-key', path.join(live, 'master.key'));
    expect(notEmpty.code).toBe(1);
    expect(notEmpty.stderr).toMatch(/is not empty/);

    const empty = tempDataDir('benefit-empty-');
    dirs.push(empty);
    const noKey = await cli(empty, 'restore', quiet);
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toMatch(/--master-key/);
    const wrongKey = path.join(backups, 'other.key');
    fs.writeFileSync(wrongKey, `${'ab'.repeat(32)}\n`, { mode: 0o600 });
    const wrong = await cli(empty, 'restore', quiet, '--master-key', wrongKey);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/do not open/);
    expect(fs.readdirSync(empty).filter((f) => !f.startsWith('lock.'))).toEqual([]);

    const tampered = path.join(backups, 'tampered');
    fs.cpSync(quiet, tampered, { recursive: true });
    const db = new Database(path.join(tampered, 'events.db'));
    db.prepare("UPDATE events SET data = replace(data, '1', '2') WHERE position = (SELECT max(position) FROM events)").run();
    db.close();
    const bad = await cli(empty, 'restore', tampered, '--master-key', path.join(live, 'master.key'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/events\.db .* is not the file the backup wrote/);
    expect(fs.readdirSync(empty).filter((f) => !f.startsWith('lock.'))).toEqual([]);
  });

  it('backs up a DATA_DIR no api is running on (read-only open, no -wal beside it)', async () => {
    const stopped = path.join(backups, 'stopped');
    const run = await cli(live, 'backup', stopped, '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toMatchObject({ eventCount: manifestOf(path.join(backups, 'quiet')).eventCount });
    const notEmpty = await cli(live, 'backup', stopped);
    expect(notEmpty.code).toBe(2);
    expect(notEmpty.stderr).toMatch(/not empty/);
  });
});
