/**
 * Recorded access (issue 9.5, API.md "Access"): every response that carries a person's data is
 * recorded — who (the token's subject, role and id), what (route and what identifies the read),
 * when, and why (X-Access-Reason) — in the event log, before the data is sent; a refused read
 * records nothing; the records survive a restart and a rebuild of the read model; GET
 * /v1/access-log selects them by person and China-time dates, in pages; and no route changes them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EventStore } from '@benefit/event-store';
import { signingKey, TokenRegistry } from '@benefit/runtime';
import { EVENT_STORE } from '../../apps/api/src/infrastructure/tokens';
import { TestApp, chinaDate, claimBody, expectProblem, putParameter, register, registerBody, retiredBody, settleMonth, startApp, submit, tempDataDir } from '../support/e2e';
import { residentId } from '../support/resident-id';

interface Entry {
  position: number;
  personId: string;
  at: string;
  actor: string;
  role: string | null;
  tokenId: string | null;
  route: string;
  what: Record<string, unknown>;
  reason: string | null;
}

const storeOf = (t: TestApp) => t.app.get<EventStore>(EVENT_STORE);
const head = (t: TestApp) => storeOf(t).headPosition();

/** Every access-log entry recorded after `position` (the whole of today, China time), following `next`. */
async function entriesAfter(t: TestApp, position: number, query = ''): Promise<Entry[]> {
  const out: Entry[] = [];
  let after = position;
  for (;;) {
    const res = await t.http().get(`/v1/access-log?after=${after}&limit=1000${query}`).expect(200);
    out.push(...res.body.entries);
    if (res.body.next === null) return out;
    after = res.body.next;
  }
}

async function issue(t: TestApp, role: 'clerk' | 'auditor', subject: string) {
  const registry = new TokenRegistry(t.dataDir);
  try {
    return await registry.issue(signingKey(t.dataDir), { roles: [role], subject, institutionId: null, expiresInSeconds: 3600, issuedBy: 'test' });
  } finally {
    registry.close();
  }
}

let t: TestApp;

