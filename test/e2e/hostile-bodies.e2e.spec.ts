/**
 * Issue 10 point 10: generated hostile bodies at every write route of the real app. The routes are
 * read from the app's own route table, so a route added later is fuzzed too (with `{}` as the body
 * it mutates, until a sample is added below). Each case starts from a valid body of the route and
 * breaks it — a field replaced by a wrong type, an array where an object belongs, deep nesting, a
 * huge or non-finite number, a far date, control characters, an unknown field, a missing field — or
 * sends something that is not the body at all. Whatever comes back:
 * - never a 5xx;
 * - a refusal is application/problem+json (RFC 9457);
 * - after a refusal the log is exactly as before (its head position: nothing is read between).
 * FUZZ_RUNS (default 100) cases per route; a failure prints the seed and the shrunk case to replay.
 */
import fc from 'fast-check';
import { EventStore } from '@benefit/event-store';
import { ALL_PARAMETER_DEFINITIONS } from '@benefit/policy';
import { RELIEF_STATUSES } from '@benefit/shared';
import { routeTable } from '../../apps/api/src/access/route-table';
import { EVENT_STORE } from '../../apps/api/src/infrastructure/tokens';
import { TestApp, claimBody, register, registerBody, startApp } from '../support/e2e';

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);

jest.setTimeout(180_000);

let t: TestApp;
const persons: string[] = [];
beforeAll(async () => {
  t = await startApp();
  for (let i = 0; i < 3; i++) persons.push((await register(t)).personId);
});
afterAll(async () => {
  await t?.close();
});

/* ---- JSON text with what JSON.stringify cannot write: raw literals (1e400, deep nesting, \ud800) ---- */

class Raw {
  constructor(readonly text: string) {}
}

