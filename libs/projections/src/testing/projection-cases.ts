/**
 * The projections' rules as given/then cases: given these events in the log, then the read model
 * answers so. One list for both stores: projections.spec.ts runs it on SQLite (npm test) and
 * test/postgres/projections.postgres-spec.ts on PostgreSQL, each once with the whole log in one
 * batch and once with an event per batch, so the engine's batching is checked with the rules.
 */
import type {
  ClaimAdjudicated,
  ClaimCancelled,
  ClaimSharesAdjusted,
  GuardianshipRewardAccrued,
  MonthSettled,
  PatientRegistered,
  PersonDataRead,
  PersonEvent,
  PovertyPremiumAccrued,
} from '@benefit/domain';
import { SqliteEventStore } from '@benefit/event-store';
import { Month, PAYERS, Payer } from '@benefit/shared';
import { claim as claimOf } from '../../../policy/src/testing/fixtures';
import { ALL_PROJECTIONS } from '../projections';
import { Projector } from '../projector';
import { ReadModelStore, ReadQueries } from '../read-model';

type Given = { stream: string; event: PersonEvent | MonthSettled | PersonDataRead };

export interface ProjectionCase {
  rule: string;
  given: Given[];
  then(q: ReadQueries): Promise<void>;
}

/** A store under test, fresh for each case. */
export interface OpenedStore {
  readModel: ReadModelStore;
  queries: ReadQueries;
  close(): Promise<void>;
}

/** Every event is recorded at this instant: China day 2023-03-20. */
const RECORDED_AT = new Date('2023-03-20T02:00:00.000Z');
const DAY = '2023-03-20';

const shares = (over: Partial<Record<Payer, number>>): Record<Payer, number> => ({ ...(Object.fromEntries(PAYERS.map((p) => [p, 0])) as Record<Payer, number>), ...over });
const person = (personId: string, ...events: Given['event'][]): Given[] => events.map((event) => ({ stream: `person-${personId}`, event }));
const settled = (month: Month): Given => ({ stream: 'settlements-nanchong', event: { type: 'MonthSettled', data: { regionCode: 'nanchong', month, personalAccountCreditsFen: 0, creditedPersons: 0, settledOn: `${month}-28` } } });

const registered = (personId: string, openingPersonalAccountFen = 0): PatientRegistered => ({
  type: 'PatientRegistered',
  data: { personId, name: '张三', idNumber: 'pii:v1:sealed', regionCode: 'nanchong', scheme: 'employee', employment: 'in_service', monthlyContributionBaseFen: 600000, civilServant: false, countyCode: '511302', family: [], openingPersonalAccountFen, registeredOn: '2023-01-01' },
});

/** A claim of 500 yuan: 300 from pooling, 150 self-paid, 50 from the personal account. */
const adjudicated = (claimId: string, over: { serviceDate?: string; institutionId?: string; dischargeDate?: string | null; bedDays?: ClaimAdjudicated['data']['bedDays'] } = {}): ClaimAdjudicated => ({
  type: 'ClaimAdjudicated',
  data: {
    v: 2,
    claim: claimOf({ claimId, personId: 'P-1', serviceDate: over.serviceDate ?? '2023-03-05', institutionId: over.institutionId ?? 'H1', dischargeDate: over.dischargeDate ?? null }),
    regionCode: 'nanchong',
    adjudication: {
      totalFen: 50000,
      policyScopeFen: 50000,
      shares: shares({ basic_pooling: 30000, self_pay: 15000, personal_account: 5000 }),
      explanation: [],
      year: 2023,
      counterDeltas: { outpatient_pooling_paid: 30000 },
      counterLimits: { outpatient_pooling_paid: 200000 },
      policyVersion: 'spec',
    },
    bedDays: over.bedDays ?? null,
  },
});

/** The pooling fund pays 100 yuan more and the person 100 less (a lower deductible, applied later). */
const adjusted = (claimId: string, appliedMonth: Month): ClaimSharesAdjusted => {
  const before = adjudicated(claimId).data.adjudication;
  return {
    type: 'ClaimSharesAdjusted',
    data: {
      v: 2,
      personId: 'P-1',
      claimId,
      regionCode: 'nanchong',
      institutionId: 'H1',
      originalMonth: '2023-03',
      appliedMonth,
      year: 2023,
      deltas: { basic_pooling: 10000, self_pay: -10000 },
      counterDeltas: { outpatient_pooling_paid: 10000 },
      adjudication: { ...before, explanation: [], shares: shares({ basic_pooling: 40000, self_pay: 5000, personal_account: 5000 }), counterDeltas: { outpatient_pooling_paid: 40000 } },
      reason: 'deductible lowered',
    },
  };
};