describe('each route that returns a person’s data records exactly one read', () => {
  const p = registerBody({ name: '李四' });
  const q = registerBody();
  const claim = claimBody(p.personId);

  beforeAll(async () => {
    t = await startApp();
    await register(t, p);
    await register(t, q);
    await submit(t, claim);
  });
  afterAll(async () => {
    await t?.close();
  });

  const ROUTES: [string, () => string, string, Record<string, unknown>][] = [
    ['person', () => `/v1/persons/${p.personId}`, 'GET /v1/persons/:personId', { personId: p.personId }],
    ['counters', () => `/v1/persons/${p.personId}/counters?year=2023`, 'GET /v1/persons/:personId/counters', { personId: p.personId, year: '2023' }],
    ['warnings', () => `/v1/persons/${p.personId}/warnings`, 'GET /v1/persons/:personId/warnings', { personId: p.personId }],
    ['events', () => `/v1/persons/${p.personId}/events`, 'GET /v1/persons/:personId/events', { personId: p.personId }],
    ['account', () => `/v1/persons/${p.personId}/personal-account`, 'GET /v1/persons/:personId/personal-account', { personId: p.personId }],
    ['claim', () => `/v1/claims/${claim.claimId}`, 'GET /v1/claims/:claimId', { claimId: claim.claimId }],
  ];

  it.each(ROUTES)('%s: who (admin), what, when and why', async (_name, url, route, what) => {
    const before = await head(t);
    const res = await t.http().get(url()).set('X-Access-Reason', '  complaint 2023-117  ').expect(200);
    expect(res.body).toBeTruthy();
    const entries = await entriesAfter(t, before);
    expect(entries).toEqual([{ position: before + 1, personId: p.personId, at: expect.any(String), actor: 'admin', role: expect.any(String), tokenId: expect.any(String), route, what, reason: 'complaint 2023-117' }]);
    expect(Date.now() - Date.parse(entries[0].at)).toBeLessThan(60_000);
    // one event in the log: the read, on today's access stream, by the verified subject
    const [event] = await storeOf(t).readAll({ after: before, maxCount: 10 });
    expect(event).toEqual(expect.objectContaining({ streamId: `access-${chinaDate()}`, type: 'PersonDataRead' }));
    expect(event.metadata.actor).toBe('admin');
    expect(await head(t)).toBe(before + 1);
  });

  it('without X-Access-Reason the reason is null', async () => {
    const before = await head(t);
    await t.http().get(`/v1/persons/${q.personId}`).expect(200);
    expect((await entriesAfter(t, before)).map((e) => [e.personId, e.reason])).toEqual([[q.personId, null]]);
  });

  it('the actor, role and token id are the verified token’s; no header changes them', async () => {
    const clerk = await issue(t, 'clerk', 'clerk-wang');
    const before = await head(t);
    await t.as(clerk.token).get(`/v1/persons/${p.personId}`).set('X-Actor', 'somebody-else').expect(200);
    expect(await entriesAfter(t, before)).toEqual([expect.objectContaining({ personId: p.personId, actor: 'clerk-wang', role: 'clerk', tokenId: clerk.jti })]);
    const auditor = await issue(t, 'auditor', 'auditor-li');
    const next = await head(t);
    await t.as(auditor.token).get(`/v1/claims/${claim.claimId}`).expect(200);
    expect(await entriesAfter(t, next)).toEqual([expect.objectContaining({ personId: p.personId, actor: 'auditor-li', role: 'auditor', tokenId: auditor.jti, route: 'GET /v1/claims/:claimId' })]);
  });

  it('GET /v1/events: one read naming each person of the page once; a page of no person records nothing', async () => {
    const before = await head(t);
    const page = (await t.http().get('/v1/events?after=0&limit=1000').expect(200)).body as { position: number; data: { personId?: string; claim?: { personId: string } } }[];
    const inPage = new Set(page.map((e) => e.data.personId ?? e.data.claim?.personId).filter(Boolean));
    expect(inPage).toEqual(new Set([p.personId, q.personId]));
    const entries = await entriesAfter(t, before);
    expect(new Set(entries.map((e) => e.position)).size).toBe(1);
    expect(entries.map((e) => e.personId).sort()).toEqual([p.personId, q.personId].sort());
    expect(entries[0]).toEqual(expect.objectContaining({ route: 'GET /v1/events', what: { after: '0', limit: '1000' } }));
    // a page past the domain events holds access records only: nobody's data, nothing recorded
    const now = await head(t);
    const tail = (await t.http().get(`/v1/events?after=${now - 1}`).expect(200)).body as { type: string }[];
    expect(tail.map((e) => e.type)).toEqual(['PersonDataRead']);
    expect(await head(t)).toBe(now);
  });

  it('a reason is cleaned: UTF-8 decoded, a resident id masked; a control character or more than 500 characters → 400, nothing read or recorded', async () => {
    const id = residentId();
    const before = await head(t);
    // Node sends header bytes as latin1: this is the UTF-8 of 复核 and the id as typed by a clerk
    await t.http().get(`/v1/persons/${p.personId}`).set('X-Access-Reason', Buffer.from(`复核 ${id}`, 'utf8').toString('latin1')).expect(200);
    const [entry] = await entriesAfter(t, before);
    expect(entry.reason).toBe(`复核 ${id.slice(0, 6)}********${id.slice(14)}`);

    const now = await head(t);
    expectProblem(await t.http().get(`/v1/persons/${p.personId}`).set('X-Access-Reason', 'a\tb'), 400, 'X-Access-Reason');
    expectProblem(await t.http().get(`/v1/persons/${p.personId}`).set('X-Access-Reason', 'x'.repeat(501)), 400, 'X-Access-Reason');
    expectProblem(await t.http().get(`/v1/persons/${p.personId}`).set('X-Access-Reason', '\x85'), 400, 'X-Access-Reason');
    await t.http().get(`/v1/persons/${p.personId}`).set('X-Access-Reason', Buffer.from('字'.repeat(500), 'utf8').toString('latin1')).expect(200);
    expectProblem(await t.http().get(`/v1/persons/${p.personId}`).set('X-Access-Reason', Buffer.from('字'.repeat(501), 'utf8').toString('latin1')), 400, 'X-Access-Reason');
    expect((await entriesAfter(t, now)).map((e) => [...(e.reason ?? '')].length)).toEqual([500]);
  });

  it('a refused read records nothing: unknown person or claim (404), bad input (400)', async () => {
    const before = await head(t);
    for (const url of ['/v1/persons/NOBODY-1', '/v1/persons/NOBODY-1/counters?year=2023', '/v1/persons/NOBODY-1/warnings', '/v1/persons/NOBODY-1/events', '/v1/persons/NOBODY-1/personal-account', '/v1/claims/NO-CLAIM-1']) {
      expectProblem(await t.http().get(url), 404);
    }
    expectProblem(await t.http().get(`/v1/persons/${p.personId}/counters?year=20x3`), 400, 'year');
    expectProblem(await t.http().get('/v1/events?limit=0'), 400, 'limit');
    expectProblem(await t.as(null).get(`/v1/persons/${p.personId}`), 401);
    expect(await head(t)).toBe(before);
    expect(await entriesAfter(t, before)).toEqual([]);
  });

  it('if the read cannot be recorded the request fails (500) and no data is sent', async () => {
    const store = storeOf(t);
    const append = jest.spyOn(store, 'append').mockRejectedValueOnce(new Error('disk full'));
    try {
      const res = await t.http().get(`/v1/persons/${p.personId}`);
      expectProblem(res, 500);
      expect(JSON.stringify(res.body)).not.toContain(p.personId);
      expect(JSON.stringify(res.body)).not.toContain('李四');
    } finally {
      append.mockRestore();
    }
  });

  it('no name and no resident id in any access record', async () => {
    const all = JSON.stringify(await entriesAfter(t, 0));
    expect(all).toContain(p.personId);
    for (const secret of ['李四', '张三', p.idNumber, q.idNumber, p.idNumber.slice(6, 14)]) expect(all).not.toContain(secret);
  });

  it('reading the access log records nothing', async () => {
    const before = await head(t);
    await t.http().get(`/v1/access-log?personId=${p.personId}`).expect(200);
    await t.http().get('/v1/access-log').expect(200);
    expect(await head(t)).toBe(before);
  });

  it('no route writes, changes or deletes an access record', async () => {
    const before = await head(t);
    const [entry] = await entriesAfter(t, 0);
    for (const res of [
      await t.http().post('/v1/access-log').send({ personId: p.personId }),
      await t.http().put('/v1/access-log').send({}),
      await t.http().patch('/v1/access-log').send({}),
      await t.http().delete('/v1/access-log'),
      await t.http().put(`/v1/access-log/${entry.position}`).send({ reason: 'changed' }),
      await t.http().delete(`/v1/access-log/${entry.position}`),
      await t.http().get(`/v1/access-log/${entry.position}`),
    ]) {
      expect([404, 405]).toContain(res.status);
    }
    expect(await head(t)).toBe(before);
    expect((await entriesAfter(t, 0))[0]).toEqual(entry);
  });
});

