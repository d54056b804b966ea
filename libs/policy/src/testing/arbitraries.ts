/** Random claims, persons and status sets for the property specs (fast-check). */
import fc from 'fast-check';
import { CLAIM_CIRCUMSTANCES, Claim, ClaimCircumstance, ClaimItem, CounterKey, ITEM_TAGS } from '../claim';
import { INSTITUTION_LEVELS, LOCATIONS, PAYERS, RELIEF_STATUSES, RegionCode, ReliefStatus, SPECIAL_DISEASES, VISIT_TYPES, sumFen } from '@benefit/shared';
import { Adjudication, Beneficiary } from '../claim';
import { claim, person } from './fixtures';

const amount = fc.oneof(fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 0, max: 5_000_000 }));

export const itemArb = (withTags = false): fc.Arbitrary<ClaimItem> =>
  fc.record({
    code: fc.constant('X'),
    name: fc.constant('item'),
    kind: fc.constantFrom('drug', 'service', 'material'),
    catalogClass: fc.constantFrom('A', 'B', 'C'),
    drugClass: fc.constantFrom(null, 'antipsychotic', 'anxiolytic', 'antidepressant', 'antiepileptic', 'antimanic', 'other'),
    amountFen: amount,
    tags: withTags ? fc.subarray([...ITEM_TAGS], { maxLength: 1 }) : fc.constant(undefined),
  }) as fc.Arbitrary<ClaimItem>;

export interface ClaimOptions {
  years: number[];
  /** Share of the policy-scope amount priorPayments carry (null: none), and whether they carry assistance. */
  prior: 'never' | 'sometimes' | 'always';
  priorAssistance: boolean;
  tags?: boolean;
}

export const claimArb = (o: ClaimOptions): fc.Arbitrary<Claim> =>
  fc
    .record({
      institutionLevel: fc.constantFrom(...INSTITUTION_LEVELS),
      designated: fc.boolean(),
      location: fc.constantFrom(...LOCATIONS),
      referral: fc.boolean(),
      visitType: fc.constantFrom(...VISIT_TYPES),
      specialDisease: fc.constantFrom(null, ...SPECIAL_DISEASES),
      year: fc.constantFrom(...o.years),
      month: fc.integer({ min: 1, max: 12 }),
      stay: fc.integer({ min: 0, max: 40 }),
      items: fc.array(itemArb(o.tags), { minLength: 1, maxLength: 6 }),
      usePersonalAccount: fc.boolean(),
      priorShare: o.prior === 'never' ? fc.constant(null) : o.prior === 'always' ? fc.double({ min: 0, max: 1, noNaN: true }) : fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
      split: fc.double({ min: 0, max: 1, noNaN: true }),
      circumstances: o.tags ? fc.subarray([...CLAIM_CIRCUMSTANCES], { maxLength: 2 }) : fc.constant<ClaimCircumstance[]>([]),
    })
    .map((r) => {
      const scope = sumFen(r.items.filter((i) => i.catalogClass !== 'C').map((i) => i.amountFen));
      const serviceDate = `${r.year}-${String(r.month).padStart(2, '0')}-10`;
      const prior = r.priorShare === null ? null : Math.floor(scope * r.priorShare);
      const basic = prior === null ? 0 : o.priorAssistance ? Math.floor(prior * r.split) : prior;
      const discharge = new Date(Date.parse(`${serviceDate}T00:00:00Z`) + r.stay * 86_400_000).toISOString().slice(0, 10);
      return claim({
        institutionLevel: r.institutionLevel,
        designated: r.designated,
        location: r.location,
        referral: r.referral,
        visitType: r.visitType,
        specialDisease: r.visitType === 'chronic_special_outpatient' ? r.specialDisease : null,
        serviceDate,
        dischargeDate: r.visitType === 'inpatient' ? discharge : null,
        items: r.items,
        usePersonalAccount: r.usePersonalAccount,
        priorPayments: prior === null ? null : { basic_pooling: basic, ...(o.priorAssistance ? { medical_assistance: prior - basic } : {}) },
        circumstances: r.circumstances,
      });
    });

export const statusSetArb = (pool: readonly ReliefStatus[] = RELIEF_STATUSES) => fc.subarray([...pool], { maxLength: 4 });

/** A person with random statuses and counters used somewhere between 0 and their limits. */
export const personArb = (region: RegionCode, limits: Partial<Record<CounterKey, number>>) =>
  fc
    .record({
      scheme: fc.constantFrom('employee', 'resident'),
      statuses: statusSetArb(),
      riskLevel: fc.integer({ min: 0, max: 5 }),
      potentialRisk: fc.boolean(),
      balance: fc.integer({ min: 0, max: 1_000_000 }),
      used: fc.record(Object.fromEntries(Object.entries(limits).map(([k, limit]) => [k, fc.oneof(fc.constant(0), fc.constant(limit!), fc.integer({ min: 0, max: limit! }))]))),
    })
    .map(
      (r): Beneficiary =>
        person({
          regionCode: region,
          scheme: r.scheme as Beneficiary['scheme'],
          employment: r.scheme === 'employee' ? 'in_service' : null,
          activeStatuses: r.statuses,
          statuses: r.statuses.map((status) => ({ status, riskLevel: r.riskLevel, potentialRisk: r.potentialRisk })),
          countersUsed: r.used as Partial<Record<CounterKey, number>>,
          personalAccountBalanceFen: r.balance,
        }),
    );

/** What every adjudication of every pack must satisfy. */
export function expectSound(a: Adjudication, p: Beneficiary): void {
  expect(sumFen(Object.values(a.shares))).toBe(a.totalFen);
  for (const payer of PAYERS) {
    expect(a.shares[payer]).toBeGreaterThanOrEqual(0);
    expect(Number.isSafeInteger(a.shares[payer])).toBe(true);
    expect(sumFen(a.explanation.filter((l) => l.payer === payer).map((l) => l.amountFen))).toBe(a.shares[payer]);
  }
  for (const [key, delta] of Object.entries(a.counterDeltas) as [CounterKey, number][]) {
    expect(delta).toBeGreaterThanOrEqual(0);
    const limit = a.counterLimits[key];
    if (limit !== null && limit !== undefined) expect((p.countersUsed[key] ?? 0) + delta).toBeLessThanOrEqual(limit);
  }
  expect(a.counterDeltas.personal_burden ?? 0).toBe(a.shares.personal_account + a.shares.self_pay);
  expect(a.shares.personal_account).toBeLessThanOrEqual(p.personalAccountBalanceFen);
}