const cancelled = (claimId: string): ClaimCancelled => ({
  type: 'ClaimCancelled',
  data: {
    v: 1,
    personId: 'P-1',
    claimId,
    regionCode: 'nanchong',
    institutionId: 'H1',
    originalMonth: '2023-03',
    year: 2023,
    reason: 'withdrawn by the hospital',
    cancelledOn: '2023-03-20',
    reversedShares: shares({ basic_pooling: 30000, self_pay: 15000, personal_account: 5000 }),
    counterDeltas: { outpatient_pooling_paid: -30000 },
    counterLimits: { outpatient_pooling_paid: 200000 },
    personalAccountRefundFen: 5000,
  },
});

const pooling = async (q: ReadQueries, month: Month) => (await q.ledger('nanchong', month)).find((f) => f.payer === 'basic_pooling');

export const PROJECTION_CASES: ProjectionCase[] = [
  {
    rule: 'a claim is booked in its service month: ledger, fund year, counters, account, reconciliation and the claim view',
    given: person('P-1', registered('P-1', 10000), adjudicated('C-1')),
    async then(q) {
      expect(await pooling(q, '2023-03')).toEqual({ payer: 'basic_pooling', amountFen: 30000, claims: 1 });
      expect(await q.fundYear('nanchong', 2023, 'self_pay')).toEqual({ amountFen: 15000, claims: 1 });
      expect(await q.counters('P-1', 2023)).toEqual([{ key: 'outpatient_pooling_paid', usedFen: 30000, limitFen: 200000 }]);
      const account = await q.account('P-1');
      expect(account.balanceFen).toBe(5000);
      expect(account.entries.map((e) => [e.kind, e.month, e.amountFen, e.reference])).toEqual([
        ['opening', '2023-01', 10000, null],
        ['claim_payment', '2023-03', -5000, 'C-1'],
      ]);
      expect((await q.reconciliationEntries('H1', DAY, DAY)).map((r) => [r.claimId, r.kind, r.totalFen, r.fundFen])).toEqual([['C-1', 'settled', 50000, 30000]]);
      expect(await q.claim('C-1')).toEqual(expect.objectContaining({ status: 'adjudicated', serviceDate: '2023-03-05', totalFen: 50000, corrections: [] }));
      expect((await q.person('P-1'))?.version).toBe(1);
    },
  },
  {
    rule: 'a claim of a month already settled belongs to the first open month (API.md GET /v1/ledgers)',
    given: [settled('2023-03'), ...person('P-1', registered('P-1'), adjudicated('C-1'))],
    async then(q) {
      expect(await pooling(q, '2023-03')).toEqual({ payer: 'basic_pooling', amountFen: 0, claims: 0 });
      expect(await pooling(q, '2023-04')).toEqual({ payer: 'basic_pooling', amountFen: 30000, claims: 1 });
      expect(await q.settledMonths('nanchong')).toEqual(['2023-03']);
      expect((await q.settlement('nanchong', '2023-03'))?.institutions).toEqual([]);
    },
  },
  {
    rule: "a month's settlement sums its ledger by institution and pays the bed days of its own nights (按床日): 29 March to 2 April is 3 nights in March, 1 in April",
    given: [
      ...person(
        'P-1',
        registered('P-1'),
        adjudicated('C-2', { institutionId: 'H2' }),
        adjudicated('C-1', { institutionId: 'H1' }),
        adjudicated('C-3', { institutionId: 'H1', serviceDate: '2023-03-29', dischargeDate: '2023-04-02', bedDays: { bedDays: 4, perDiemFen: 6000, amountFen: 24000, illustrative: false, rule: 'bed_day', citation: '山亭 一', detail: '4 × 60 yuan' } }),
      ),
      settled('2023-03'),
    ],
    async then(q) {
      const march = await q.settlement('nanchong', '2023-03');
      expect(march?.institutions.map((i) => [i.institutionId, i.shares.basic_pooling, i.shares.self_pay])).toEqual([
        ['H1', 60000, 30000],
        ['H2', 30000, 15000],
      ]);
      expect(march?.bedDayPayments).toEqual([{ institutionId: 'H1', stays: 1, bedDays: 3, amountFen: 18000 }]);
    },
  },
  {
    rule: "a correction is booked in its claim's month while that month is open, and moves counters by its deltas",
    given: person('P-1', registered('P-1'), adjudicated('C-1'), adjusted('C-1', '2023-03')),
    async then(q) {
      expect(await pooling(q, '2023-03')).toEqual({ payer: 'basic_pooling', amountFen: 40000, claims: 1 });
      expect((await q.corrections('nanchong', '2023-03')).appliedThisMonth).toEqual([
        { originalMonth: '2023-03', payer: 'basic_pooling', amountFen: 10000 },
        { originalMonth: '2023-03', payer: 'self_pay', amountFen: -10000 },
      ]);
      expect(await q.fundYear('nanchong', 2023, 'self_pay')).toEqual({ amountFen: 5000, claims: 1 });
      expect(await q.counters('P-1', 2023)).toEqual([{ key: 'outpatient_pooling_paid', usedFen: 40000, limitFen: 200000 }]);
      const claim = await q.claim('C-1');
      expect(claim?.shares.basic_pooling).toBe(40000);
      expect(claim?.corrections.map((c) => [c.appliedMonth, c.deltas, c.reason])).toEqual([['2023-03', { basic_pooling: 10000, self_pay: -10000 }, 'deductible lowered']]);
    },
  },
  {
    rule: "a correction of a claim whose month was settled is booked in the first open month, and shown against the claim's month",
    given: [...person('P-1', registered('P-1'), adjudicated('C-1')), settled('2023-03'), ...person('P-1', adjusted('C-1', '2023-04'))],
    async then(q) {
      expect(await pooling(q, '2023-03')).toEqual({ payer: 'basic_pooling', amountFen: 30000, claims: 1 });
      expect(await pooling(q, '2023-04')).toEqual({ payer: 'basic_pooling', amountFen: 10000, claims: 0 });
      expect((await q.corrections('nanchong', '2023-03')).againstThisMonth).toEqual([
        { appliedMonth: '2023-04', payer: 'basic_pooling', amountFen: 10000 },
        { appliedMonth: '2023-04', payer: 'self_pay', amountFen: -10000 },
      ]);
      expect((await q.settlement('nanchong', '2023-03'))?.institutions).toEqual([{ institutionId: 'H1', shares: shares({ basic_pooling: 30000, self_pay: 15000, personal_account: 5000 }) }]);
    },
  },
  {
    rule: '撤销结算: a cancellation in an open month gives back every share and the claim leaves the count; counters and the account are given back',
    given: person('P-1', registered('P-1', 10000), adjudicated('C-1'), cancelled('C-1')),
    async then(q) {
      expect(await pooling(q, '2023-03')).toEqual({ payer: 'basic_pooling', amountFen: 0, claims: 0 });
      expect(await q.fundYear('nanchong', 2023, 'basic_pooling')).toEqual({ amountFen: 0, claims: 0 });
      expect(await q.counters('P-1', 2023)).toEqual([{ key: 'outpatient_pooling_paid', usedFen: 0, limitFen: 200000 }]);
      const account = await q.account('P-1');
      expect(account.balanceFen).toBe(10000);
      expect(account.entries.map((e) => e.kind)).toEqual(['opening', 'claim_payment', 'claim_refund']);
      expect((await q.reconciliationEntries('H1', DAY, DAY)).map((r) => [r.kind, r.totalFen, r.fundFen])).toEqual([
        ['settled', 50000, 30000],
        ['cancelled', 50000, 30000],
      ]);
      const claim = await q.claim('C-1');
      expect([claim?.status, claim?.shares.basic_pooling, claim?.cancellation?.reversedShares.basic_pooling]).toEqual(['cancelled', 0, 30000]);
    },
  },
  {
    rule: "a person's view follows the stream: a status, an employment change and an erasure, with the stream's revision as version",
    given: person(
      'P-1',
      registered('P-1'),
      { type: 'ReliefStatusTagged', data: { personId: 'P-1', status: 'minimum_living', validFrom: '2023-02-01', validTo: '2023-02-10', source: 'civil_affairs', diagnosis: null, riskLevel: null, firstTreatmentDate: null } },
      { type: 'EmploymentChanged', data: { personId: 'P-1', employment: 'retired', effectiveMonth: '2023-06' } },
      adjudicated('C-1'),
      { type: 'PersonIdentityErased', data: { personId: 'P-1', reason: 'spec', erasedAt: '2024-01-01T00:00:00.000Z' } },
    ),
    async then(q) {
      const view = await q.person('P-1');
      expect(view).toEqual(expect.objectContaining({ version: 4, name: null, idNumber: null, identityErasedAt: '2024-01-01T00:00:00.000Z' }));
      expect(view?.employmentHistory).toEqual([
        { from: '2023-01', employment: 'in_service' },
        { from: '2023-06', employment: 'retired' },
      ]);
      // 盐政办发〔2022〕73号 八: a status lapsing on 10 February applies to the end of February
      expect(view?.statuses.map((s) => [s.status, s.appliesThrough])).toEqual([['minimum_living', '2023-02-28']]);
    },
  },
  {
    rule: 'monitoring warnings (盐政办发〔2022〕73号 九): one per person, kind and year, the first raised stays',
    given: person(
      'P-1',
      registered('P-1'),
      { type: 'WarningRaised', data: { personId: 'P-1', kind: 'impoverishment_risk', year: 2023, raisedOn: '2023-03-01', claimId: 'C-1', thresholdFen: 500000, burdenFen: 600000, rule: 'r', citation: '九' } },
      { type: 'WarningRaised', data: { personId: 'P-1', kind: 'impoverishment_risk', year: 2023, raisedOn: '2023-04-01', claimId: 'C-2', thresholdFen: 500000, burdenFen: 700000, rule: 'r', citation: '九' } },
    ),
    async then(q) {
      expect((await q.warnings('P-1')).map((w) => [w.kind, w.year, w.claimId, w.burdenFen])).toEqual([['impoverishment_risk', 2023, 'C-1', 600000]]);
    },
  },
  {
    rule: 'accruals: a guardianship reward (山亭 四) is shown with the settlement that pays it; poverty premiums (靖政办发〔2018〕107号 十) add up per year',
    given: [
      ...person('P-1', registered('P-1'), reward('2023-01', '2023-03'), reward('2023-02', '2023-03'), premium('2023-03')),
      ...person('P-2', registered('P-2'), premium('2023-04')),
    ],
    async then(q) {
      expect(await q.accruals('nanchong', '2023-03')).toEqual([
        { kind: 'guardianship_reward', payer: 'medical_assistance', amountFen: 600, cityFinanceFen: 0, townFinanceFen: 0, persons: 2 },
        { kind: 'poverty_premium', payer: 'poverty_insurance', amountFen: 1200, cityFinanceFen: 720, townFinanceFen: 480, persons: 1 },
      ]);
      expect(await q.accruals('nanchong', '2023-01')).toEqual([]);
      expect(await q.premiumsOfYear('nanchong', 2023)).toEqual({ amountFen: 2400, persons: 2 });
    },
  },
  {
    rule: 'the access log holds one row per person of a recorded read, a person named twice being one row',
    given: [{ stream: `access-${DAY}`, event: { type: 'PersonDataRead', data: { v: 1, personIds: ['B', 'A', 'B'], route: 'GET /v1/persons/:personId', what: { personId: 'A' }, reason: null, status: 200, role: 'clerk', tokenId: 'tok-1' } } }],
    async then(q) {
      const rows = await q.accessLog({ personId: null, fromDay: DAY, toDay: DAY, after: 0, limit: 10 });
      expect(rows.map((r) => [r.personId, r.day, r.role, r.tokenId])).toEqual([
        ['A', DAY, 'clerk', 'tok-1'],
        ['B', DAY, 'clerk', 'tok-1'],
      ]);
    },
  },
];

