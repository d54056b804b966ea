/**
 * Durability of the built server: everything acknowledged with 201 survives kill -9 (the event
 * log commits before the answer; projections catch up on restart), and SIGTERM stops it cleanly.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EventStore, SqliteEventStore, adapterOf } from '@benefit/event-store';
import { EVENT_STORE } from '../../apps/api/src/infrastructure/tokens';
import { ClaimView, PAYER_CODES, claimBody, item, registerBody, shares, startApp, tempDataDir } from '../support/e2e';
import { ServerProcess, call, startServer } from '../support/server-process';

let dataDir: string;
const running: ServerProcess[] = [];

beforeAll(() => {
  dataDir = tempDataDir('benefit-durability-');
});
afterAll(async () => {
  for (const s of running) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  await Promise.all(running.map((s) => s.exited));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function start(dir = dataDir): Promise<ServerProcess> {
  const s = await startServer(dir);
  running.push(s);
  return s;
}

const sum = (views: ClaimView[], payer: (typeof PAYER_CODES)[number]) => views.reduce((s, v) => s + v.shares[payer], 0);

describe('kill -9 right after the 201s', () => {
  it('every acknowledged registration and claim is there after a restart, with the same shares, and counters add up', async () => {
    const first = await start();
    const alice = registerBody({ openingPersonalAccountFen: 30000 });
    const bob = registerBody();
    for (const p of [alice, bob]) expect((await call(first.base, 'POST', '/v1/persons', p)).status).toBe(201);

    // 12 claims at once for two persons, some paid from Alice's account
    const bodies = Array.from({ length: 12 }, (_, i) =>
      claimBody(i % 2 === 0 ? alice.personId : bob.personId, { serviceDate: `2023-04-${String(i + 1).padStart(2, '0')}`, items: [item(30000 + i * 500)], usePersonalAccount: i % 2 === 0 }),
    );
    const acknowledged = await Promise.all(bodies.map((b) => call(first.base, 'POST', '/v1/claims', b)));
    // claims still in flight when the process dies: each is recorded completely or not at all
    const inFlight = Array.from({ length: 4 }, (_, i) => claimBody(bob.personId, { serviceDate: `2023-05-0${i + 1}`, items: [item(20000)] }));
    const inFlightCalls = inFlight.map((b) => call(first.base, 'POST', '/v1/claims', b).catch(() => null));
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    await Promise.all(inFlightCalls);

    expect(acknowledged.map((r) => r.status)).toEqual(Array(12).fill(201));
    const views = acknowledged.map((r) => r.body as ClaimView);

    const second = await start();
    for (const p of [alice, bob]) expect((await call(second.base, 'GET', `/v1/persons/${p.personId}`)).status).toBe(200);
    for (const v of views) {
      const got = await call(second.base, 'GET', `/v1/claims/${v.claimId}`);
      expect(got.status).toBe(200);
      expect(got.body).toEqual(v);
    }
    // the in-flight ones: either there in full or absent; send the absent ones again
    const settled: ClaimView[] = [...views];
    for (const b of inFlight) {
      const got = await call(second.base, 'GET', `/v1/claims/${b.claimId}`);
      if (got.status === 200) {
        settled.push(got.body);
        expect((await call(second.base, 'POST', '/v1/claims', b)).status).toBe(200);
      } else {
        expect(got.status).toBe(404);
        const again = await call(second.base, 'POST', '/v1/claims', b);
        expect(again.status).toBe(201);
        settled.push(again.body);
      }
    }
    // a retry of an acknowledged claim answers the recorded result
    const retry = await call(second.base, 'POST', '/v1/claims', bodies[0]);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(views[0]);

    for (const p of [alice, bob]) {
      const mine = settled.filter((v) => v.personId === p.personId);
      const c = (await call(second.base, 'GET', `/v1/persons/${p.personId}/counters?year=2023`)).body.counters;
      // 南府办发〔2022〕33号 art. 7(1): one 20,000 deductible, pooling paid = Σ basic_pooling ≤ 100,000
      expect(c.outpatient_pooling_deductible.usedFen).toBe(20000);
      expect(c.outpatient_pooling_paid.usedFen).toBe(sum(mine, 'basic_pooling'));
      expect(c.outpatient_pooling_paid.usedFen).toBeLessThanOrEqual(100000);
      expect(c.personal_burden.usedFen).toBe(sum(mine, 'self_pay') + sum(mine, 'personal_account'));
    }
    // Bob: 6 acknowledged claims of ≥ 30,500 and 4 of 20,000 fill the cap; Alice: 6 claims ≥ 30,000 too
    expect(sum(settled.filter((v) => v.personId === bob.personId), 'basic_pooling')).toBe(100000);
    expect(sum(settled.filter((v) => v.personId === alice.personId), 'basic_pooling')).toBe(100000);
    const acc = (await call(second.base, 'GET', `/v1/persons/${alice.personId}/personal-account`)).body;
    expect(sum(views, 'personal_account')).toBe(30000);
    expect(acc.balanceFen).toBe(0);

    // a new claim after the restart continues from the recorded counters: the cap is used up
    const after = await call(second.base, 'POST', '/v1/claims', claimBody(bob.personId, { serviceDate: '2023-06-01', items: [item(10000)] }));
    expect(after.status).toBe(201);
    expect(after.body.shares).toEqual(shares({ self_pay: 10000 }));

    second.child.kill('SIGKILL');
    await second.exited;
  });
});

describe('SIGTERM', () => {
  it('stops the server within 5 s and what it acknowledged is there after a restart', async () => {
    const dir = tempDataDir('benefit-sigterm-');
    try {
      const s = await start(dir);
      const p = registerBody();
      expect((await call(s.base, 'POST', '/v1/persons', p)).status).toBe(201);
      const claim = claimBody(p.personId);
      const ack = await call(s.base, 'POST', '/v1/claims', claim);
      expect(ack.status).toBe(201);
      const t0 = Date.now();
      s.child.kill('SIGTERM');
      await s.exited;
      expect(Date.now() - t0).toBeLessThan(5000);
      // the stores were closed: SQLite removes the write-ahead log when the last connection closes cleanly
      expect(fs.existsSync(path.join(dir, 'events.db-wal'))).toBe(false);

      const again = await start(dir);
      expect((await call(again.base, 'GET', `/v1/claims/${claim.claimId}`)).body).toEqual(ack.body);
      again.child.kill('SIGKILL');
      await again.exited;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a graceful stop exits with status 0 and removes DATA_DIR/lock.pid', async () => {
    const dir = tempDataDir('benefit-sigterm-');
    try {
      const s = await start(dir);
      expect(fs.existsSync(path.join(dir, 'lock.pid'))).toBe(true);
      s.child.kill('SIGTERM');
      const ended = await s.exited;
      expect(ended).toEqual({ code: 0, signal: null });
      expect(fs.existsSync(path.join(dir, 'lock.pid'))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('acknowledged means fsynced', () => {
  const synchronousOfLog = async (env: Record<string, string>) => {
    const t = await startApp({ env });
    try {
      // the api reads through the upcasting store: the pragma is the SQLite adapter's under it
      return (adapterOf(t.app.get<EventStore>(EVENT_STORE)) as SqliteEventStore).db.pragma('synchronous', { simple: true });
    } finally {
      await t.close();
    }
  };

  it('the event log runs synchronous=FULL by default (a power loss keeps what was acknowledged); NORMAL only when set', async () => {
    expect(await synchronousOfLog({})).toBe(2); // FULL
    expect(await synchronousOfLog({ SQLITE_SYNCHRONOUS: 'normal' })).toBe(1); // NORMAL
  });
});
