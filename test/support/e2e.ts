/**
 * End-to-end harness: the real Nest application (createApp) on a temporary DATA_DIR, driven
 * over HTTP with supertest, plus request builders with the values of a typical Nanchong employee.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DestinationStream } from 'pino';
import { IssuedToken, Role, TokenRegistry, createLogger, loadConfig, signingKey } from '@benefit/runtime';
import { createApp } from '../../apps/api/src/bootstrap';
import { residentId } from './resident-id';

/** Payer codes of DOMAIN.md (the payer table), in settlement order. */
export const PAYER_CODES = [
  'basic_pooling',
  'critical_illness',
  'large_amount_subsidy',
  'civil_servant_subsidy',
  'medical_assistance',
  'disability_relief',
  'fiscal_backstop',
  'poverty_insurance',
  'hospital_borne',
  'personal_account',
  'self_pay',
] as const;
export type PayerCode = (typeof PAYER_CODES)[number];

export const DOC_NANCHONG = '南府办发〔2022〕33号';

/** The admin token every e2e app accepts: `t.http()` sends it, so tests speak as a signed-in admin. */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

/** supertest's verbs, each request already carrying a bearer token (or none). */
export interface Http {
  get(url: string): request.Test;
  post(url: string): request.Test;
  put(url: string): request.Test;
  patch(url: string): request.Test;
  delete(url: string): request.Test;
  head(url: string): request.Test;
  options(url: string): request.Test;
}

export interface TestApp {
  app: INestApplication;
  /** Requests as the admin (every role). */
  http: () => Http;
  /** Requests with this bearer token, or with none at all (`null`): for access tests. */
  as: (token: string | null) => Http;
  dataDir: string;
  close(): Promise<void>;
}

const VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

function withToken(agent: ReturnType<typeof request>, token: string | null): Http {
  const http = {} as Record<(typeof VERBS)[number], (url: string) => request.Test>;
  for (const verb of VERBS) http[verb] = (url) => (token === null ? agent[verb](url) : agent[verb](url).set('Authorization', `Bearer ${token}`));
  return http;
}