describe('re-adjudications and simulations record every person of the diff', () => {
  const retired = retiredBody();
  const other = retiredBody();
  const inService = registerBody();

  beforeAll(async () => {
    t = await startApp();
    for (const b of [retired, other, inService]) await register(t, b);
    await putParameter(t, 'nanchong.retired_pension_base', 300000, '2023-01-01', '2021 figure');
    await settleMonth(t, 'nanchong', '2023-01');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a simulation names the persons of its rows, with the region and period; none without rows', async () => {
    const before = await head(t);
    const body = { regionCode: 'nanchong', fromMonth: '2023-01', toMonth: '2023-01', parameterOverrides: { 'nanchong.retired_pension_base': 320000 } };
    const res = await t.http().post('/v1/simulations').set('X-Access-Reason', 'reform study').send(body).expect(200);
    expect(new Set(res.body.changes.map((c: { personId: string }) => c.personId))).toEqual(new Set([retired.personId, other.personId]));
    const entries = await entriesAfter(t, before);
    expect(entries.map((e) => e.personId).sort()).toEqual([retired.personId, other.personId].sort());
    for (const e of entries) {
      expect(e).toEqual(expect.objectContaining({ position: before + 1, route: 'POST /v1/simulations', what: { regionCode: 'nanchong', fromMonth: '2023-01', toMonth: '2023-01' }, reason: 'reform study' }));
    }
    const now = await head(t);
    await t.http().post('/v1/simulations').send({ ...body, parameterOverrides: { 'nanchong.retired_pension_base': 300000 } }).expect(200);
    expect(await head(t)).toBe(now);
  });

  it('a re-adjudication dry run is recorded as read; applied, the read is recorded after the corrections', async () => {
    await putParameter(t, 'nanchong.retired_pension_base', 320000, '2023-01-01', '2022 figure');
    const before = await head(t);
    await t.http().post('/v1/readjudications').send({ regionCode: 'nanchong', fromMonth: '2023-01', toMonth: '2023-01', apply: false }).expect(200);
    const dry = await entriesAfter(t, before);
    expect(dry.map((e) => e.personId).sort()).toEqual([retired.personId, other.personId].sort());
    expect(dry[0].what).toEqual({ regionCode: 'nanchong', fromMonth: '2023-01', toMonth: '2023-01', apply: false });

    const now = await head(t);
    await t.http().post('/v1/readjudications').send({ regionCode: 'nanchong', fromMonth: '2023-01', toMonth: '2023-01', apply: true }).expect(200);
    const events = await storeOf(t).readAll({ after: now, maxCount: 100 });
    expect(events.map((e) => e.type)).toEqual(['PersonalAccountBackPaid', 'PersonalAccountBackPaid', 'PersonDataRead']);
    expect((await entriesAfter(t, now)).map((e) => e.what.apply)).toEqual([true, true]);
  });
});

