/**
 * Re-settlement over HTTP (API.md `POST /v1/readjudications`, `POST /v1/simulations`):
 * - personal-account back-pay (补划差额) of 南府办发〔2022〕33号 art. 13 when the 2022 pension
 *   base is recorded for the same effective date as the 2021 figure (DOMAIN.md §1);
 * - claims settled again under a changed rate or deductible, the later claims of the year on
 *   the counters the earlier ones now leave, as corrective entries (never rewrites);
 * - what-if simulations that write nothing, and the validation of both endpoints;
 * - temporary relief (临时救助对象中的大重病患者) of 盐政办发〔2022〕73号 八: recording it re-settles
 *   the claims since the first treatment, at most 2 years before the status starts (DOMAIN.md §2).
 *
 * Each describe block runs its own application: a re-settlement covers every person of a region.
 */
import {
  PAYER_CODES,
  PayerCode,
  TestApp,
  account,
  chinaDate,
  claimBody,
  counters,
  expectConserved,
  expectProblem,
  item,
  putParameter,
  register,
  registerBody,
  residentBody,
  retiredBody,
  settleMonth,
  shares,
  startApp,
  submit,
  tagStatus,
} from '../support/e2e';
import { domainEvents, domainHead } from '../support/domain-log';
import type { ClaimView } from '../support/e2e';

const PENSION_BASE = 'nanchong.retired_pension_base';
const RATE_LOWER = 'nanchong.outpatient.in_service.rate_lower';
const DEDUCTIBLE = 'nanchong.outpatient.in_service.deductible';
const INCOME = 'yancheng.per_capita_disposable_income';
const MIN_LIVING = 'yancheng.minimum_living_standard_annual';

interface ChangeRow {
  personId: string;
  claimId: string | null;
  month: string;
  payer: PayerCode;
  beforeFen: number;
  afterFen: number;
  deltaFen: number;
}
interface Diff {
  changes: ChangeRow[];
  totalsByPayer: Record<PayerCode, number>;
}
interface Correction {
  position: number;
  recordedAt: string;
  appliedMonth: string;
  deltas: Partial<Record<PayerCode, number>>;
  reason: string;
}
type AdjustedView = ClaimView & { corrections: Correction[] };
interface LedgerWithCorrections {
  funds: { payer: PayerCode; amountFen: number; claims: number }[];
  corrections: {
    appliedThisMonth: { originalMonth: string; payer: PayerCode; amountFen: number }[];
    againstThisMonth: { appliedMonth: string; payer: PayerCode; amountFen: number }[];
  };
}

/** The month a correction made today is paid with (no month of this year is settled in these tests). */
const THIS_MONTH = chinaDate().slice(0, 7);

const readjudicate = (t: TestApp, body: Record<string, unknown>) => t.http().post('/v1/readjudications').send(body);
const simulate = (t: TestApp, body: Record<string, unknown>) => t.http().post('/v1/simulations').send(body);

