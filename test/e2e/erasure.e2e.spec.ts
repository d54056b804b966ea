/**
 * POST /v1/persons/{personId}/erasures (API.md Access): crypto-shredding. After it the person's
 * name and resident id read as erased everywhere — the person view, the events served, the whole
 * log served, the CLI audit, and after a full rebuild of the read model — while the money facts
 * (counters, account, ledger, claims) stay and still add up. Idempotent, and finishing: the same
 * erasure again answers 200 and destroys the key if a crash came between the event and the key.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { personStream } from '@benefit/domain';
import { EventStore } from '@benefit/event-store';
import { SqliteKeyStore } from '@benefit/vault';
import { ProjectionWaiter } from '@benefit/projections';
import { EVENT_STORE, PROJECTIONS } from '../../apps/api/src/infrastructure/tokens';
import { cli } from '../support/cli-process';
import { domainEvents, domainHead } from '../support/domain-log';
import { TestApp, account, claimBody, counters, expectProblem, item, ledgerOf, register, registerBody, settleMonth, startApp, submit, tempDataDir } from '../support/e2e';
import { residentId } from '../support/resident-id';

const NAME = '上官婉儿';
const ID = residentId({ birth: '19630714', seq: 519 });
const OTHER_NAME = '诸葛亮亮';

/** The key store as the app keeps it (a second connection: SQLite lets both read). */
async function keyRecord(dataDir: string, personId: string) {
  const store = new SqliteKeyStore(path.join(dataDir, 'keys.db'));
  try {
    return await store.get(personId);
  } finally {
    await store.close();
  }
}