describe('the log survives a restart and a rebuild, and is queried by person, dates and pages', () => {
  const dataDir = tempDataDir();
  const a = registerBody();
  const b = registerBody();

  afterAll(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('records made before a restart and before the read model is rebuilt are all there, unchanged', async () => {
    t = await startApp({ dataDir });
    await register(t, a);
    await register(t, b);
    for (let i = 0; i < 3; i++) await t.http().get(`/v1/persons/${a.personId}`).set('X-Access-Reason', `read ${i}`).expect(200);
    await t.http().get(`/v1/persons/${b.personId}/counters`).expect(200);
    const before = await entriesAfter(t, 0);
    expect(before).toHaveLength(4);
    await t.close();

    t = await startApp({ dataDir });
    expect(await entriesAfter(t, 0)).toEqual(before);
    await t.close();

    // the read model is disposable: without it, the projections replay the log at start
    for (const f of fs.readdirSync(dataDir).filter((f) => f.startsWith('readmodel.db'))) fs.rmSync(path.join(dataDir, f));
    t = await startApp({ dataDir });
    expect(await entriesAfter(t, 0)).toEqual(before);
  });

  it('by person, oldest first', async () => {
    const ofA = (await t.http().get(`/v1/access-log?personId=${a.personId}`).expect(200)).body;
    expect(ofA.entries.map((e: Entry) => e.reason)).toEqual(['read 0', 'read 1', 'read 2']);
    expect(ofA.next).toBeNull();
    const ofB = (await t.http().get(`/v1/access-log?personId=${b.personId}`).expect(200)).body;
    expect(ofB.entries.map((e: Entry) => [e.route, e.what])).toEqual([['GET /v1/persons/:personId/counters', { personId: b.personId }]]);
    expect((await t.http().get('/v1/access-log?personId=NOBODY-1').expect(200)).body).toEqual({ entries: [], next: null });
  });

  it('by China-time dates: today is in the default range (the last 30 days), yesterday and tomorrow hold nothing', async () => {
    const today = chinaDate();
    const tomorrow = chinaDate(-1);
    expect((await t.http().get('/v1/access-log').expect(200)).body.entries).toHaveLength(4);
    expect((await t.http().get(`/v1/access-log?from=${today}&to=${today}`).expect(200)).body.entries).toHaveLength(4);
    expect((await t.http().get(`/v1/access-log?to=${today}`).expect(200)).body.entries).toHaveLength(4);
    expect((await t.http().get(`/v1/access-log?from=${chinaDate(1)}&to=${chinaDate(1)}`).expect(200)).body.entries).toEqual([]);
    expect((await t.http().get(`/v1/access-log?from=${tomorrow}&to=${tomorrow}`).expect(200)).body.entries).toEqual([]);
    // a range that ended 30 days ago holds nothing of today
    expect((await t.http().get(`/v1/access-log?to=${chinaDate(30)}`).expect(200)).body.entries).toEqual([]);
  });

  it('in pages: after = next, every entry once, next null on the last page', async () => {
    const every = (await t.http().get(`/v1/access-log?personId=${a.personId}`).expect(200)).body.entries;
    const first = (await t.http().get(`/v1/access-log?personId=${a.personId}&limit=2`).expect(200)).body;
    expect(first.entries).toEqual(every.slice(0, 2));
    expect(first.next).toBe(every[1].position);
    const second = (await t.http().get(`/v1/access-log?personId=${a.personId}&limit=2&after=${first.next}`).expect(200)).body;
    expect(second).toEqual({ entries: every.slice(2), next: null });
  });

  it('bad input → 400 naming the field', async () => {
    expectProblem(await t.http().get('/v1/access-log?personId=' + encodeURIComponent('a b')), 400, 'personId');
    expectProblem(await t.http().get('/v1/access-log?from=2026-02-30'), 400, 'from');
    expectProblem(await t.http().get('/v1/access-log?to=yesterday'), 400, 'to');
    expectProblem(await t.http().get('/v1/access-log?from=2025-01-02&to=2025-01-01'), 400, 'from');
    expectProblem(await t.http().get('/v1/access-log?from=2024-01-01&to=2025-01-01'), 400, 'from'); // 367 days
    await t.http().get('/v1/access-log?from=2024-01-01&to=2024-12-31').expect(200); // 366 days, leap year
    expectProblem(await t.http().get('/v1/access-log?after=-1'), 400, 'after');
    expectProblem(await t.http().get('/v1/access-log?after=1.5'), 400, 'after');
    expectProblem(await t.http().get('/v1/access-log?limit=0'), 400, 'limit');
    expectProblem(await t.http().get('/v1/access-log?limit=1001'), 400, 'limit');
  });

  it('auditors and admins read it; a clerk may not', async () => {
    const clerk = await issue(t, 'clerk', 'clerk-zhao');
    const auditor = await issue(t, 'auditor', 'auditor-qian');
    expectProblem(await t.as(clerk.token).get('/v1/access-log'), 403);
    await t.as(auditor.token).get('/v1/access-log').expect(200);
  });
});