export function tempDataDir(prefix = 'benefit-e2e-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Starts the application on a fresh temporary DATA_DIR (or the one given); `close` removes a directory it created. */
export async function startApp(opts: { logDestination?: DestinationStream; logLevel?: string; dataDir?: string; env?: Record<string, string> } = {}): Promise<TestApp> {
  const owned = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? tempDataDir();
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: opts.logLevel ?? 'silent', ADMIN_TOKEN: TEST_ADMIN_TOKEN, RATE_LIMIT_PER_MINUTE: '0', ...opts.env });
  const logger = createLogger(opts.logLevel ?? (opts.logDestination ? 'trace' : 'silent'), opts.logDestination);
  const app = await createApp(config, logger);
  await app.init();
  // a listening server: supertest then reuses it instead of listening and closing per request,
  // which keeps concurrent requests (Promise.all) on one stable server
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer();
  return {
    app,
    http: () => withToken(request(server), TEST_ADMIN_TOKEN),
    as: (token) => withToken(request(server), token),
    dataDir,
    async close() {
      await app.close();
      if (owned) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A token issued on the app's DATA_DIR, as `npm run cli -- token issue` does. */
export async function issueToken(t: TestApp, roles: Role[], subject: string, opts: { institutionId?: string | null; expiresInSeconds?: number; now?: Date } = {}): Promise<IssuedToken> {
  const registry = new TokenRegistry(t.dataDir);
  try {
    return await registry.issue(signingKey(t.dataDir), { roles, subject, institutionId: opts.institutionId ?? null, expiresInSeconds: opts.expiresInSeconds ?? 3600, issuedBy: 'test' }, opts.now);
  } finally {
    registry.close();
  }
}

let personSeq = 0;
let claimSeq = 0;
export const newPersonId = (prefix = 'P') => `${prefix}-${process.pid}-${++personSeq}`;
export const newClaimId = (prefix = 'C') => `${prefix}-${process.pid}-${++claimSeq}`;

export type RegisterBody = Record<string, unknown> & { personId: string; idNumber: string };

/** RegisterPatient body: a Nanchong in-service employee, base 6,000 yuan, registered 2023-01-01. */
export function registerBody(over: Record<string, unknown> = {}): RegisterBody {
  return {
    personId: newPersonId(),
    name: '张三',
    idNumber: residentId(),
    regionCode: 'nanchong',
    scheme: 'employee',
    employment: 'in_service',
    monthlyContributionBaseFen: 600000,
    civilServant: false,
    countyCode: '511302',
    family: [],
    openingPersonalAccountFen: 0,
    registeredOn: '2023-01-01',
    ...over,
  } as RegisterBody;
}

/** A retired Nanchong employee (no contribution base). */
export function retiredBody(over: Record<string, unknown> = {}): RegisterBody {
  const body = registerBody({ employment: 'retired', ...over });
  if (!('monthlyContributionBaseFen' in over)) delete body.monthlyContributionBaseFen;
  return body;
}

export function item(amountFen: number, catalogClass: 'A' | 'B' | 'C' = 'A', over: Record<string, unknown> = {}) {
  return { code: `X-${catalogClass}-${amountFen}`, name: '阿莫西林胶囊', kind: 'drug', catalogClass, drugClass: null, amountFen, ...over };
}

export type ClaimBody = Record<string, unknown> & { claimId: string; personId: string };

/** SubmitClaim body: a general outpatient visit at a designated tier-2 hospital in the county. */
export function claimBody(personId: string, over: Record<string, unknown> = {}): ClaimBody {
  return {
    claimId: newClaimId(),
    personId,
    institutionId: 'H-NC-2',
    institutionLevel: 'tier2',
    designated: true,
    location: 'in_county',
    referral: false,
    visitType: 'general_outpatient',
    specialDisease: null,
    serviceDate: '2023-03-05',
    dischargeDate: null,
    items: [item(50000)],
    usePersonalAccount: false,
    ...over,
  } as ClaimBody;
}

/** Every payer 0 except those given: what a ClaimView's `shares` must equal. */
export function shares(nonZero: Partial<Record<PayerCode, number>>): Record<PayerCode, number> {
  return Object.fromEntries(PAYER_CODES.map((p) => [p, nonZero[p] ?? 0])) as Record<PayerCode, number>;
}

export async function register(t: TestApp, body: RegisterBody = registerBody()): Promise<RegisterBody> {
  const res = await t.http().post('/v1/persons').send(body);
  if (res.status !== 201) throw new Error(`registration of ${body.personId} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return body;
}

export async function submit(t: TestApp, body: ClaimBody, expected = 201) {
  const res = await t.http().post('/v1/claims').send(body);
  if (res.status !== expected) throw new Error(`claim ${body.claimId} answered ${res.status}, expected ${expected}: ${JSON.stringify(res.body)}`);
  return res.body as ClaimView;
}

export interface ClaimView {
  claimId: string;
  personId: string;
  status: string;
  policyVersion: string;
  totalFen: number;
  policyScopeFen: number;
  shares: Record<PayerCode, number>;
  explanation: { payer: PayerCode; amountFen: number; rule: string; citation: string; detail?: string }[];
  /** Per-bed-day payment of a stay (Shanting), null elsewhere. */
  bedDays?: { bedDays: number; perDiemFen: number; amountFen: number; illustrative: boolean; rule: string; citation: string; detail: string } | null;
  /** Checks that do not change the shares, e.g. `late_filing` (Jingjiang). */
  flags?: { code: string; citation: string; detail: string }[];
}

export async function counters(t: TestApp, personId: string, year = 2023): Promise<Record<string, { usedFen: number; limitFen: number | null }>> {
  const res = await t.http().get(`/v1/persons/${personId}/counters?year=${year}`).expect(200);
  return res.body.counters;
}

export async function account(t: TestApp, personId: string): Promise<{ balanceFen: number; entries: { month: string; kind: string; amountFen: number; reference: string | null }[] }> {
  return (await t.http().get(`/v1/persons/${personId}/personal-account`).expect(200)).body;
}

/** The position of the last event in the whole log (0 when empty). */
export async function allEvents(t: TestApp): Promise<{ position: number; streamId: string; type: string; data: unknown }[]> {
  const out = [];
  let after = 0;
  for (;;) {
    const page = (await t.http().get(`/v1/events?after=${after}&limit=1000`).expect(200)).body;
    if (page.length === 0) return out;
    out.push(...page);
    after = page[page.length - 1].position;
  }
}

/** The shape every error must have (API.md general rules, RFC 9457). */
export function expectProblem(res: { status: number; headers: Record<string, string>; body: any }, status: number, field?: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(expect.objectContaining({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) }));
  if (field !== undefined) {
    expect(Array.isArray(res.body.errors)).toBe(true);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  }
}

/** Conservation (DOMAIN.md): every payer present, shares add up to the total; each payer explained to the fen, with rule and citation. */
export function expectConserved(view: ClaimView): void {
  expect(Object.keys(view.shares).sort()).toEqual([...PAYER_CODES].sort());
  const sum = PAYER_CODES.reduce((s, p) => s + view.shares[p], 0);
  expect(sum).toBe(view.totalFen);
  for (const p of PAYER_CODES) {
    const explained = view.explanation.filter((l) => l.payer === p).reduce((s, l) => s + l.amountFen, 0);
    expect({ payer: p, explained }).toEqual({ payer: p, explained: view.shares[p] });
  }
  for (const line of view.explanation) {
    expect(line.rule).toEqual(expect.any(String));
    expect(line.rule.length).toBeGreaterThan(0);
    expect(line.citation).toEqual(expect.any(String));
    expect(line.citation.length).toBeGreaterThan(0);
  }
}

/* ---- Region packs (Yancheng, Shanting, Jingjiang): registration, statuses, parameters, settlements ---- */

/** County codes of the three non-Nanchong regions (also the area of the generated resident id). */
export const COUNTY_OF = { yancheng: '320902', shanting: '370406', jingjiang: '321282', nanchong: '511302' } as const;

/** RegisterPatient body: a resident-scheme (城乡居民) insured person of `regionCode`, registered 2023-01-01. */
export function residentBody(regionCode: keyof typeof COUNTY_OF, over: Record<string, unknown> = {}): RegisterBody {
  const body = registerBody({ regionCode, scheme: 'resident', countyCode: COUNTY_OF[regionCode], idNumber: residentId({ area: COUNTY_OF[regionCode] }), ...over });
  if (!('employment' in over)) delete body.employment;
  if (!('monthlyContributionBaseFen' in over)) delete body.monthlyContributionBaseFen;
  return body;
}

/** TagReliefStatus (API.md) from 2023-01-01 unless told; expects 201. */
export async function tagStatus(t: TestApp, personId: string, status: string, over: Record<string, unknown> = {}): Promise<void> {
  const source = status === 'certified_mental_disability' ? 'disability_federation' : status === 'severe_mental_disorder' ? 'health_commission' : 'civil_affairs';
  const body = { status, validFrom: '2023-01-01', validTo: null, source, ...(status === 'severe_mental_disorder' ? { diagnosis: 'schizophrenia' } : {}), ...over };
  const res = await t.http().post(`/v1/persons/${personId}/relief-statuses`).send(body);
  if (res.status !== 201) throw new Error(`tagging ${status} on ${personId} answered ${res.status}: ${JSON.stringify(res.body)}`);
}

/** RevokeReliefStatus; expects 201. */
export async function revokeStatus(t: TestApp, personId: string, status: string, effectiveDate: string): Promise<void> {
  const res = await t.http().post(`/v1/persons/${personId}/relief-statuses/${status}/revocations`).send({ effectiveDate });
  if (res.status !== 201) throw new Error(`revoking ${status} of ${personId} answered ${res.status}: ${JSON.stringify(res.body)}`);
}

/** PUT /v1/parameters/{key}; expects 201. */
export async function putParameter(t: TestApp, key: string, value: unknown, effectiveFrom = '2023-01-01', reason = 'e2e test figure'): Promise<void> {
  const res = await t.http().put(`/v1/parameters/${key}`).send({ effectiveFrom, value, reason });
  if (res.status !== 201) throw new Error(`PUT /v1/parameters/${key} answered ${res.status}: ${JSON.stringify(res.body)}`);
}

export interface SettlementView {
  regionCode: string;
  month: string;
  institutions: { institutionId: string; shares: Record<PayerCode, number> }[];
  personalAccountCreditsFen: number;
  guardianshipRewardsFen: number;
  povertyPremiumsFen?: number;
  bedDayPayments?: { institutionId: string; stays: number; bedDays: number; amountFen: number }[];
}

/** SettleMonth; expects 201. */
export async function settleMonth(t: TestApp, regionCode: string, month: string): Promise<SettlementView> {
  const res = await t.http().post('/v1/settlements').send({ regionCode, month });
  if (res.status !== 201) throw new Error(`settling ${regionCode} ${month} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

export interface LedgerView {
  regionCode: string;
  month: string;
  settled: boolean;
  funds: { payer: PayerCode; amountFen: number; claims: number }[];
  accruals: { kind: string; payer: string; amountFen: number; cityFinanceFen: number; townFinanceFen: number; persons: number }[];
}

export async function ledgerOf(t: TestApp, regionCode: string, month: string): Promise<LedgerView> {
  return (await t.http().get(`/v1/ledgers?regionCode=${regionCode}&month=${month}`).expect(200)).body;
}

export async function warningsOf(t: TestApp, personId: string): Promise<{ kind: string; year: number; raisedOn: string; [k: string]: unknown }[]> {
  return (await t.http().get(`/v1/persons/${personId}/warnings`).expect(200)).body;
}

/** A date `days` before today, China time (UTC+8), as YYYY-MM-DD. */
export function chinaDate(daysAgo = 0): string {
  return new Date(Date.now() + 8 * 3600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);
}