function serialize(v: unknown): string {
  if (v instanceof Raw) return v.text;
  if (Array.isArray(v)) return `[${v.map(serialize).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${serialize(x)}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

/* ---- hostile values ---- */

const nested = (depth: number, inner = '') => new Raw('['.repeat(depth) + inner + ']'.repeat(depth));
const farDates = ['0001-01-01', '1989-12-31', '9999-12-31', '2023-02-30', '9999-99-99', '2023-13-01', '2023-1-1', '9999-12', '0001-01', '2023-00', '20230101', '2023-03-05T00:00:00Z'];
const hugeNumbers = [2 ** 53, 2 ** 53 - 1, -(2 ** 53), 1e21, -1, -0, 0.5, 1e-7, Number.MAX_VALUE];
const rawNumbers = ['1e400', '-1e400', '123456789012345678901234567890', '1.0000000000000000001', '0.1e1', '-0.0'];
const controlStrings = ['\u0000', 'a\u0000b', '\n', '\u001b[31m', '\u007f', '\u0085', '\u2028', '\ufeff', 'x'.repeat(600), '张'.repeat(300), '../../etc/passwd', '%00', '<script>'];

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, '', [], {}, [[]], [{}], [null], [1, 'x'], { '': 1 }),
  fc.constantFrom(...hugeNumbers),
  fc.constantFrom(...rawNumbers).map((n) => new Raw(n)),
  fc.constantFrom(...farDates),
  fc.constantFrom(...controlStrings),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('"\\ud800"', '"\\udc00x"', '"a\\u0000b"').map((s) => new Raw(s)),
  fc.integer({ min: 33, max: 6_000 }).map((d) => nested(d)),
  fc.integer({ min: 1, max: 30 }).map((d) => nested(d, '{}')),
  fc.constantFrom({ __proto__: { polluted: true } }, { constructor: { prototype: { polluted: true } } }, { toString: 1, valueOf: 'x' }).map((o) => new Raw(JSON.stringify(o))),
  fc.constant(new Raw('{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}')),
  fc.array(fc.constantFrom<unknown>(1, 'a', null, [], {}), { maxLength: 8 }),
  fc.integer({ min: 1, max: 9000 }).map((n) => Array.from({ length: n }, () => ({}))),
  fc.constantFrom(70 * 1024, 6 * 1024 * 1024).map((n) => 'x'.repeat(n)),
);

/* ---- a valid body per route, to break one field of ---- */

const someParameterKeys = ['nanchong.outpatient.in_service.rate_lower', 'yancheng.free_psychiatric_drugs_from', 'nanchong.retired_pension_base', 'jingjiang.policy_in_force', 'jingjiang.filing_hours'];

function sampleBody(method: string, path: string, personId: string): Record<string, unknown> {
  const key = `${method} ${path}`;
  switch (key) {
    case 'POST /v1/persons':
      return registerBody({ family: [{ personId: persons[0], relation: 'spouse' }] });
    case 'POST /v1/persons/:personId/relief-statuses':
      return { status: 'minimum_living', validFrom: '2023-01-01', validTo: null, source: 'civil_affairs', diagnosis: null, riskLevel: 2, firstTreatmentDate: '2022-06-01' };
    case 'POST /v1/persons/:personId/relief-statuses/:status/revocations':
      return { effectiveDate: '2023-06-01' };
    case 'POST /v1/persons/:personId/employment-changes':
      return { employment: 'retired', effectiveMonth: '2023-07' };
    case 'POST /v1/persons/:personId/contribution-base-changes':
      return { monthlyContributionBaseFen: 500000, effectiveMonth: '2023-07' };
    case 'POST /v1/persons/:personId/out-of-area-filings':
      return { kind: 'retiree_resettled', validFrom: '2023-01-01', validTo: null };
    case 'POST /v1/persons/:personId/erasures':
      return { reason: 'fuzz' };
    case 'POST /v1/persons/:personId/personal-account/payments':
      return { beneficiaryPersonId: personId, purpose: 'medical', amountFen: 100, reference: 'R-fuzz', paidOn: '2023-05-01' };
    case 'POST /v1/claims':
    case 'POST /v1/claims/preview':
      return claimBody(personId, { visitType: 'inpatient', serviceDate: '2023-03-01', dischargeDate: '2023-03-05', priorPayments: { basic_pooling: 100 }, items: [{ code: 'X1', name: '药', kind: 'drug', catalogClass: 'A', drugClass: null, amountFen: 50000, tags: [] }], circumstances: [] });
    case 'POST /v1/claims/:claimId/cancellations':
      return { reason: 'fuzz', cancelledOn: '2023-03-06' };
    case 'POST /v1/reconciliations':
      return { institutionId: 'H-NC-2', from: '2023-03-01', to: '2023-03-31', claims: [{ claimId: 'C-fuzz', totalFen: 100, fundFen: 50 }] };
    case 'POST /v1/settlements':
      return { regionCode: 'nanchong', month: '2023-01' };
    case 'PUT /v1/catalog/:code':
      return { name: '阿莫西林胶囊', catalogClass: 'A', drugClass: null, effectiveFrom: '2023-01-01' };
    case 'PUT /v1/parameters/:key':
      return { effectiveFrom: '2023-01-01', effectiveTo: null, value: 0.5, reason: 'fuzz' };
    case 'POST /v1/readjudications':
      return { regionCode: 'nanchong', fromMonth: '2023-01', toMonth: '2023-12', apply: false };
    case 'POST /v1/simulations':
      return { regionCode: 'nanchong', fromMonth: '2023-01', toMonth: '2023-12', parameterOverrides: { 'nanchong.outpatient.in_service.rate_lower': [{ effectiveFrom: '2023-01-01', value: 0.7 }] } };
    default:
      return {};
  }
}

/** Every path into a body (objects and arrays), the body itself as []. */
function pathsOf(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...pathsOf(x, [...at, i])));
  else if (v && typeof v === 'object' && !(v instanceof Raw)) for (const [k, x] of Object.entries(v)) out.push(...pathsOf(x, [...at, k]));
  return out;
}

function setAt(body: unknown, path: (string | number)[], value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let node = copy;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (remove) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

type Mutation = { kind: 'replace' | 'remove'; pick: number; value: unknown } | { kind: 'unknown-field'; name: string; value: unknown } | { kind: 'whole'; value: unknown } | { kind: 'wrap' } | { kind: 'text'; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: hostileValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat(), value: fc.constant(null) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unknown-field' as const), name: fc.constantFrom('extra', '__proto__', 'constructor', 'prototype', '$where', ''), value: hostileValue }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('whole' as const), value: hostileValue }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'wrap' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('text' as const), text: fc.constantFrom('', ' ', '{', '{"a":', 'null', '"x"', '1', '[]', '{"a":1}{"b":2}', '\u0000', '{"a":"\\x"}', '{"a":tru}', '{"a":1,}') }) },
);

function apply(body: Record<string, unknown>, m: Mutation): string {
  switch (m.kind) {
    case 'replace':
    case 'remove': {
      const paths = pathsOf(body);
      const path = paths[m.pick % paths.length];
      if (m.kind === 'remove' && path.length === 0) return '{}';
      return serialize(setAt(body, path, m.value, m.kind === 'remove'));
    }
    case 'unknown-field':
      return `${serialize(body).slice(0, -1)}${Object.keys(body).length ? ',' : ''}${JSON.stringify(m.name)}:${serialize(m.value)}}`;
    case 'whole':
      return serialize(m.value);
    case 'wrap':
      return `[${serialize(body)}]`;
    case 'text':
      return m.text;
  }
}

/** A path parameter: a value that names something that exists, or a hostile one. */
const paramValue = (name: string): fc.Arbitrary<string> => {
  const known = name === 'personId' ? persons : name === 'status' ? [...RELIEF_STATUSES] : name === 'key' ? [...someParameterKeys, ...[...ALL_PARAMETER_DEFINITIONS.keys()].slice(0, 5)] : ['X-1'];
  return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: fc.oneof(fc.constantFrom('', ' ', '..', '%', 'NOBODY', 'a'.repeat(300), '\u0000', '张三', '9999-12-31'), fc.string({ maxLength: 20 })) });
};

const writeRoutes = () => routeTable(t.app).filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method));

describe('hostile bodies at every write route: no 5xx, problem+json on every refusal, the log unchanged after it', () => {
  it('the route table lists the write routes of API.md (and any added later)', () => {
    const routes = writeRoutes().map((r) => `${r.method} ${r.path}`);
    expect(routes).toEqual(expect.arrayContaining(['POST /v1/claims', 'POST /v1/persons', 'PUT /v1/parameters/:key', 'POST /v1/simulations', 'POST /v1/settlements']));
  });

  // the routes are known only once the app runs (beforeAll): one test walks them all, one property per route
  it('every write route', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const failures: string[] = [];
    let cases = 0;
    const statuses = new Map<number, number>();
    for (const route of writeRoutes()) {
      const params = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]);
      const property = fc.asyncProperty(fc.tuple(...params.map(paramValue)), mutation, fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/merge-patch+json'), async (values, m, contentType) => {
        let path = route.path;
        params.forEach((p, i) => (path = path.replace(`:${p}`, encodeURIComponent(values[i]))));
        const personId = params.includes('personId') ? values[params.indexOf('personId')] : persons[cases % persons.length];
        const text = apply(sampleBody(route.method, route.path, persons.includes(personId) ? personId : persons[0]), m);
        const before = await store.headPosition();
        const res = await t
          .http()
          [route.method.toLowerCase() as 'post' | 'put' | 'patch' | 'delete'](path)
          .set('content-type', contentType)
          .send(text);
        cases++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const where = `${route.method} ${path.slice(0, 120)} ${text.slice(0, 200)}`;
        if (res.status >= 500) throw new Error(`${res.status} for ${where}: ${JSON.stringify(res.body)}`);
        if (res.status >= 400) {
          if (!/^application\/problem\+json/.test(String(res.headers['content-type']))) throw new Error(`${res.status} not problem+json (${res.headers['content-type']}) for ${where}`);
          const p = res.body as { type?: unknown; title?: unknown; status?: unknown; detail?: unknown };
          if (typeof p.type !== 'string' || typeof p.title !== 'string' || p.status !== res.status || typeof p.detail !== 'string') throw new Error(`a problem without type/title/status/detail for ${where}: ${JSON.stringify(p)}`);
          const after = await store.headPosition();
          if (after !== before) throw new Error(`${res.status} refusal recorded ${after - before} event(s) for ${where}`);
        }
      });
      try {
        await fc.assert(property, { numRuns: RUNS });
      } catch (err) {
        failures.push(`${route.method} ${route.path}: ${(err as Error).message.slice(0, 2000)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(cases).toBeGreaterThanOrEqual(writeRoutes().length * RUNS);
    // most cases are refused, and refused for the body (400/413), not for something else
    expect((statuses.get(400) ?? 0) + (statuses.get(413) ?? 0)).toBeGreaterThan(cases / 2);
  });
});
