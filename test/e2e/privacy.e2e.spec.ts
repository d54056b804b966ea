/**
 * A resident id number never leaves the service in full: responses show it masked (area code
 * and last four characters), and the logs never carry it, at any level.
 */
import { Writable } from 'node:stream';
import { TestApp, allEvents, claimBody, item, register, registerBody, startApp, submit } from '../support/e2e';
import { residentId, residentIdEndingInX, withBadChecksum } from '../support/resident-id';

const logLines: string[] = [];
const destination = new Writable({
  write(chunk, _encoding, done) {
    logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});

let t: TestApp;
beforeAll(async () => {
  t = await startApp({ logDestination: destination, logLevel: 'trace' });
});
afterAll(async () => {
  await t?.close();
});

const masked = (id: string) => `${id.slice(0, 6)}********${id.slice(-4)}`;

/** Every form the number could leak in: as given, upper and lower case, and its 17-digit body. */
const forms = (id: string) => [...new Set([id, id.toUpperCase(), id.toLowerCase(), id.slice(0, 17)])];

describe('resident id numbers are masked in every response and absent from every log line', () => {
  const plain = residentId({ birth: '19660708' });
  const withX = residentIdEndingInX('19710315');
  const rejected = withBadChecksum(residentId({ birth: '19880909' }));
  const alice = registerBody({ idNumber: plain, family: [{ personId: 'FAM-PRIV', relation: 'child' }], openingPersonalAccountFen: 20000 });
  const bob = registerBody({ idNumber: withX.toLowerCase() });
  const bodies: string[] = [];

  beforeAll(async () => {
    // a full flow: registrations, claims, a payment, and refusals that carry the numbers
    const record = (res: { text: string }) => bodies.push(res.text);
    record(await t.http().post('/v1/persons').set('x-correlation-id', 'privacy-1').send(alice).expect(201));
    record(await t.http().post('/v1/persons').send(bob).expect(201));
    record(await t.http().post('/v1/persons').send(registerBody({ idNumber: plain })).expect(409));
    record(await t.http().post('/v1/persons').send({ ...alice }).expect(409));
    record(await t.http().post('/v1/persons').send(registerBody({ idNumber: rejected })).expect(400));
    record(await t.http().post('/v1/persons').send(registerBody({ idNumber: plain, employment: null })).expect(400));
    record(await t.http().post('/v1/persons').set('content-type', 'application/json').send(`{"idNumber":"${plain}",`).expect(400));
    const claim = claimBody(alice.personId, { usePersonalAccount: true, items: [item(50000)] });
    await submit(t, claim);
    record(await t.http().post('/v1/claims').send(claim).expect(200));
    record(await t.http().post('/v1/claims').send({ ...claim, items: [item(1)] }).expect(409));
    record(await t.http().post('/v1/claims').send(claimBody(bob.personId, { visitType: 'inpatient' })).expect(422));
    record(await t.http().post(`/v1/persons/${alice.personId}/personal-account/payments`).send({ beneficiaryPersonId: 'FAM-PRIV', purpose: 'wellness', amountFen: 1, reference: plain }).expect(422));
    for (const id of [alice.personId, bob.personId]) {
      record(await t.http().get(`/v1/persons/${id}`).expect(200));
      record(await t.http().get(`/v1/persons/${id}/events`).expect(200));
      record(await t.http().get(`/v1/persons/${id}/personal-account`).expect(200));
      record(await t.http().get(`/v1/persons/${id}/counters?year=2023`).expect(200));
    }
    record(await t.http().get('/v1/events?limit=1000').expect(200));
  });

  it('GET /v1/persons/{id} shows the id masked: area code and last four only, never the birth date', async () => {
    const a = (await t.http().get(`/v1/persons/${alice.personId}`).expect(200)).body;
    expect(a.idNumber).toBe(masked(plain));
    expect(a.idNumber).not.toContain('19660708');
    const b = (await t.http().get(`/v1/persons/${bob.personId}`).expect(200)).body;
    expect(b.idNumber).toBe(masked(withX.toUpperCase()));
  });

  it('GET /v1/persons/{id}/events and GET /v1/events carry the masked id only', async () => {
    const events = (await t.http().get(`/v1/persons/${alice.personId}/events`).expect(200)).body;
    expect(events[0].type).toBe('PatientRegistered');
    expect(events[0].data.idNumber).toBe(masked(plain));
    const registered = (await allEvents(t)).filter((e) => e.type === 'PatientRegistered').map((e) => (e.data as { idNumber: string }).idNumber);
    expect(registered.sort()).toEqual([masked(plain), masked(withX.toUpperCase())].sort());
  });

  it('no response body carries any resident id in full', () => {
    expect(bodies.length).toBeGreaterThan(15);
    for (const text of bodies) for (const id of [plain, withX, rejected]) for (const f of forms(id)) expect(text).not.toContain(f);
  });

  it('no log line carries any resident id in full, even at trace level', async () => {
    // let pino flush what the last requests logged
    await new Promise((r) => setImmediate(r));
    expect(logLines.length).toBeGreaterThan(20);
    expect(logLines.some((l) => l.includes('privacy-1'))).toBe(true); // the request log did reach this destination
    const all = logLines.join('\n');
    for (const id of [plain, withX, rejected]) for (const f of forms(id)) expect(all).not.toContain(f);
  });
});