async function diffOf(t: TestApp, body: Record<string, unknown>): Promise<Diff> {
  const res = await readjudicate(t, body);
  if (res.status !== 200) throw new Error(`POST /v1/readjudications answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

async function simulationOf(t: TestApp, body: Record<string, unknown>): Promise<Diff> {
  const res = await simulate(t, body);
  if (res.status !== 200) throw new Error(`POST /v1/simulations answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** totalsByPayer: every payer, 0 except those given. */
const totals = (nonZero: Partial<Record<PayerCode, number>>) => shares(nonZero);

/** Rows in a stable order, for comparison. */
const sorted = (rows: ChangeRow[]) =>
  [...rows].sort((a, b) => `${a.personId}|${a.claimId}|${a.month}|${PAYER_CODES.indexOf(a.payer)}`.localeCompare(`${b.personId}|${b.claimId}|${b.month}|${PAYER_CODES.indexOf(b.payer)}`, 'en'));

/** The totals must be the sum of the rows' deltas per payer. */
function expectTotalsAddUp(diff: Diff): void {
  const sums = Object.fromEntries(PAYER_CODES.map((p) => [p, 0])) as Record<PayerCode, number>;
  for (const r of diff.changes) sums[r.payer] += r.deltaFen;
  expect(diff.totalsByPayer).toEqual(sums);
  for (const r of diff.changes) expect(r.deltaFen).toBe(r.afterFen - r.beforeFen);
}

const getClaim = async (t: TestApp, claimId: string): Promise<AdjustedView> => (await t.http().get(`/v1/claims/${claimId}`).expect(200)).body;
const ledgerOf = async (t: TestApp, regionCode: string, month: string): Promise<LedgerWithCorrections> =>
  (await t.http().get(`/v1/ledgers?regionCode=${regionCode}&month=${month}`).expect(200)).body;
const fundsOf = (l: LedgerWithCorrections) => Object.fromEntries(l.funds.filter((f) => f.amountFen !== 0 || f.claims !== 0).map((f) => [f.payer, { amountFen: f.amountFen, claims: f.claims }]));
const personEvents = async (t: TestApp, personId: string): Promise<{ position: number; type: string; data: any }[]> =>
  (await t.http().get(`/v1/persons/${personId}/events`).expect(200)).body;

/** A fund ledger of the given months, summed by payer over all of them. */
async function fundTotals(t: TestApp, regionCode: string, months: string[]): Promise<Record<PayerCode, number>> {
  const out = Object.fromEntries(PAYER_CODES.map((p) => [p, 0])) as Record<PayerCode, number>;
  for (const m of months) for (const f of (await ledgerOf(t, regionCode, m)).funds) out[f.payer] += f.amountFen;
  return out;
}

/* ------------------------------------------------------------------------------------------------ */

describe('Nanchong personal-account back-pay (补划差额, art. 13): the 2022 pension base replaces the 2021 figure', () => {
  let t: TestApp;
  const retired = retiredBody();
  const inService = registerBody({ monthlyContributionBaseFen: 600000 }); // 2% × 6,000 yuan = 12,000 a month, unchanged
  const period = { regionCode: 'nanchong', fromMonth: '2023-01', toMonth: '2023-12' };

  beforeAll(async () => {
    t = await startApp();
    await register(t, retired);
    await register(t, inService);
    // the 2021 figure, recorded for the 2022 figure's effective date until the latter is determined
    await putParameter(t, PENSION_BASE, 300000, '2023-01-01', '2021 南充市基本养老金平均水平 (pending the 2022 figure)');
    // 2.8% × 300,000 = 8,400 per month
    await settleMonth(t, 'nanchong', '2023-01');
    await settleMonth(t, 'nanchong', '2023-02');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('before the new figure, a re-settlement finds nothing to correct', async () => {
    expect(await diffOf(t, { ...period, apply: false })).toEqual({ changes: [], totalsByPayer: totals({}) });
    expect(await account(t, retired.personId)).toEqual({
      balanceFen: 16800,
      entries: [
        { month: '2023-01', kind: 'monthly_credit', amountFen: 8400, reference: expect.any(String) },
        { month: '2023-02', kind: 'monthly_credit', amountFen: 8400, reference: expect.any(String) },
      ],
    });
  });

  it('the 2022 figure (320,000) for the same date: a dry run gives one personal_account row per person and month (8,400 → 8,960, +560) and writes nothing', async () => {
    await putParameter(t, PENSION_BASE, 320000, '2023-01-01', '2022 南充市基本养老金平均水平');
    const head = await domainHead(t);
    const diff = await diffOf(t, { ...period, apply: false });
    // 2.8% × 320,000 = 8,960; 8,960 − 8,400 = 560 for each credited month; no row for the in-service person,
    // and no row for the fund that pays the back-pay (API.md)
    expect(sorted(diff.changes)).toEqual([
      { personId: retired.personId, claimId: null, month: '2023-01', payer: 'personal_account', beforeFen: 8400, afterFen: 8960, deltaFen: 560 },
      { personId: retired.personId, claimId: null, month: '2023-02', payer: 'personal_account', beforeFen: 8400, afterFen: 8960, deltaFen: 560 },
    ]);
    expect(diff.totalsByPayer).toEqual(totals({ personal_account: 1120 }));
    expectTotalsAddUp(diff);
    // nothing was written: the log and the account are as they were
    expect(await domainHead(t)).toBe(head);
    expect((await account(t, retired.personId)).balanceFen).toBe(16800);
    // `apply` omitted is a dry run too
    expect(await diffOf(t, period)).toEqual(diff);
    expect(await domainHead(t)).toBe(head);
  });

  it('a period that covers one of the two months gives that month only', async () => {
    const diff = await diffOf(t, { regionCode: 'nanchong', fromMonth: '2023-02', toMonth: '2023-02', apply: false });
    expect(diff.changes).toEqual([{ personId: retired.personId, claimId: null, month: '2023-02', payer: 'personal_account', beforeFen: 8400, afterFen: 8960, deltaFen: 560 }]);
    expect(diff.totalsByPayer).toEqual(totals({ personal_account: 560 }));
  });

  it('apply: the same body; a back_pay entry of +560 per month beside the monthly credits (never a rewrite), balance 2 × 8,960', async () => {
    const dry = await diffOf(t, { ...period, apply: false });
    const head = await domainHead(t);
    const applied = await diffOf(t, { ...period, apply: true });
    expect(sorted(applied.changes)).toEqual(sorted(dry.changes));
    expect(applied.totalsByPayer).toEqual(dry.totalsByPayer);

    const acct = await account(t, retired.personId);
    expect(acct.balanceFen).toBe(8960 * 2);
    expect(acct.entries).toEqual([
      { month: '2023-01', kind: 'monthly_credit', amountFen: 8400, reference: expect.any(String) },
      { month: '2023-02', kind: 'monthly_credit', amountFen: 8400, reference: expect.any(String) },
      { month: '2023-01', kind: 'back_pay', amountFen: 560, reference: expect.any(String) },
      { month: '2023-02', kind: 'back_pay', amountFen: 560, reference: expect.any(String) },
    ]);
    expect((await account(t, inService.personId)).balanceFen).toBe(2 * 12000);

    // the log holds two new PersonalAccountBackPaid events, the credits as they were
    const written = (await domainEvents(t)).filter((e) => e.position > head);
    expect(written.map((e) => e.type)).toEqual(['PersonalAccountBackPaid', 'PersonalAccountBackPaid']);
    expect(written.map((e) => (e.data as { month: string; amountFen: number }).month)).toEqual(['2023-01', '2023-02']);
    expect(written.every((e) => (e.data as { amountFen: number }).amountFen === 560 && e.streamId === `person-${retired.personId}`)).toBe(true);
    const credits = (await personEvents(t, retired.personId)).filter((e) => e.type === 'PersonalAccountCredited');
    expect(credits.map((e) => e.data.amountFen)).toEqual([8400, 8400]);
  });

  it('apply again: no changes, nothing written', async () => {
    const head = await domainHead(t);
    expect(await diffOf(t, { ...period, apply: true })).toEqual({ changes: [], totalsByPayer: totals({}) });
    expect(await diffOf(t, { ...period, apply: false })).toEqual({ changes: [], totalsByPayer: totals({}) });
    expect(await domainHead(t)).toBe(head);
    expect((await account(t, retired.personId)).balanceFen).toBe(17920);
  });

  it('a later month is credited at the new figure from the start (8,960), and is not back-paid again', async () => {
    await settleMonth(t, 'nanchong', '2023-03');
    const acct = await account(t, retired.personId);
    expect(acct.entries[acct.entries.length - 1]).toEqual({ month: '2023-03', kind: 'monthly_credit', amountFen: 8960, reference: expect.any(String) });
    expect(acct.balanceFen).toBe(3 * 8960);
    expect((await diffOf(t, period)).changes).toEqual([]);
  });

  it('a simulation of a third figure (330,000) shows 8,960 → 9,240 for the three credited months and writes nothing', async () => {
    const head = await domainHead(t);
    const sim = await simulationOf(t, { ...period, parameterOverrides: { [PENSION_BASE]: 330000 } });
    // 2.8% × 330,000 = 9,240
    expect(sorted(sim.changes)).toEqual(
      ['2023-01', '2023-02', '2023-03'].map((month) => ({ personId: retired.personId, claimId: null, month, payer: 'personal_account', beforeFen: 8960, afterFen: 9240, deltaFen: 280 })),
    );
    expect(sim.totalsByPayer).toEqual(totals({ personal_account: 840 }));
    expect(await domainHead(t)).toBe(head);
    // the recorded figure is still in force: a real dry run finds nothing
    expect((await diffOf(t, period)).changes).toEqual([]);
  });
});

/* ------------------------------------------------------------------------------------------------ */

describe('claims settled again: nanchong.outpatient.in_service.rate_lower 60% → 70% for the same date (tier 2, deductible 200 yuan, cap 1,000 yuan)', () => {
  let t: TestApp;
  const x = registerBody(); // cash only
  const y = registerBody({ openingPersonalAccountFen: 100000 }); // pays with the personal account
  const period = { regionCode: 'nanchong', fromMonth: '2023-01', toMonth: '2023-12' };
  const ids = { x1: 'RJ-X-1', x2: 'RJ-X-2', y1: 'RJ-Y-1' };
  let before: Record<string, ClaimView>;

  beforeAll(async () => {
    t = await startApp();
    await register(t, x);
    await register(t, y);
    before = {
      // X1: d = 20,000; pooling = min(round(150,000 × 60%), 100,000) = 90,000; self-pay 80,000
      x1: await submit(t, claimBody(x.personId, { claimId: ids.x1, institutionId: 'H-1', serviceDate: '2023-03-05', items: [item(170000)] })),
      // X2: deductible used; round(30,000 × 60%) = 18,000, capped at 100,000 − 90,000 = 10,000; self-pay 20,000
      x2: await submit(t, claimBody(x.personId, { claimId: ids.x2, institutionId: 'H-2', serviceDate: '2023-04-05', items: [item(30000)] })),
      // Y1: d = 20,000; pooling round(30,000 × 60%) = 18,000; the account pays the rest, 32,000
      y1: await submit(t, claimBody(y.personId, { claimId: ids.y1, institutionId: 'H-1', serviceDate: '2023-03-06', items: [item(50000)], usePersonalAccount: true })),
    };
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the claims as first settled', () => {
    expect(before.x1.shares).toEqual(shares({ basic_pooling: 90000, self_pay: 80000 }));
    expect(before.x2.shares).toEqual(shares({ basic_pooling: 10000, self_pay: 20000 }));
    expect(before.y1.shares).toEqual(shares({ basic_pooling: 18000, personal_account: 32000 }));
  });

  const expectedRows = (): ChangeRow[] => [
    // X1: min(round(150,000 × 70%) = 105,000, 100,000) = 100,000 (+10,000); self-pay 70,000 (−10,000)
    { personId: x.personId, claimId: ids.x1, month: '2023-03', payer: 'basic_pooling', beforeFen: 90000, afterFen: 100000, deltaFen: 10000 },
    { personId: x.personId, claimId: ids.x1, month: '2023-03', payer: 'self_pay', beforeFen: 80000, afterFen: 70000, deltaFen: -10000 },
    // X2, on the counters X1 now leaves: the cap is used up, pooling 0 (−10,000) although the rate went up; self-pay 30,000
    { personId: x.personId, claimId: ids.x2, month: '2023-04', payer: 'basic_pooling', beforeFen: 10000, afterFen: 0, deltaFen: -10000 },
    { personId: x.personId, claimId: ids.x2, month: '2023-04', payer: 'self_pay', beforeFen: 20000, afterFen: 30000, deltaFen: 10000 },
    // Y1: round(30,000 × 70%) = 21,000 (+3,000); the account pays 29,000 (−3,000 goes back to it)
    { personId: y.personId, claimId: ids.y1, month: '2023-03', payer: 'basic_pooling', beforeFen: 18000, afterFen: 21000, deltaFen: 3000 },
    { personId: y.personId, claimId: ids.y1, month: '2023-03', payer: 'personal_account', beforeFen: 32000, afterFen: 29000, deltaFen: -3000 },
  ];

  it('a simulation of 70% gives the figures below and writes nothing', async () => {
    const head = await domainHead(t);
    const sim = await simulationOf(t, { ...period, parameterOverrides: { [RATE_LOWER]: 0.7 } });
    expect(sorted(sim.changes)).toEqual(sorted(expectedRows()));
    // X: +10,000 − 10,000 = 0 pooling; Y: +3,000
    expect(sim.totalsByPayer).toEqual(totals({ basic_pooling: 3000, personal_account: -3000 }));
    expectTotalsAddUp(sim);
    expect(await domainHead(t)).toBe(head);
    expect((await getClaim(t, ids.x1)).shares).toEqual(before.x1.shares);
    // and the recorded rate is still 60%: a real dry run finds nothing
    expect(await diffOf(t, period)).toEqual({ changes: [], totalsByPayer: totals({}) });
  });

  it('a simulation with a dated override applies from that date only: 70% from 2023-04-01 moves X2 alone', async () => {
    const sim = await simulationOf(t, { ...period, parameterOverrides: { [RATE_LOWER]: [{ effectiveFrom: '2023-04-01', value: 0.7 }] } });
    // X1 stays at 90,000; X2: round(30,000 × 70%) = 21,000, capped at 10,000 → unchanged; nothing changes
    expect(sim.changes).toEqual([]);
    const sim2 = await simulationOf(t, { ...period, parameterOverrides: { [RATE_LOWER]: [{ effectiveFrom: '2023-03-06', value: 0.7 }] } });
    // from 2023-03-06: Y1 (03-06) moves, X1 (03-05) does not
    expect(sorted(sim2.changes)).toEqual(sorted(expectedRows().filter((r) => r.claimId === ids.y1)));
  });

  it('70% recorded for the same date: the dry run gives one row per claim and changed payer, and writes nothing', async () => {
    await putParameter(t, RATE_LOWER, 0.7, '2023-01-01', 'rate corrected');
    const head = await domainHead(t);
    const diff = await diffOf(t, { ...period, apply: false });
    expect(sorted(diff.changes)).toEqual(sorted(expectedRows()));
    expect(diff.totalsByPayer).toEqual(totals({ basic_pooling: 3000, personal_account: -3000 }));
    expect(await domainHead(t)).toBe(head);
    // a period that leaves out April leaves X2 alone: X1 alone moves in X's year
    const march = await diffOf(t, { regionCode: 'nanchong', fromMonth: '2023-03', toMonth: '2023-03' });
    expect(sorted(march.changes)).toEqual(sorted(expectedRows().filter((r) => r.month === '2023-03')));
  });

  it('apply: the same body; GET /v1/claims shows the new shares, conserved, with one correction each', async () => {
    const dry = await diffOf(t, { ...period, apply: false });
    const head = await domainHead(t);
    const applied = await diffOf(t, { ...period, apply: true });
    expect(sorted(applied.changes)).toEqual(sorted(dry.changes));
    expect(applied.totalsByPayer).toEqual(dry.totalsByPayer);

    const x1 = await getClaim(t, ids.x1);
    expect(x1.shares).toEqual(shares({ basic_pooling: 100000, self_pay: 70000 }));
    expect(x1.corrections).toEqual([
      // booked with the claim's own month, 2023-03, which is not settled (API.md GET /v1/ledgers)
      { position: expect.any(Number), recordedAt: expect.any(String), appliedMonth: '2023-03', deltas: { basic_pooling: 10000, self_pay: -10000 }, reason: expect.any(String) },
    ]);
    expect(x1.corrections[0].position).toBeGreaterThan(head);
    const x2 = await getClaim(t, ids.x2);
    expect(x2.shares).toEqual(shares({ self_pay: 30000 }));
    expect(x2.corrections.map((c) => c.deltas)).toEqual([{ basic_pooling: -10000, self_pay: 10000 }]);
    const y1 = await getClaim(t, ids.y1);
    expect(y1.shares).toEqual(shares({ basic_pooling: 21000, personal_account: 29000 }));
    expect(y1.corrections.map((c) => c.deltas)).toEqual([{ basic_pooling: 3000, personal_account: -3000 }]);
    // conservation: the adjusted shares still add up to each claim's total, every fen explained
    for (const v of [x1, x2, y1]) expectConserved(v);
    expect(x1.totalFen).toBe(before.x1.totalFen);

    // the log: one ClaimSharesAdjusted per changed claim, the ClaimAdjudicated events untouched
    const events = await personEvents(t, x.personId);
    const adjudicated = events.filter((e) => e.type === 'ClaimAdjudicated');
    expect(adjudicated.map((e) => e.data.adjudication.shares.basic_pooling)).toEqual([90000, 10000]);
    const adjusted = events.filter((e) => e.type === 'ClaimSharesAdjusted');
    expect(adjusted.map((e) => e.data.claimId)).toEqual([ids.x1, ids.x2]);
    expect(adjusted.every((e) => e.position > head)).toBe(true);
  });

  it('counters: the deductible is as it was, the pooling counters follow the corrections', async () => {
    const cx = await counters(t, x.personId);
    expect(cx.outpatient_pooling_deductible).toEqual({ usedFen: 20000, limitFen: 20000 });
    // 100,000 + 0 (before: 90,000 + 10,000)
    expect(cx.outpatient_pooling_paid).toEqual({ usedFen: 100000, limitFen: 100000 });
    // personal burden 70,000 + 30,000 (before 80,000 + 20,000)
    expect(cx.personal_burden.usedFen).toBe(100000);
    const cy = await counters(t, y.personId);
    expect(cy.outpatient_pooling_paid.usedFen).toBe(21000);
    expect(cy.personal_burden.usedFen).toBe(29000);
  });

  it('the account gets back what it paid too much: a claim_payment entry of +3,000 in the month the correction belongs to', async () => {
    const acct = await account(t, y.personId);
    expect(acct.entries).toEqual([
      { month: '2023-01', kind: 'opening', amountFen: 100000, reference: null },
      { month: '2023-03', kind: 'claim_payment', amountFen: -32000, reference: ids.y1 },
      { month: '2023-03', kind: 'claim_payment', amountFen: 3000, reference: ids.y1 },
    ]);
    // 100,000 − 32,000 + 3,000
    expect(acct.balanceFen).toBe(71000);
  });

  it('apply again: no changes, nothing written', async () => {
    const head = await domainHead(t);
    expect(await diffOf(t, { ...period, apply: true })).toEqual({ changes: [], totalsByPayer: totals({}) });
    expect(await domainHead(t)).toBe(head);
    expect((await getClaim(t, ids.x1)).corrections).toHaveLength(1);
  });

  it('a claim made after the correction is settled on the corrected counters: X’s cap is used up', async () => {
    const x3 = await submit(t, claimBody(x.personId, { serviceDate: '2023-05-05', items: [item(10000)] }));
    expect(x3.shares).toEqual(shares({ self_pay: 10000 }));
    // Y: deductible used, 21,000 of the cap: round(10,000 × 70%) = 7,000
    const y2 = await submit(t, claimBody(y.personId, { serviceDate: '2023-05-05', items: [item(10000)] }));
    expect(y2.shares).toEqual(shares({ basic_pooling: 7000, self_pay: 3000 }));
    expect((await counters(t, y.personId)).outpatient_pooling_paid.usedFen).toBe(28000);
    expect((await diffOf(t, period)).changes).toEqual([]);
  });
});

/* ------------------------------------------------------------------------------------------------ */

describe('claims settled again: the in-service deductible 200 → 300 yuan moves the second claim of the year too', () => {
  let t: TestApp;
  const z = registerBody();
  const period = { regionCode: 'nanchong', fromMonth: '2023-01', toMonth: '2023-12' };

  beforeAll(async () => {
    t = await startApp();
    await register(t, z);
    // Z1: d = 20,000; round(5,000 × 60%) = 3,000; Z2: d = 0; round(10,000 × 60%) = 6,000
    expect((await submit(t, claimBody(z.personId, { claimId: 'RJ-Z-1', serviceDate: '2023-03-05', items: [item(25000)] }))).shares).toEqual(shares({ basic_pooling: 3000, self_pay: 22000 }));
    expect((await submit(t, claimBody(z.personId, { claimId: 'RJ-Z-2', serviceDate: '2023-04-05', items: [item(10000)] }))).shares).toEqual(shares({ basic_pooling: 6000, self_pay: 4000 }));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('dry run, apply, counters', async () => {
    await putParameter(t, DEDUCTIBLE, 30000, '2023-01-01', 'deductible corrected');
    const diff = await diffOf(t, { ...period, apply: false });
    expect(sorted(diff.changes)).toEqual(
      sorted([
        // Z1: d = min(25,000, 30,000) = 25,000: pooling 0 (−3,000), self-pay 25,000
        { personId: z.personId, claimId: 'RJ-Z-1', month: '2023-03', payer: 'basic_pooling', beforeFen: 3000, afterFen: 0, deltaFen: -3000 },
        { personId: z.personId, claimId: 'RJ-Z-1', month: '2023-03', payer: 'self_pay', beforeFen: 22000, afterFen: 25000, deltaFen: 3000 },
        // Z2 on Z1's new counters: 5,000 of the deductible left; round((10,000 − 5,000) × 60%) = 3,000 (−3,000), self-pay 7,000
        { personId: z.personId, claimId: 'RJ-Z-2', month: '2023-04', payer: 'basic_pooling', beforeFen: 6000, afterFen: 3000, deltaFen: -3000 },
        { personId: z.personId, claimId: 'RJ-Z-2', month: '2023-04', payer: 'self_pay', beforeFen: 4000, afterFen: 7000, deltaFen: 3000 },
      ]),
    );
    expect(diff.totalsByPayer).toEqual(totals({ basic_pooling: -6000, self_pay: 6000 }));
    await diffOf(t, { ...period, apply: true });
    expect((await getClaim(t, 'RJ-Z-1')).shares).toEqual(shares({ self_pay: 25000 }));
    expect((await getClaim(t, 'RJ-Z-2')).shares).toEqual(shares({ basic_pooling: 3000, self_pay: 7000 }));
    for (const id of ['RJ-Z-1', 'RJ-Z-2']) expectConserved(await getClaim(t, id));
    const c = await counters(t, z.personId);
    expect(c.outpatient_pooling_deductible).toEqual({ usedFen: 30000, limitFen: 30000 });
    expect(c.outpatient_pooling_paid).toEqual({ usedFen: 3000, limitFen: 100000 });
    expect(c.personal_burden.usedFen).toBe(32000);
    expect((await diffOf(t, period)).changes).toEqual([]);
  });
});

/* ------------------------------------------------------------------------------------------------ */

describe('validation of /v1/readjudications and /v1/simulations (400, problem+json, nothing written)', () => {
  let t: TestApp;
  const ok = { regionCode: 'nanchong', fromMonth: '2023-01', toMonth: '2023-12' };
  beforeAll(async () => {
    t = await startApp();
    await register(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('toMonth before fromMonth → 400 naming toMonth', async () => {
    const head = await domainHead(t);
    expectProblem(await readjudicate(t, { ...ok, fromMonth: '2023-06', toMonth: '2023-05', apply: true }), 400, 'toMonth');
    expectProblem(await simulate(t, { ...ok, fromMonth: '2023-06', toMonth: '2023-05', parameterOverrides: {} }), 400, 'toMonth');
    expect(await domainHead(t)).toBe(head);
  });

  it('unknown region → 400 naming regionCode', async () => {
    expectProblem(await readjudicate(t, { ...ok, regionCode: 'atlantis', apply: true }), 400, 'regionCode');
    expectProblem(await simulate(t, { ...ok, regionCode: 'atlantis', parameterOverrides: {} }), 400, 'regionCode');
  });

  it('malformed months, a non-boolean apply, a missing body field → 400 naming each', async () => {
    expectProblem(await readjudicate(t, { ...ok, fromMonth: '2023-13' }), 400, 'fromMonth');
    expectProblem(await readjudicate(t, { ...ok, toMonth: '2023/12' }), 400, 'toMonth');
    expectProblem(await readjudicate(t, { ...ok, apply: 'yes' }), 400, 'apply');
    expectProblem(await readjudicate(t, { fromMonth: '2023-01', toMonth: '2023-12' }), 400, 'regionCode');
    expectProblem(await simulate(t, ok), 400, 'parameterOverrides');
  });

  it('simulation: an unknown parameter key → 400 naming parameterOverrides.<key>', async () => {
    const res = await simulate(t, { ...ok, parameterOverrides: { 'nanchong.no_such_rate': 0.5 } });
    expectProblem(res, 400, 'parameterOverrides.nanchong.no_such_rate');
  });

  it('simulation: a bad value → 400 naming the override', async () => {
    expectProblem(await simulate(t, { ...ok, parameterOverrides: { [RATE_LOWER]: 'seventy percent' } }), 400, `parameterOverrides.${RATE_LOWER}`);
    expectProblem(await simulate(t, { ...ok, parameterOverrides: { [RATE_LOWER]: 1.5 } }), 400, `parameterOverrides.${RATE_LOWER}`);
    expectProblem(await simulate(t, { ...ok, parameterOverrides: { [DEDUCTIBLE]: -100 } }), 400, `parameterOverrides.${DEDUCTIBLE}`);
    expectProblem(await simulate(t, { ...ok, parameterOverrides: { [RATE_LOWER]: [{ effectiveFrom: '2023-02-30', value: 0.7 }] } }), 400, `parameterOverrides.${RATE_LOWER}[0].effectiveFrom`);
    expectProblem(await simulate(t, { ...ok, parameterOverrides: { [RATE_LOWER]: [{ effectiveFrom: '2023-01-01', value: 2 }] } }), 400, `parameterOverrides.${RATE_LOWER}[0]`);
  });

  it('an empty region and a valid request: 200 with no changes and every payer in totalsByPayer', async () => {
    expect(await diffOf(t, { ...ok, regionCode: 'shanting', apply: true })).toEqual({ changes: [], totalsByPayer: totals({}) });
    expect(await simulationOf(t, { ...ok, parameterOverrides: {} })).toEqual({ changes: [], totalsByPayer: totals({}) });
  });
});

/* ------------------------------------------------------------------------------------------------ */

describe('Yancheng temporary relief (临时救助对象中的大重病患者, 70%): recording it re-settles the claims back to the first treatment, at most 2 years', () => {
  let t: TestApp;
  const a = residentBody('yancheng');
  const b = residentBody('yancheng');
  /** A general outpatient claim at a designated in-county institution, settled upstream (priorPayments). */
  const yc = (personId: string, claimId: string, serviceDate: string) =>
    claimBody(personId, { claimId, institutionId: 'H-YC-1', serviceDate, items: [item(30000)], priorPayments: { basic_pooling: 10000 } });
  // no status: basic 10,000 upstream, the policy-scope rest 20,000 is cash
  const unassisted = shares({ basic_pooling: 10000, self_pay: 20000 });
  // 70% × (30,000 − 10,000) = 14,000; cash 6,000
  const assisted = shares({ basic_pooling: 10000, medical_assistance: 14000, self_pay: 6000 });

  beforeAll(async () => {
    t = await startApp();
    // the previous year's per-capita disposable income, recorded for each claim year (DOMAIN.md §2)
    await putParameter(t, INCOME, 5_000_000, '2023-01-01', '2022 盐城市城乡居民人均可支配收入 (test figure)');
    await putParameter(t, INCOME, 5_200_000, '2024-01-01', '2023 盐城市城乡居民人均可支配收入 (test figure)');
    // the relapse-risk line a relief-status holder's new claims are checked against (九)
    await putParameter(t, MIN_LIVING, 960_000, '2023-01-01', '2023 盐城市城乡低保年标准 (test figure)');
    await register(t, a);
    await register(t, b);
    for (const [personId, claimId, date] of [
      [a.personId, 'TR-A-1', '2023-02-10'],
      [a.personId, 'TR-A-2', '2023-05-10'],
      [a.personId, 'TR-A-3', '2023-08-10'],
      [b.personId, 'TR-B-1', '2023-04-10'],
      [b.personId, 'TR-B-2', '2023-07-10'],
    ]) {
      const v = await submit(t, yc(personId, claimId, date));
      expect(v.shares).toEqual(unassisted);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('A: valid from 2025-04-01, first treated 2023-01-15 → window from 2023-04-01 (2 years back): A-2 and A-3 get 70% as corrections, A-1 stays', async () => {
    const head = await domainHead(t);
    await tagStatus(t, a.personId, 'temporary_relief_major_illness', { validFrom: '2025-04-01', firstTreatmentDate: '2023-01-15', diagnosis: null });
    // A-1 (2023-02-10) is after the first treatment but more than 2 years before 2025-04-01
    expect((await getClaim(t, 'TR-A-1')).shares).toEqual(unassisted);
    expect((await getClaim(t, 'TR-A-1')).corrections).toEqual([]);
    for (const [id, month] of [['TR-A-2', '2023-05'], ['TR-A-3', '2023-08']]) {
      const v = await getClaim(t, id);
      expect(v.shares).toEqual(assisted);
      // each correction belongs to its claim's month (none is settled here), as the ledger books it
      expect(v.corrections).toEqual([expect.objectContaining({ appliedMonth: month, deltas: { medical_assistance: 14000, self_pay: -14000 } })]);
      expectConserved(v);
      expect(v.explanation.some((l) => l.payer === 'medical_assistance' && (l.detail ?? '').includes('temporary_relief_major_illness'))).toBe(true);
    }
    // no rewrite: the original ClaimAdjudicated events are as recorded, the ClaimSharesAdjusted come later
    const events = await personEvents(t, a.personId);
    const adjudicated = events.filter((e) => e.type === 'ClaimAdjudicated');
    expect(adjudicated.map((e) => [e.data.claim.claimId, e.data.adjudication.shares.medical_assistance])).toEqual([
      ['TR-A-1', 0],
      ['TR-A-2', 0],
      ['TR-A-3', 0],
    ]);
    const tagged = events.find((e) => e.type === 'ReliefStatusTagged')!;
    const adjusted = events.filter((e) => e.type === 'ClaimSharesAdjusted');
    expect(adjusted.map((e) => e.data.claimId)).toEqual(['TR-A-2', 'TR-A-3']);
    for (const e of adjusted) {
      expect(e.position).toBeGreaterThan(tagged.position);
      expect(e.position).toBeGreaterThan(head);
      expect(e.data.deltas).toEqual({ medical_assistance: 14000, self_pay: -14000 });
    }
    // counters: the assistance cost base of the two claims, 2 × 20,000; the burden 6,000 + 6,000 + 20,000
    const c = await counters(t, a.personId);
    expect(c.assistance_general_outpatient_base.usedFen).toBe(40000);
    expect(c.personal_burden.usedFen).toBe(32000);
    // B is someone else: untouched
    expect((await getClaim(t, 'TR-B-2')).shares).toEqual(unassisted);
  });

  it('B: valid from 2024-03-01, first treated 2023-06-01 → window from the first treatment: B-2 gets 70%, B-1 (before it) stays', async () => {
    await tagStatus(t, b.personId, 'temporary_relief_major_illness', { validFrom: '2024-03-01', firstTreatmentDate: '2023-06-01', diagnosis: null });
    expect((await getClaim(t, 'TR-B-1')).shares).toEqual(unassisted);
    expect((await getClaim(t, 'TR-B-1')).corrections).toEqual([]);
    const b2 = await getClaim(t, 'TR-B-2');
    expect(b2.shares).toEqual(assisted);
    expect(b2.corrections.map((c) => c.deltas)).toEqual([{ medical_assistance: 14000, self_pay: -14000 }]);
    expectConserved(b2);
  });

  it('the ledger shows the assistance in the claims’ own months, still open (API.md GET /v1/ledgers); a re-settlement afterwards finds nothing more', async () => {
    const may = await ledgerOf(t, 'yancheng', '2023-05');
    expect(fundsOf(may)).toEqual({ basic_pooling: { amountFen: 10000, claims: 1 }, medical_assistance: { amountFen: 14000, claims: 0 }, self_pay: { amountFen: 20000 - 14000, claims: 1 } });
    expect(may.corrections.againstThisMonth).toEqual([
      { appliedMonth: '2023-05', payer: 'medical_assistance', amountFen: 14000 },
      { appliedMonth: '2023-05', payer: 'self_pay', amountFen: -14000 },
    ]);
    expect((await ledgerOf(t, 'yancheng', '2023-02')).corrections.againstThisMonth).toEqual([]);
    expect((await ledgerOf(t, 'yancheng', '2023-04')).corrections.againstThisMonth).toEqual([]);
    // A-2 (May), A-3 (August) and B-2 (July): 14,000 each, in its own month; nothing carried to this month
    for (const m of ['2023-05', '2023-07', '2023-08']) {
      expect((await ledgerOf(t, 'yancheng', m)).corrections.appliedThisMonth.filter((r) => r.payer === 'medical_assistance')).toEqual([{ originalMonth: m, payer: 'medical_assistance', amountFen: 14000 }]);
    }
    expect((await ledgerOf(t, 'yancheng', THIS_MONTH)).corrections.appliedThisMonth).toEqual([]);
    const head = await domainHead(t);
    expect(await diffOf(t, { regionCode: 'yancheng', fromMonth: '2023-01', toMonth: THIS_MONTH, apply: true })).toEqual({ changes: [], totalsByPayer: totals({}) });
    expect(await domainHead(t)).toBe(head);
  });

  it('a claim made afterwards inside the window is assisted at once; one outside (before the window) is not', async () => {
    const inside = await submit(t, yc(a.personId, 'TR-A-4', '2023-09-10'));
    expect(inside.shares).toEqual(assisted);
    const outside = await submit(t, yc(a.personId, 'TR-A-5', '2023-03-10'));
    expect(outside.shares).toEqual(unassisted);
  });
});

/* ------------------------------------------------------------------------------------------------ */

/**
 * Regressions: defects this suite found in the first version of re-settlement, fixed in
 * f455ca3 (back-pay clamped at the balance; corrections listed against the ledger month that
 * holds the claim; the temporary-relief look-back applies only the status).
 */
describe('regressions: re-settlement defects found by this suite', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  /*
   * Was: a lower pension base made the balance negative (two back_pay entries of −560 on a spent
   * account, balance −1,120). DOMAIN.md §1 (art. 20): a balance never goes negative. Now a lower
   * figure takes back the difference only as far as the balance goes.
   */
  it('a lower pension base takes back at most the balance: 2 × −560 asked, 700 left → −560 and −140, balance 0', async () => {
    const r = await register(t, retiredBody());
    await putParameter(t, PENSION_BASE, 300000);
    await settleMonth(t, 'nanchong', '2023-01');
    await settleMonth(t, 'nanchong', '2023-02');
    // 2 × 8,400 credited; 16,100 spent → 700 left
    await t.http().post(`/v1/persons/${r.personId}/personal-account/payments`).send({ beneficiaryPersonId: r.personId, purpose: 'pharmacy', amountFen: 16100, reference: 'SPEND' }).expect(201);
    await putParameter(t, PENSION_BASE, 280000);
    const period = { regionCode: 'nanchong', fromMonth: '2023-01', toMonth: '2023-02' };
    // 2.8% × 280,000 = 7,840: −560 a month; January takes 560 of the 700, February the 140 left
    const expected = [
      { personId: r.personId, claimId: null, month: '2023-01', payer: 'personal_account', beforeFen: 8400, afterFen: 7840, deltaFen: -560 },
      { personId: r.personId, claimId: null, month: '2023-02', payer: 'personal_account', beforeFen: 8400, afterFen: 8260, deltaFen: -140 },
    ];
    expect((await diffOf(t, period)).changes).toEqual(expected);
    const applied = await diffOf(t, { ...period, apply: true });
    expect(applied.changes).toEqual(expected);
    expect(applied.totalsByPayer).toEqual(totals({ personal_account: -700 }));
    const acct = await account(t, r.personId);
    expect(acct.balanceFen).toBe(0);
    expect(acct.entries.filter((e) => e.kind === 'back_pay').map((e) => [e.month, e.amountFen])).toEqual([
      ['2023-01', -560],
      ['2023-02', -140],
    ]);
    expect(acct.entries.reduce((s, e) => s + e.amountFen, 0)).toBe(0);
    // nothing is left to take back: a second run finds nothing
    expect((await diffOf(t, period)).changes).toEqual([]);
  });

  /*
   * Was: a correction to a claim recorded after its service month was settled was listed against
   * the service month (2023-03), whose ledger holds none of the claim, instead of the next open
   * month that holds it (API.md GET /v1/ledgers).
   */
  it('a correction is listed against the ledger month that holds the claim (a late claim: the next open month)', async () => {
    const p = await register(t, registerBody());
    await settleMonth(t, 'nanchong', '2023-03');
    // 50,000 at tier 2: pooling 18,000 / cash 32,000, booked in 2023-04 (March is settled)
    await submit(t, claimBody(p.personId, { claimId: 'LATE-MARCH', serviceDate: '2023-03-20', items: [item(50000)] }));
    expect(fundsOf(await ledgerOf(t, 'nanchong', '2023-04')).basic_pooling).toEqual({ amountFen: 18000, claims: 1 });
    await putParameter(t, RATE_LOWER, 0.7);
    // round(30,000 × 70%) = 21,000: +3,000 / −3,000; the row keeps the service month
    const diff = await diffOf(t, { regionCode: 'nanchong', fromMonth: '2023-03', toMonth: '2023-03', apply: true });
    expect(diff.changes.filter((c) => c.claimId === 'LATE-MARCH').map((c) => [c.month, c.payer, c.deltaFen])).toEqual([
      ['2023-03', 'basic_pooling', 3000],
      ['2023-03', 'self_pay', -3000],
    ]);
    // April holds the claim and is open: the correction belongs to April (API.md GET /v1/ledgers)
    expect((await ledgerOf(t, 'nanchong', '2023-04')).corrections.againstThisMonth).toEqual([
      { appliedMonth: '2023-04', payer: 'basic_pooling', amountFen: 3000 },
      { appliedMonth: '2023-04', payer: 'self_pay', amountFen: -3000 },
    ]);
    expect((await getClaim(t, 'LATE-MARCH')).corrections.map((x) => x.appliedMonth)).toEqual(['2023-04']);
    expect((await ledgerOf(t, 'nanchong', '2023-03')).corrections.againstThisMonth).toEqual([]);
    expect((await ledgerOf(t, 'nanchong', '2023-04')).corrections.appliedThisMonth).toEqual([
      { originalMonth: '2023-04', payer: 'basic_pooling', amountFen: 3000 },
      { originalMonth: '2023-04', payer: 'self_pay', amountFen: -3000 },
    ]);
  });

  /*
   * Was: tagging temporary_relief_major_illness re-settled the person's claims under the current
   * book, so a parameter change nobody had applied yet (here a Nanchong rate) changed their claims
   * alone and vanished from the region's dry run. API.md PUT /v1/parameters: nothing already
   * settled changes until a re-settlement is applied. Now each claim is settled again with the
   * parameters known when it was decided: only the status changes anything.
   */
  it('tagging temporary relief on a Nanchong employee does not apply a pending rate change to their claims', async () => {
    const own = await startApp(); // the rate the other tests recorded must not be in this one's book
    try {
      const p = await register(own, registerBody());
      const v = await submit(own, claimBody(p.personId, { claimId: 'NC-TEMP-RELIEF', serviceDate: '2023-05-20', items: [item(50000)] }));
      expect(v.shares).toEqual(shares({ basic_pooling: 18000, self_pay: 32000 }));
      await putParameter(own, RATE_LOWER, 0.8);
      await tagStatus(own, p.personId, 'temporary_relief_major_illness', { validFrom: '2024-01-01', firstTreatmentDate: '2023-02-01' });
      expect((await personEvents(own, p.personId)).filter((e) => e.type === 'ClaimSharesAdjusted')).toEqual([]);
      expect((await getClaim(own, 'NC-TEMP-RELIEF')).shares).toEqual(v.shares);
      // the pending change still shows in the region's dry run: round(30,000 × 80%) = 24,000, +6,000
      const dry = await diffOf(own, { regionCode: 'nanchong', fromMonth: '2023-05', toMonth: '2023-05' });
      expect(dry.changes.map((c) => [c.claimId, c.payer, c.deltaFen])).toEqual([
        ['NC-TEMP-RELIEF', 'basic_pooling', 6000],
        ['NC-TEMP-RELIEF', 'self_pay', -6000],
      ]);
    } finally {
      await own.close();
    }
  });

  it('in Yancheng, the look-back applies the status with the book each claim was decided under, not a pending ratio change', async () => {
    const own = await startApp();
    try {
      await putParameter(own, INCOME, 5_000_000, '2023-01-01');
      await putParameter(own, MIN_LIVING, 960_000, '2023-01-01');
      const p = await register(own, residentBody('yancheng'));
      const body = claimBody(p.personId, { claimId: 'YC-PENDING', institutionId: 'H-YC-1', serviceDate: '2023-05-10', items: [item(30000)], priorPayments: { basic_pooling: 10000 } });
      expect((await submit(own, body)).shares).toEqual(shares({ basic_pooling: 10000, self_pay: 20000 }));
      // recorded after the claim and not yet re-settled: the 70% ratio raised to 75%
      await putParameter(own, 'yancheng.assistance.ratio.standard', 0.75, '2023-01-01');
      await tagStatus(own, p.personId, 'temporary_relief_major_illness', { validFrom: '2024-03-01', firstTreatmentDate: '2023-04-01' });
      // the status at the ratio in force when the claim was decided: 70% × 20,000 = 14,000
      const v = await getClaim(own, 'YC-PENDING');
      expect(v.shares).toEqual(shares({ basic_pooling: 10000, medical_assistance: 14000, self_pay: 6000 }));
      expectConserved(v);
      // the ratio change is still pending for the region: 75% × 20,000 = 15,000, +1,000
      const dry = await diffOf(own, { regionCode: 'yancheng', fromMonth: '2023-01', toMonth: '2023-12' });
      expect(dry.changes.map((c) => [c.claimId, c.payer, c.beforeFen, c.afterFen])).toEqual([
        ['YC-PENDING', 'medical_assistance', 14000, 15000],
        ['YC-PENDING', 'self_pay', 6000, 5000],
      ]);
    } finally {
      await own.close();
    }
  });
});

describe('the ledger (API.md GET /v1/ledgers): a correction of a claim whose month was already settled goes to the next open month', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a 500-yuan tier-2 claim of 2023-03 settled with March; 60% → 70%: the +3,000 pooling is booked in April, against March', async () => {
    const p = await register(t);
    const c = await submit(t, claimBody(p.personId, { serviceDate: '2023-03-05', items: [item(50000)] }));
    expect(c.shares.basic_pooling).toBe(18000);
    await settleMonth(t, 'nanchong', '2023-03');
    await putParameter(t, RATE_LOWER, 0.7, '2023-01-01', 'rate corrected');
    const diff = await diffOf(t, { regionCode: 'nanchong', fromMonth: '2023-03', toMonth: '2023-03', apply: true });
    expect(diff.totalsByPayer).toEqual(totals({ basic_pooling: 3000, self_pay: -3000 }));
    const march = await ledgerOf(t, 'nanchong', '2023-03');
    expect(fundsOf(march).basic_pooling).toEqual({ amountFen: 18000, claims: 1 });
    expect(march.corrections.appliedThisMonth).toEqual([]);
    expect(march.corrections.againstThisMonth).toEqual([
      { appliedMonth: '2023-04', payer: 'basic_pooling', amountFen: 3000 },
      { appliedMonth: '2023-04', payer: 'self_pay', amountFen: -3000 },
    ]);
    const april = await ledgerOf(t, 'nanchong', '2023-04');
    expect(april.corrections.appliedThisMonth).toEqual([
      { originalMonth: '2023-03', payer: 'basic_pooling', amountFen: 3000 },
      { originalMonth: '2023-03', payer: 'self_pay', amountFen: -3000 },
    ]);
    // the claim view names the same month as the ledger: April, the first open month after March
    expect((await getClaim(t, c.claimId)).corrections.map((x) => x.appliedMonth)).toEqual(['2023-04']);
    expect(fundsOf(april).basic_pooling).toEqual({ amountFen: 3000, claims: 0 });
  });
});