describe('erasure of a person’s identity (crypto-shredding)', () => {
  let dataDir: string;
  let t: TestApp;
  let a: { personId: string };
  let b: { personId: string };
  let claimId: string;
  let money: () => Promise<unknown>;
  let before: unknown;
  let wrappedBefore: Buffer;
  let first: { personId: string; erasedAt: string };

  beforeAll(async () => {
    dataDir = tempDataDir('benefit-erasure-');
    t = await startApp({ dataDir });
    a = await register(t, registerBody({ name: NAME, idNumber: ID, openingPersonalAccountFen: 40000 }));
    b = await register(t, registerBody({ name: OTHER_NAME }));
    claimId = (await submit(t, claimBody(a.personId, { usePersonalAccount: true, items: [item(60000), item(5000, 'C')] }))).claimId;
    await submit(t, claimBody(b.personId, { items: [item(30000)] }));
    await settleMonth(t, 'nanchong', '2023-03');
    money = async () => ({
      counters: await counters(t, a.personId),
      account: await account(t, a.personId),
      ledger: await ledgerOf(t, 'nanchong', '2023-03'),
      claim: (await t.http().get(`/v1/claims/${claimId}`).expect(200)).body,
    });
    before = await money();
    const record = await keyRecord(dataDir, a.personId);
    if (record?.state !== 'active') throw new Error('the person has no data key');
    wrappedBefore = record.wrapped;
    const res = await t.http().post(`/v1/persons/${a.personId}/erasures`).send({ reason: 'request of the insured person, ticket 2024-113' });
    expect(res.status).toBe(201);
    first = res.body;
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 201 { personId, erasedAt } and records one PersonIdentityErased with the admin as actor', async () => {
    expect(first).toEqual({ personId: a.personId, erasedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    const erased = (await domainEvents(t)).filter((e) => e.type === 'PersonIdentityErased');
    expect(erased.map((e) => [e.streamId, e.data])).toEqual([[personStream(a.personId), { personId: a.personId, reason: 'request of the insured person, ticket 2024-113', erasedAt: first.erasedAt }]]);
    expect(erased[0].metadata.actor).toEqual(expect.any(String));
  });

  it('the person view reads as erased; everything else about the person stays', async () => {
    const view = (await t.http().get(`/v1/persons/${a.personId}`).expect(200)).body;
    expect(view).toEqual(expect.objectContaining({ personId: a.personId, name: null, idNumber: null, identityErasedAt: first.erasedAt, regionCode: 'nanchong', employment: 'in_service' }));
    const other = (await t.http().get(`/v1/persons/${b.personId}`).expect(200)).body;
    expect(other).toEqual(expect.objectContaining({ name: OTHER_NAME, identityErasedAt: null }));
  });

  it('the events served read as erased, the person’s and the whole log', async () => {
    const own = (await t.http().get(`/v1/persons/${a.personId}/events`).expect(200)).body;
    expect(own[0]).toEqual(expect.objectContaining({ type: 'PatientRegistered', data: expect.objectContaining({ personId: a.personId, name: null, idNumber: null }) }));
    expect(own[own.length - 1]).toEqual(expect.objectContaining({ type: 'PersonIdentityErased' }));
    const all = (await t.http().get('/v1/events?limit=1000').expect(200)).body as { type: string; data: { personId?: string; name?: string | null } }[];
    const registrations = all.filter((e) => e.type === 'PatientRegistered');
    expect(registrations.find((e) => e.data.personId === a.personId)?.data).toEqual(expect.objectContaining({ name: null, idNumber: null }));
    expect(registrations.find((e) => e.data.personId === b.personId)?.data.name).toBe(OTHER_NAME);
    expect(JSON.stringify(all)).not.toContain(NAME);
  });

  it('the money facts are unchanged and still add up', async () => {
    const after = (await money()) as { claim: { shares: Record<string, number>; totalFen: number } };
    expect(after).toEqual(before);
    expect(Object.values(after.claim.shares).reduce((s, v) => s + v, 0)).toBe(after.claim.totalFen);
  });

  it('the data key is destroyed: the key store keeps only the date, and no byte of the wrapped key is left in keys.db', async () => {
    expect(await keyRecord(dataDir, a.personId)).toEqual({ personId: a.personId, state: 'erased', erasedAt: first.erasedAt });
    const bytes = fs.readFileSync(path.join(dataDir, 'keys.db'));
    for (let at = 0; at + 16 <= wrappedBefore.length; at += 8) expect(bytes.includes(wrappedBefore.subarray(at, at + 16))).toBe(false);
  });

  it('the same erasure again → 200 with the same body, and nothing more is recorded', async () => {
    const head = await domainHead(t);
    const again = await t.http().post(`/v1/persons/${a.personId}/erasures`).send({ reason: 'sent twice' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first);
    expect(await domainHead(t)).toBe(head);
  });

  it('the person id and the resident id stay taken: registering either again → 409, nothing recorded', async () => {
    const head = await domainHead(t);
    expectProblem(await t.http().post('/v1/persons').send(registerBody({ personId: a.personId, name: NAME, idNumber: residentId() })), 409);
    const other = await t.http().post('/v1/persons').send(registerBody({ name: NAME, idNumber: ID }));
    expectProblem(other, 409);
    expect(other.body.code ?? other.body.type).toMatch(/resident-id-registered/);
    expect(await domainHead(t)).toBe(head);
  });

  it('an unknown person → 404, and nothing is recorded: no event, no key-store row', async () => {
    const head = await domainHead(t);
    expectProblem(await t.http().post('/v1/persons/NOBODY-1/erasures').send({ reason: 'typo' }), 404);
    expect(await domainHead(t)).toBe(head);
    expect(await keyRecord(dataDir, 'NOBODY-1')).toBeNull();
  });

  it.each([
    ['no reason', {}],
    ['an empty reason', { reason: '' }],
    ['a reason over 500 characters', { reason: 'x'.repeat(501) }],
    ['a reason that is not a string', { reason: 42 }],
  ])('%s → 400 naming reason, and nothing is recorded', async (_label, body) => {
    const { personId } = await register(t);
    const head = await domainHead(t);
    expectProblem(await t.http().post(`/v1/persons/${personId}/erasures`).send(body), 400, 'reason');
    expect(await domainHead(t)).toBe(head);
    expect((await t.http().get(`/v1/persons/${personId}`).expect(200)).body.name).toBe('张三');
  });

  it('a crash between the event and the key: the same request again answers 200 and destroys the key', async () => {
    const c = await register(t, registerBody({ name: '中断测试' }));
    const erasedAt = '2024-06-01T02:03:04.000Z';
    // what a crash right after the append leaves: the erasure recorded, the key still there
    const store = t.app.get<EventStore>(EVENT_STORE);
    await store.append(personStream(c.personId), [{ type: 'PersonIdentityErased', data: { personId: c.personId, reason: 'crashed', erasedAt } }], 'any');
    await t.app.get<ProjectionWaiter>(PROJECTIONS).waitFor(await store.headPosition());
    expect((await keyRecord(dataDir, c.personId))?.state).toBe('active');
    // meanwhile every view already reads the recorded erasure, the key notwithstanding
    expect((await t.http().get(`/v1/persons/${c.personId}`).expect(200)).body).toEqual(expect.objectContaining({ name: null, idNumber: null, identityErasedAt: erasedAt }));
    expect((await t.http().get(`/v1/persons/${c.personId}/events`).expect(200)).body[0].data).toEqual(expect.objectContaining({ name: null, idNumber: null }));
    const res = await t.http().post(`/v1/persons/${c.personId}/erasures`).send({ reason: 'again after the crash' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ personId: c.personId, erasedAt });
    expect(await keyRecord(dataDir, c.personId)).toEqual({ personId: c.personId, state: 'erased', erasedAt });
    expect((await t.http().get(`/v1/persons/${c.personId}`).expect(200)).body).toEqual(expect.objectContaining({ name: null, idNumber: null }));
  });

  it('the CLI audit reads as erased, in text and JSON', async () => {
    const [text, json] = await Promise.all([cli(dataDir, 'audit', 'person', a.personId), cli(dataDir, 'audit', 'person', a.personId, '--json')]);
    expect([text.code, text.stderr]).toEqual([0, '']);
    expect(json.code).toBe(0);
    expect(text.stdout).toContain('registered [identity erased]');
    expect(text.stdout).toContain('resident id [identity erased]');
    expect(text.stdout).toContain('identity erased (name and resident id made unreadable for good): request of the insured person, ticket 2024-113');
    const events = JSON.parse(json.stdout) as { type: string; data: { name: unknown; idNumber: unknown } }[];
    expect(events[0].data).toEqual(expect.objectContaining({ name: null, idNumber: null }));
    for (const out of [text.stdout, json.stdout]) {
      expect(out).not.toContain(NAME);
      expect(out).not.toContain('pii:v1:');
    }
    // another person's audit still shows the name
    expect((await cli(dataDir, 'audit', 'person', b.personId)).stdout).toContain(`registered ${OTHER_NAME}`);
  });

  it('a full rebuild of the read model keeps the identity erased and the money as it was', async () => {
    await t.close();
    const rebuilt = await cli(dataDir, 'rebuild');
    expect([rebuilt.code, rebuilt.stderr.includes('Error')]).toEqual([0, false]);
    t = await startApp({ dataDir });
    expect((await t.http().get(`/v1/persons/${a.personId}`).expect(200)).body).toEqual(expect.objectContaining({ name: null, idNumber: null, identityErasedAt: first.erasedAt }));
    expect((await t.http().get(`/v1/persons/${b.personId}`).expect(200)).body.name).toBe(OTHER_NAME);
    expect(await money()).toEqual(before);
  });
});
