/**
 * Issue 10 on the real app: validation that nested bodies cannot slip past, a depth limit read with
 * the body, the window of dates, money bounded per field, bounded simulations and bodies, bed days
 * paid in the month they fall in, and framework errors as problem+json. Every refusal is a
 * problem+json naming its field, and the log is unchanged after it.
 */
import * as http from 'node:http';
import * as net from 'node:net';
import { EventStore } from '@benefit/event-store';
import { MAX_CLAIM_FEN, MAX_CONTRIBUTION_BASE_FEN, MAX_OPENING_BALANCE_FEN, dateWindow } from '@benefit/shared';
import { EVENT_STORE } from '../../apps/api/src/infrastructure/tokens';
import { MAX_JSON_DEPTH, MAX_OVERRIDE_VALUES } from '@benefit/runtime';
import { TestApp, claimBody, expectProblem, item, register, registerBody, residentBody, settleMonth, startApp, submit, tagStatus } from '../support/e2e';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => {
  await t?.close();
});

const head = () => t.app.get<EventStore>(EVENT_STORE).headPosition();

/** A request with exactly these bytes and headers (supertest would serialise a Buffer sent as JSON). */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: Buffer) {
  return new Promise<{ status: number; headers: Record<string, string>; body: any; text: string }>((resolve, reject) => {
    const { port } = t.app.getHttpServer().address() as { port: number };
    const req = http.request({ host: '127.0.0.1', port, path, method, headers: { authorization: 'Bearer test-admin-token-0123456789abcdef', ...headers } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        let parsed: unknown = null;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = null;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string>, body: parsed, text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
const gzipped = async (path: string, json: string) => {
  const { gzipSync } = await import('node:zlib');
  return raw('POST', path, { 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipSync(json));
};

/** Sends the request, expects `status` problem+json naming `field`, and the log unchanged. */
async function refused(send: () => Promise<{ status: number; headers: Record<string, string>; body: any }>, status: number, field?: string) {
  const before = await head();
  const res = await send();
  expectProblem(res as never, status, field);
  expect(await head()).toBe(before);
  return res;
}

describe('1. nested bodies: an array where an object belongs, a primitive where an array of objects belongs', () => {
  let personId: string;
  beforeAll(async () => {
    personId = (await register(t)).personId;
  });

  it.each([
    ['items: [[]] (answered 500)', { items: [[]] }, 'items'],
    ['items: [1]', { items: [1] }, 'items'],
    ['items: [null]', { items: [null] }, 'items'],
    ['items: [{}, []]', { items: [item(100), []] }, 'items'],
    ['items: {} ', { items: {} }, 'items'],
    ['items: "x"', { items: 'x' }, 'items'],
    ['priorPayments: [[]] (taken as empty)', { priorPayments: [[]] }, 'priorPayments'],
    ['priorPayments: []', { priorPayments: [] }, 'priorPayments'],
    ['priorPayments: 5', { priorPayments: 5 }, 'priorPayments'],
  ])('a claim with %s → 400 naming it', async (_name, over, field) => {
    await refused(() => t.http().post('/v1/claims').send(claimBody(personId, over)), 400, field);
  });

  it.each([
    ['family: [[]] (recorded as [{}])', { family: [[]] }, 'family'],
    ['family: ["P-2"]', { family: ['P-2'] }, 'family'],
    ['family: {}', { family: {} }, 'family'],
    ['family: 21 members', { family: Array.from({ length: 21 }, (_, i) => ({ personId: `F-${i}`, relation: 'child' })) }, 'family'],
  ])('a registration with %s → 400 naming it', async (_name, over, field) => {
    await refused(() => t.http().post('/v1/persons').send(registerBody(over)), 400, field);
  });

  it('free text refuses control characters and lone surrogates', async () => {
    await refused(() => t.http().post('/v1/persons').send(registerBody({ name: '张\u0000三' })), 400, 'name');
    await refused(() => t.http().post('/v1/claims').send(claimBody(personId, { items: [item(100, 'A', { name: 'x\uD800' })] })), 400, 'items[0].name');
  });
});

describe('1. JSON nested deeper than 32 is refused while it is read (it answered 500 from a stack overflow)', () => {
  const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

  it.each([
    [5_000, ['/v1/persons', '/v1/claims', '/v1/settlements', '/v1/simulations', '/v1/readjudications']],
    [100_000, ['/v1/claims']], // 200 KB: only a claim may be that large
  ])('%i deep → 400 problem+json, nothing recorded (%j)', async (depth, paths) => {
    for (const path of paths) {
      const res = await refused(() => t.http().post(path).set('content-type', 'application/json').send(`{"items":${nested(depth)}}`), 400, 'body');
      expect((res.body as { detail: string }).detail).toMatch(/more than 32 deep/);
    }
  });

  it(`${MAX_JSON_DEPTH} levels pass the reader (the DTO then names what is wrong); ${MAX_JSON_DEPTH + 1} do not; brackets inside strings do not count`, async () => {
    const ok = await t.http().post('/v1/settlements').set('content-type', 'application/json').send(`{"x":${nested(MAX_JSON_DEPTH - 1)},"s":"${'['.repeat(100)}"}`);
    expectProblem(ok, 400, 'regionCode');
    await refused(() => t.http().post('/v1/settlements').set('content-type', 'application/json').send(`{"x":${nested(MAX_JSON_DEPTH)}}`), 400, 'body');
  });

  it('a deep body that is gzip-compressed is refused the same way', async () => {
    const res = await refused(() => gzipped('/v1/claims', `{"a":${nested(50_000)}}`), 400, 'body');
    expect(res.body.detail).toMatch(/more than 32 deep/);
  });
});

describe('2. every date and month inside 1990-01-01 … today + 1 year', () => {
  let personId: string;
  const { to } = dateWindow();
  const past = '1989-12-31';
  beforeAll(async () => {
    personId = (await register(t)).personId;
  });

  it('relief statuses, revocations, employment and contribution-base months', async () => {
    const status = { status: 'minimum_living', source: 'civil_affairs' };
    await refused(() => t.http().post(`/v1/persons/${personId}/relief-statuses`).send({ ...status, validFrom: '0001-01-01' }), 400, 'validFrom');
    await refused(() => t.http().post(`/v1/persons/${personId}/relief-statuses`).send({ ...status, validFrom: '2023-01-01', validTo: '9999-12-31' }), 400, 'validTo');
    await refused(() => t.http().post(`/v1/persons/${personId}/relief-statuses`).send({ ...status, validFrom: '2023-01-01', firstTreatmentDate: past }), 400, 'firstTreatmentDate');
    await refused(() => t.http().post(`/v1/persons/${personId}/relief-statuses/minimum_living/revocations`).send({ effectiveDate: '9999-12-31' }), 400, 'effectiveDate');
    await refused(() => t.http().post(`/v1/persons/${personId}/employment-changes`).send({ employment: 'retired', effectiveMonth: '9999-12' }), 400, 'effectiveMonth');
    await refused(() => t.http().post(`/v1/persons/${personId}/contribution-base-changes`).send({ monthlyContributionBaseFen: 500000, effectiveMonth: '1989-12' }), 400, 'effectiveMonth');
    // the last day of the window is still a date
    await t.http().post(`/v1/persons/${personId}/relief-statuses`).send({ ...status, validFrom: '2023-01-01', validTo: to }).expect(201);
  });

  it('registration, settlements, re-settlements, simulations and payments', async () => {
    await refused(() => t.http().post('/v1/persons').send(registerBody({ registeredOn: past })), 400, 'registeredOn');
    await refused(() => t.http().post('/v1/settlements').send({ regionCode: 'nanchong', month: '0001-01' }), 400, 'month');
    await refused(() => t.http().post('/v1/readjudications').send({ regionCode: 'nanchong', fromMonth: '0001-01', toMonth: '9999-12' }), 400, 'fromMonth');
    await refused(() => t.http().post('/v1/simulations').send({ regionCode: 'nanchong', fromMonth: '2023-01', toMonth: '2023-12', parameterOverrides: { 'nanchong.outpatient.in_service.rate_lower': [{ effectiveFrom: '9999-01-01', value: 0.7 }] } }), 400, 'parameterOverrides.nanchong.outpatient.in_service.rate_lower[0].effectiveFrom');
    await refused(() => t.http().post(`/v1/persons/${personId}/personal-account/payments`).send({ beneficiaryPersonId: personId, purpose: 'medical', amountFen: 1, reference: 'R-old', paidOn: past }), 400, 'paidOn');
  });

  it('parameters: effectiveFrom/To in the window; a date-valued parameter a calendar date (9999-99-99 and 2023-02-30 were accepted)', async () => {
    const key = 'yancheng.free_psychiatric_drugs_from';
    await refused(() => t.http().put(`/v1/parameters/${key}`).send({ effectiveFrom: '2023-01-01', value: '9999-99-99', reason: 'r' }), 400, 'value');
    await refused(() => t.http().put(`/v1/parameters/${key}`).send({ effectiveFrom: '2023-01-01', value: '2023-02-30', reason: 'r' }), 400, 'value');
    await refused(() => t.http().put(`/v1/parameters/${key}`).send({ effectiveFrom: '2023-01-01', value: '9999-12-31', reason: 'r' }), 400, 'value');
    await refused(() => t.http().put(`/v1/parameters/${key}`).send({ effectiveFrom: '9999-01-01', value: '2023-03-01', reason: 'r' }), 400, 'effectiveFrom');
    await refused(() => t.http().put(`/v1/parameters/${key}`).send({ effectiveFrom: '2023-01-01', effectiveTo: '9999-12-31', value: '2023-03-01', reason: 'r' }), 400, 'effectiveTo');
  });

  it('claims: serviceDate from 1990, dischargeDate in the window, ≥ serviceDate and at most 366 days later', async () => {
    const stay = (over: Record<string, unknown>) => claimBody(personId, { visitType: 'inpatient', priorPayments: { basic_pooling: 1 }, ...over });
    await refused(() => t.http().post('/v1/claims').send(claimBody(personId, { serviceDate: past })), 400, 'serviceDate');
    await refused(() => t.http().post('/v1/claims').send(stay({ serviceDate: '2023-03-01', dischargeDate: '9999-12-31' })), 400, 'dischargeDate');
    await refused(() => t.http().post('/v1/claims').send(stay({ serviceDate: '2023-03-01', dischargeDate: '2024-03-02' })), 400, 'dischargeDate');
    await refused(() => t.http().post('/v1/claims').send(stay({ serviceDate: '2023-03-10', dischargeDate: '2023-03-09' })), 400, 'dischargeDate');
    await submit(t, stay({ serviceDate: '2023-03-01', dischargeDate: '2024-03-01' }));
  });
});

describe('2. bed days are paid in the month they fall in (a 1-fen stay to 9999-12-31 paid 2.9 million bed days)', () => {
  it('a stay from 20 March to 10 May: March pays 12 bed days, April 30, May 9', async () => {
    const p = await register(t, residentBody('shanting'));
    await tagStatus(t, p.personId, 'severe_mental_disorder', { riskLevel: 1 });
    const view = await submit(t, claimBody(p.personId, { institutionId: 'H-ST-9', visitType: 'inpatient', serviceDate: '2023-03-20', dischargeDate: '2023-05-10', items: [item(1)], priorPayments: { basic_pooling: 1 } }));
    expect(view.bedDays).toEqual(expect.objectContaining({ bedDays: 51, amountFen: 51 * 25000 }));
    const paid = async (month: string) => (await settleMonth(t, 'shanting', month)).bedDayPayments?.find((r) => r.institutionId === 'H-ST-9');
    expect(await paid('2023-03')).toEqual({ institutionId: 'H-ST-9', stays: 1, bedDays: 12, amountFen: 12 * 25000 });
    expect(await paid('2023-04')).toEqual({ institutionId: 'H-ST-9', stays: 1, bedDays: 30, amountFen: 30 * 25000 });
    expect(await paid('2023-05')).toEqual({ institutionId: 'H-ST-9', stays: 1, bedDays: 9, amountFen: 9 * 25000 });
  });

  it('a stay of a month already settled is paid with the next open month, days of later months with their own', async () => {
    const p = await register(t, residentBody('shanting'));
    await tagStatus(t, p.personId, 'severe_mental_disorder', { riskLevel: 1 });
    await submit(t, claimBody(p.personId, { institutionId: 'H-ST-8', visitType: 'inpatient', serviceDate: '2023-05-25', dischargeDate: '2023-07-03', items: [item(1)], priorPayments: { basic_pooling: 1 } }));
    // May is settled above: its 7 days join June's 30
    const june = (await settleMonth(t, 'shanting', '2023-06')).bedDayPayments?.find((r) => r.institutionId === 'H-ST-8');
    expect(june).toEqual({ institutionId: 'H-ST-8', stays: 1, bedDays: 37, amountFen: 37 * 25000 });
    const july = (await settleMonth(t, 'shanting', '2023-07')).bedDayPayments?.find((r) => r.institutionId === 'H-ST-8');
    expect(july).toEqual({ institutionId: 'H-ST-8', stays: 1, bedDays: 2, amountFen: 2 * 25000 });
  });
});

describe('3. money bounded per field, so no sum passes 2^53 (an opening balance of 2^53 − 1 made the ledger 1 fen off)', () => {
  let personId: string;
  beforeAll(async () => {
    personId = (await register(t)).personId;
  });

  it('openingPersonalAccountFen, monthlyContributionBaseFen', async () => {
    await refused(() => t.http().post('/v1/persons').send(registerBody({ openingPersonalAccountFen: 2 ** 53 - 1 })), 400, 'openingPersonalAccountFen');
    await refused(() => t.http().post('/v1/persons').send(registerBody({ openingPersonalAccountFen: MAX_OPENING_BALANCE_FEN + 1 })), 400, 'openingPersonalAccountFen');
    await refused(() => t.http().post('/v1/persons').send(registerBody({ monthlyContributionBaseFen: MAX_CONTRIBUTION_BASE_FEN + 1 })), 400, 'monthlyContributionBaseFen');
    await refused(() => t.http().post(`/v1/persons/${personId}/contribution-base-changes`).send({ monthlyContributionBaseFen: MAX_CONTRIBUTION_BASE_FEN + 1, effectiveMonth: '2023-07' }), 400, 'monthlyContributionBaseFen');
    await register(t, registerBody({ openingPersonalAccountFen: MAX_OPENING_BALANCE_FEN, monthlyContributionBaseFen: MAX_CONTRIBUTION_BASE_FEN }));
  });

  it('a claim: each item and the items together at most 10 million yuan; priorPayments at most the policy scope', async () => {
    await refused(() => t.http().post('/v1/claims').send(claimBody(personId, { items: [item(MAX_CLAIM_FEN + 1)] })), 400, 'items[0].amountFen');
    await refused(() => t.http().post('/v1/claims').send(claimBody(personId, { items: [item(MAX_CLAIM_FEN), item(1, 'C')] })), 400, 'items');
    await refused(() => t.http().post('/v1/claims').send(claimBody(personId, { items: [item(100)], priorPayments: { basic_pooling: 2 ** 53 - 1 } })), 400, 'priorPayments.basic_pooling');
    await submit(t, claimBody(personId, { items: [item(MAX_CLAIM_FEN - 1), item(1, 'C')], priorPayments: { basic_pooling: 1 } }));
  });

  it('a payment and a fen parameter', async () => {
    await refused(() => t.http().post(`/v1/persons/${personId}/personal-account/payments`).send({ beneficiaryPersonId: personId, purpose: 'medical', amountFen: 2 ** 53 - 1, reference: 'R-big' }), 400, 'amountFen');
    await refused(() => t.http().put('/v1/parameters/nanchong.retired_pension_base').send({ effectiveFrom: '2023-01-01', value: 2 ** 53 - 1, reason: 'r' }), 400, 'value');
  });
});

describe('4. bounded work: simulations and body sizes', () => {
  const sim = (parameterOverrides: unknown) => t.http().post('/v1/simulations').send({ regionCode: 'nanchong', fromMonth: '2023-01', toMonth: '2023-12', parameterOverrides });
  const many = (n: number) => ({ 'nanchong.outpatient.in_service.rate_lower': Array.from({ length: n }, (_, i) => ({ effectiveFrom: `2023-${String((i % 12) + 1).padStart(2, '0')}-01`, value: 0.6 })) });

  it(`${MAX_OVERRIDE_VALUES} override values are simulated; one more → 400 naming parameterOverrides`, async () => {
    expect((await sim(many(MAX_OVERRIDE_VALUES))).status).toBe(200);
    await refused(() => sim(many(MAX_OVERRIDE_VALUES + 1)), 400, 'parameterOverrides');
    // keys count too: 201 distinct (unknown) keys are refused before any is looked at
    await refused(() => sim(Object.fromEntries(Array.from({ length: MAX_OVERRIDE_VALUES + 1 }, (_, i) => [`k${i}`, 1]))), 400, 'parameterOverrides');
    await refused(() => sim({ 'nanchong.outpatient.in_service.rate_lower': [] }), 400, 'parameterOverrides.nanchong.outpatient.in_service.rate_lower');
    await refused(() => sim({ 'nanchong.outpatient.in_service.rate_lower': [[]] }), 400, 'parameterOverrides.nanchong.outpatient.in_service.rate_lower[0]');
  });

  it('a body over the route’s limit → 413 problem+json: 64 KB for commands, 1 MB for a claim', async () => {
    const padding = 'x'.repeat(70 * 1024);
    await refused(() => t.http().post('/v1/simulations').send({ regionCode: 'nanchong', fromMonth: '2023-01', toMonth: '2023-01', parameterOverrides: {}, padding }), 413, 'body');
    await refused(() => t.http().post('/v1/persons').send(registerBody({ padding })), 413, 'body');
    // a claim may be larger: the padding is an unknown field, stripped, and the claim is settled
    const p = await register(t);
    await submit(t, claimBody(p.personId, { padding }));
  });

  it('a claim of more than 1,000 items is refused by their number before any is validated; a refusal lists at most 100 errors', async () => {
    const p = await register(t);
    const many = await refused(() => t.http().post('/v1/claims').send(claimBody(p.personId, { items: Array.from({ length: 50_000 }, () => ({})) })), 400, 'items');
    expect(many.body.errors).toEqual([{ field: 'items', message: 'must contain no more than 1000 elements' }]);
    const bad = await refused(() => t.http().post('/v1/claims').send(claimBody(p.personId, { items: Array.from({ length: 300 }, () => ({ amountFen: -1, unknown: 1 })) })), 400, 'items[0].amountFen');
    expect(bad.body.errors).toHaveLength(100);
    expect(bad.body.detail).toMatch(/and \d+ more errors$/);
    // unknown fields are dropped as before: a valid claim with them is settled
    await submit(t, claimBody(p.personId, { extra: { deep: [1, 2, 3] }, items: [item(100, 'A', { note: 'x' })] }));
  });

  it('a gzip body that inflates past the route’s limit → 413', async () => {
    await refused(() => gzipped('/v1/persons', JSON.stringify(registerBody({ padding: ' '.repeat(200 * 1024) }))), 413, 'body');
    // the same body inflated within a claim's limit is read
    const p = await register(t);
    expect((await gzipped('/v1/claims', JSON.stringify(claimBody(p.personId, { padding: ' '.repeat(200 * 1024) })))).status).toBe(201);
  });
});

describe('9. what the framework refuses is problem+json too', () => {
  it('a path over 16 KB → 431 problem+json (it answered plain JSON)', async () => {
    const res = await raw('GET', `/v1/persons/${'P'.repeat(17 * 1024)}`);
    expect(res.status).toBe(431);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual(expect.objectContaining({ status: 431, type: expect.any(String), title: expect.any(String), detail: expect.stringMatching(/16 KB/) }));
  });

  it('bytes that are not HTTP → 400 problem+json, and the connection closes', async () => {
    const { port } = t.app.getHttpServer().address() as { port: number };
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let text = '';
      socket.on('data', (c) => (text += c));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual(expect.objectContaining({ status: 400, detail: expect.any(String) }));
  });

  it('a Content-Type that is not a media type → 400 problem+json', async () => {
    expectProblem(await t.http().post('/v1/persons').set('content-type', '/').send('{}'), 400);
  });
});

describe('2. DATE_WINDOW_YEARS_AHEAD moves the upper end of the window', () => {
  it('with 3 years ahead, a parameter from 2 years ahead is recorded; the default refuses it', async () => {
    const ahead = `${Number(dateWindow().to.slice(0, 4)) + 1}-01-01`;
    const body = { effectiveFrom: ahead, value: 0.7, reason: 'planned reform' };
    await refused(() => t.http().put('/v1/parameters/nanchong.outpatient.in_service.rate_lower').send(body), 400, 'effectiveFrom');
    const wide = await startApp({ env: { DATE_WINDOW_YEARS_AHEAD: '3' } });
    try {
      expect((await wide.http().put('/v1/parameters/nanchong.outpatient.in_service.rate_lower').send(body)).status).toBe(201);
    } finally {
      await wide.close();
      // the window is one per process: the app started last set it
      const { setDateWindowYearsAhead } = await import('@benefit/shared');
      setDateWindowYearsAhead(1);
    }
  });
});
