/**
 * RegisterPatient and the enrollment commands over HTTP (API.md): one person per personId and
 * per resident id, every invalid field named, and a refused request records nothing.
 */
import { TestApp, expectProblem, register, registerBody, retiredBody, startApp } from '../support/e2e';
import { domainEvents, domainHead } from '../support/domain-log';
import { residentId, residentIdEndingInX, withBadBirthDate, withBadChecksum } from '../support/resident-id';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => {
  await t?.close();
});

const post = (body: unknown) => t.http().post('/v1/persons').send(body as object);

describe('RegisterPatient', () => {
  it('answers 201 { personId, version } and the person can be read back at that version', async () => {
    const body = registerBody({ family: [{ personId: 'SPOUSE-1', relation: 'spouse' }], openingPersonalAccountFen: 1234 });
    const res = await post(body);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ personId: body.personId, version: expect.any(Number) });
    const person = await t.http().get(`/v1/persons/${body.personId}`).expect(200);
    expect(person.body).toEqual(
      expect.objectContaining({
        personId: body.personId,
        name: '张三',
        regionCode: 'nanchong',
        scheme: 'employee',
        employment: 'in_service',
        monthlyContributionBaseFen: 600000,
        countyCode: '511302',
        family: [{ personId: 'SPOUSE-1', relation: 'spouse' }],
        registeredOn: '2023-01-01',
        version: res.body.version,
      }),
    );
    const events = (await t.http().get(`/v1/persons/${body.personId}/events`).expect(200)).body;
    expect(events.map((e: { type: string }) => e.type)).toEqual(['PatientRegistered']);
    expect(events[0]).toEqual(expect.objectContaining({ position: expect.any(Number), streamId: expect.any(String), revision: 0, recordedAt: expect.any(String) }));
  });

  it('the same personId again → 409 problem+json, and nothing is recorded', async () => {
    const body = await register(t);
    const head = await domainHead(t);
    const res = await post({ ...body, idNumber: residentId() });
    expectProblem(res, 409);
    expect(await domainHead(t)).toBe(head);
    // the exact same body again is also a conflict (API.md: same personId again → 409)
    expectProblem(await post(body), 409);
    expect(await domainHead(t)).toBe(head);
  });

  it('the same resident id for another person → 409, and nothing is recorded', async () => {
    const first = await register(t);
    const head = await domainHead(t);
    const other = registerBody({ idNumber: first.idNumber });
    expectProblem(await post(other), 409);
    expect(await domainHead(t)).toBe(head);
    await t.http().get(`/v1/persons/${other.personId}`).expect(404);
  });

  it('a resident id is one id whatever the case of its check character X', async () => {
    const id = residentIdEndingInX();
    const lower = registerBody({ idNumber: id.toLowerCase() });
    await register(t, lower);
    expectProblem(await post(registerBody({ idNumber: id })), 409);
  });

  it('after a 409 for a duplicate personId, the resident id it carried is still free', async () => {
    const existing = await register(t);
    const freshId = residentId();
    expectProblem(await post({ ...existing, idNumber: freshId }), 409);
    const res = await post(registerBody({ idNumber: freshId }));
    expect(res.status).toBe(201);
  });

  it.each([
    ['too short (17 characters)', () => residentId().slice(0, 17)],
    ['too long (19 characters)', () => residentId() + '1'],
    ['impossible birth date 1980-02-30', () => withBadBirthDate()],
    ['birth date in the future', () => residentId({ birth: '29990101' })],
    ['wrong check character (ISO 7064 MOD 11-2)', () => withBadChecksum(residentId())],
    ['letters inside', () => '51130219800101A01' + '2'],
    ['unknown province code 99', () => residentId({ area: '991302' })],
    ['a number, not a string', () => 511302198001010011],
  ])('an invalid resident id (%s) → 400 naming idNumber, without echoing it, nothing recorded', async (_label, make) => {
    const head = await domainHead(t);
    const idNumber = make();
    const res = await post(registerBody({ idNumber }));
    expectProblem(res, 400, 'idNumber');
    expect(res.text).not.toContain(String(idNumber));
    expect(await domainHead(t)).toBe(head);
  });

  it('an employee without employment → 400 naming employment; corrected, the same id and personId register', async () => {
    const body = registerBody();
    delete body.employment;
    const head = await domainHead(t);
    expectProblem(await post(body), 400, 'employment');
    expect(await domainHead(t)).toBe(head);
    const res = await post({ ...body, employment: 'in_service' });
    expect(res.status).toBe(201);
  });

  it('cross-field rules name their field: contribution base for in-service only, employment for employees only', async () => {
    const noBase = registerBody();
    delete noBase.monthlyContributionBaseFen;
    expectProblem(await post(noBase), 400, 'monthlyContributionBaseFen');
    expectProblem(await post(retiredBody({ monthlyContributionBaseFen: 500000 })), 400, 'monthlyContributionBaseFen');
    const resident = registerBody({ scheme: 'resident' });
    delete resident.monthlyContributionBaseFen;
    expectProblem(await post(resident), 400, 'employment');
    const self = registerBody();
    expectProblem(await post({ ...self, family: [{ personId: self.personId, relation: 'spouse' }] }), 400, 'family[0].personId');
  });

  it('each invalid field is named in one 400', async () => {
    const res = await post(registerBody({ regionCode: 'beijing', registeredOn: '2023-13-01', countyCode: '12', openingPersonalAccountFen: -1, family: [{ personId: 'X-1', relation: 'cousin' }] }));
    expectProblem(res, 400);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['regionCode', 'registeredOn', 'countyCode', 'openingPersonalAccountFen', 'family[0].relation']));
  });

  it('a registration date in the future → 400 naming registeredOn', async () => {
    expectProblem(await post(registerBody({ registeredOn: '2999-01-01' })), 400, 'registeredOn');
  });

  it('concurrent registrations of one resident id: exactly one 201, the others 409', async () => {
    const idNumber = residentId();
    const bodies = Array.from({ length: 6 }, () => registerBody({ idNumber }));
    const results = await Promise.all(bodies.map((b) => post(b)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
  });

  it('concurrent registrations of one personId: exactly one 201, and the losers’ resident ids stay free', async () => {
    const personId = registerBody().personId;
    const bodies = Array.from({ length: 5 }, () => registerBody({ personId }));
    const results = await Promise.all(bodies.map((b) => post(b)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const losers = bodies.filter((_b, i) => results[i].status === 409);
    for (const b of losers) expect((await post(registerBody({ idNumber: b.idNumber }))).status).toBe(201);
  });
});

describe('enrollment changes', () => {
  it('employment change → 201 with a new version; invalid month → 400; unknown person → 404', async () => {
    const p = await register(t);
    const res = await t.http().post(`/v1/persons/${p.personId}/employment-changes`).send({ employment: 'retired', effectiveMonth: '2023-07' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ personId: p.personId, version: 1 });
    expectProblem(await t.http().post(`/v1/persons/${p.personId}/employment-changes`).send({ employment: 'retired', effectiveMonth: '2023-7' }), 400, 'effectiveMonth');
    expectProblem(await t.http().post(`/v1/persons/${p.personId}/employment-changes`).send({ employment: 'fired', effectiveMonth: '2023-08' }), 400, 'employment');
    expectProblem(await t.http().post(`/v1/persons/NOBODY-9/employment-changes`).send({ employment: 'retired', effectiveMonth: '2023-07' }), 404);
  });

  it('a change before the registration month → 400 naming effectiveMonth, nothing recorded', async () => {
    const p = await register(t, registerBody({ registeredOn: '2023-05-10' }));
    const head = await domainHead(t);
    expectProblem(await t.http().post(`/v1/persons/${p.personId}/employment-changes`).send({ employment: 'retired', effectiveMonth: '2023-04' }), 400, 'effectiveMonth');
    expectProblem(await t.http().post(`/v1/persons/${p.personId}/contribution-base-changes`).send({ monthlyContributionBaseFen: 1, effectiveMonth: '2023-04' }), 400, 'effectiveMonth');
    expect(await domainHead(t)).toBe(head);
  });

  it('a resident-scheme person has no employment to change → 422', async () => {
    const body = registerBody({ scheme: 'resident', regionCode: 'yancheng', countyCode: '320902' });
    delete body.employment;
    delete body.monthlyContributionBaseFen;
    await register(t, body);
    expectProblem(await t.http().post(`/v1/persons/${body.personId}/employment-changes`).send({ employment: 'retired', effectiveMonth: '2023-07' }), 422);
  });

  it('contribution base change → 201; zero or fractional base → 400 naming monthlyContributionBaseFen', async () => {
    const p = await register(t);
    await t.http().post(`/v1/persons/${p.personId}/contribution-base-changes`).send({ monthlyContributionBaseFen: 700000, effectiveMonth: '2023-03' }).expect(201);
    expectProblem(await t.http().post(`/v1/persons/${p.personId}/contribution-base-changes`).send({ monthlyContributionBaseFen: 0, effectiveMonth: '2023-03' }), 400, 'monthlyContributionBaseFen');
    expectProblem(await t.http().post(`/v1/persons/${p.personId}/contribution-base-changes`).send({ monthlyContributionBaseFen: 1.5, effectiveMonth: '2023-03' }), 400, 'monthlyContributionBaseFen');
    const person = (await t.http().get(`/v1/persons/${p.personId}`).expect(200)).body;
    expect(person.contributionBaseHistory).toEqual([
      { from: '2023-01', monthlyContributionBaseFen: 600000 },
      { from: '2023-03', monthlyContributionBaseFen: 700000 },
    ]);
  });

  it('the log shows the person’s events in order', async () => {
    const p = await register(t);
    await t.http().post(`/v1/persons/${p.personId}/employment-changes`).send({ employment: 'retired', effectiveMonth: '2023-09' }).expect(201);
    const mine = (await domainEvents(t)).filter((e) => e.streamId === `person-${p.personId}`);
    expect(mine.map((e) => e.type)).toEqual(['PatientRegistered', 'EmploymentChanged']);
  });
});