function reward(month: Month, settledWith: Month): GuardianshipRewardAccrued {
  return { type: 'GuardianshipRewardAccrued', data: { personId: 'P-1', regionCode: 'nanchong', month, settledWith, amountFen: 300, payer: 'medical_assistance', rule: 'r', citation: '四', detail: 'd' } };
}

function premium(month: Month): PovertyPremiumAccrued {
  return { type: 'PovertyPremiumAccrued', data: { personId: 'P-1', regionCode: 'nanchong', year: 2023, month, amountFen: 1200, cityFen: 720, townFen: 480, citation: '十' } };
}

const BATCHES: [string, number][] = [
  ['the whole log in one batch', 2000],
  ['an event per batch', 1],
];

/** Defines the cases with `suite` (describe, or describe.skip when the store is unreachable) over fresh stores from `open`. */
export function projectionSpec(suite: jest.Describe, store: string, open: () => Promise<OpenedStore>): void {
  suite.each(BATCHES)(`projections on ${store}, %s`, (_label, batchSize) => {
    it.each(PROJECTION_CASES.map((c) => [c.rule, c] as const))('%s', async (_rule, c) => {
      const log = new SqliteEventStore({ filename: ':memory:', now: () => RECORDED_AT });
      const opened = await open();
      try {
        for (const { stream, event } of c.given) await log.append(stream, [event], 'any');
        await new Projector(log, opened.readModel, ALL_PROJECTIONS, { batchSize }).catchUp();
        await c.then(opened.queries);
      } finally {
        await opened.close();
        await log.close();
      }
    });
  });
}
