/**
 * The state every decision about one person folds from the person's stream.
 * `evolvePerson` returns a new state and never changes the one it is given (issue 12): a state
 * may be held by the runner's cache, a decision and a test at once.
 */
import { Employment, IsoDate, Month, RegionCode, ReliefStatus, Scheme, lastDayOf, monthOf } from '@benefit/shared';
import type { AdjudicationV2 } from '../events/policy-v2';
import { Beneficiary, COUNTER_KEYS, Claim, CounterKey, statusWindow, statusesForClaim } from '@benefit/policy';
import { FamilyMember, OutOfAreaFilingRecorded, PersonEvent, PersonalAccountPaid, ReliefStatusTagged } from './person.events';
import { claimCancelledOf } from '../claims/claim-cancelled.events';
import { withRecordAppended, withRecordReplaced } from '../snapshots.claims';
import { GrowingSet } from './growing-set';

export interface StatusPeriod extends Omit<ReliefStatusTagged['data'], 'personId'> {
  /** Last day the status applies after a revocation (end of the revocation month), or null. */
  revokedThrough: IsoDate | null;
}

export interface Registration {
  personId: string;
  name: string;
  regionCode: RegionCode;
  scheme: Scheme;
  civilServant: boolean;
  countyCode: string;
  family: FamilyMember[];
  registeredOn: IsoDate;
}

export interface PersonState {
  revision: number;
  registration: Registration | null;
  /** Employment from a month on, in month order (art. 14: retired from the month benefits start). */
  employment: { from: Month; employment: Employment }[];
  contributionBase: { from: Month; baseFen: number }[];
  statuses: StatusPeriod[];
  /** 异地备案 (南府办发〔2022〕33号 art. 26), in the order recorded. */
  outOfAreaFilings: Omit<OutOfAreaFilingRecorded['data'], 'personId'>[];
  /** Counter usage by year. */
  counters: Map<number, Record<CounterKey, number>>;
  balanceFen: number;
  /** Monthly personal-account credits already made, by month (按月计入, once a month). */
  credits: Map<Month, number>;
  /** Ids of every adjudicated claim: grows only, shared between successive states (growing-set.ts). */
  claimIds: GrowingSet<string>;
  /** Every adjudicated claim in decision order, with its adjudication as it now stands (corrections included). */
  /** `current`: as recorded, its lines with their text or in words (events/policy-v2.ts). */
  claims: { claim: Claim; current: AdjudicationV2; cancellation?: { reason: string; cancelledOn: IsoDate } }[];
  /** Payments by reference: a retried payment must not pay twice. */
  payments: Map<string, PersonalAccountPaid['data']>;
  /** Warnings raised, as `kind:year` (once per person, kind and year). */
  warnings: Set<string>;
  /** Guardianship rewards accrued, by the month they are for, with the settlement that pays them. */
  rewards: Map<Month, { amountFen: number; settledWith: Month }>;
  /** Poverty-insurance premiums accrued, by year, with the month that accrued them. */
  premiums: Map<number, { month: Month; amountFen: number }>;
  /** When the person's identity was erased (crypto-shredding), or null. */
  identityErasedAt: string | null;
}

export const initialPersonState = (): PersonState => ({
  revision: -1,
  registration: null,
  employment: [],
  contributionBase: [],
  statuses: [],
  outOfAreaFilings: [],
  counters: new Map(),
  balanceFen: 0,
  credits: new Map(),
  claimIds: GrowingSet.of<string>(),
  claims: [],
  payments: new Map(),
  warnings: new Set(),
  rewards: new Map(),
  premiums: new Map(),
  identityErasedAt: null,
});

const emptyCounters = () => Object.fromEntries(COUNTER_KEYS.map((k) => [k, 0])) as Record<CounterKey, number>;

/** The timeline with `entry` in month order; an entry of the same month replaces the earlier one. */
function withTimelineEntry<T extends { from: Month }>(timeline: readonly T[], entry: T): T[] {
  const at = timeline.findIndex((e) => e.from >= entry.from);
  if (at === -1) return [...timeline, entry];
  if (timeline[at].from === entry.from) return timeline.map((e, i) => (i === at ? entry : e));
  return [...timeline.slice(0, at), entry, ...timeline.slice(at)];
}

/** The counters with one year's usage moved by `deltas`: a new map and a new year record, the other years shared. */
function withCounterDeltas(counters: PersonState['counters'], year: number, deltas: Partial<Record<CounterKey, number>>): PersonState['counters'] {
  const used = { ...(counters.get(year) ?? emptyCounters()) };
  for (const [key, delta] of Object.entries(deltas) as [CounterKey, number][]) used[key] += delta;
  return new Map(counters).set(year, used);
}

/**
 * The claims with the record of `claimId` replaced by `update` of it (a claim not recorded:
 * unchanged); the snapshot chunks of the records before it stay the new list's (snapshots.claims.ts).
 */
function withClaimRecord(claims: PersonState['claims'], claimId: string, update: (record: PersonState['claims'][number]) => PersonState['claims'][number]): PersonState['claims'] {
  const at = claims.findIndex((c) => c.claim.claimId === claimId);
  return at === -1 ? claims : withRecordReplaced(claims, at, update(claims[at]));
}

/**
 * The version of `evolvePerson` and of PersonState's shape. Snapshots (../snapshots.ts) written
 * by another version are ignored and the state is folded from the log again: bump it with any
 * change to what evolvePerson computes or to the fields of PersonState.
 */
export const PERSON_FOLD_VERSION = 1;

/**
 * The state after one event, as a new object: only what the event changes is copied (a new
 * array, map or set for the field it touches); everything else is shared with `prev`, which is
 * left as it was. The fold runs once per event in a replay, so a full copy per event is avoided.
 */
export function evolvePerson(prev: PersonState, event: PersonEvent): PersonState {
  const state: PersonState = { ...prev, revision: prev.revision + 1 };
  switch (event.type) {
    case 'PatientRegistered': {
      const d = event.data;
      state.registration = {
        personId: d.personId,
        name: d.name,
        regionCode: d.regionCode,
        scheme: d.scheme,
        civilServant: d.civilServant,
        countyCode: d.countyCode,
        family: d.family,
        registeredOn: d.registeredOn,
      };
      const from = monthOf(d.registeredOn);
      if (d.employment) state.employment = [{ from, employment: d.employment }];
      if (d.monthlyContributionBaseFen !== null) state.contributionBase = [{ from, baseFen: d.monthlyContributionBaseFen }];
      state.balanceFen += d.openingPersonalAccountFen;
      break;
    }
    case 'ReliefStatusTagged': {
      const { personId: _p, ...period } = event.data;
      state.statuses = [...prev.statuses, { ...period, revokedThrough: null }];
      break;
    }
    case 'ReliefStatusRevoked': {
      const at = prev.statuses.findIndex((s) => s.status === event.data.status && s.revokedThrough === null);
      // 盐政办发〔2022〕73号 八: a revoked status stops at the end of the month of revocation
      const revokedThrough = lastDayOf(monthOf(event.data.effectiveDate));
      if (at !== -1) state.statuses = prev.statuses.map((s, i) => (i === at ? { ...s, revokedThrough } : s));
      break;
    }
    case 'OutOfAreaFilingRecorded': {
      const { personId: _p, ...filing } = event.data;
      state.outOfAreaFilings = [...prev.outOfAreaFilings, filing];
      break;
    }
    case 'EmploymentChanged':
      state.employment = withTimelineEntry(prev.employment, { from: event.data.effectiveMonth, employment: event.data.employment });
      break;
    case 'ContributionBaseChanged':
      state.contributionBase = withTimelineEntry(prev.contributionBase, { from: event.data.effectiveMonth, baseFen: event.data.monthlyContributionBaseFen });
      break;
    case 'ClaimAdjudicated': {
      const { claim, adjudication } = event.data;
      state.claimIds = prev.claimIds.add(claim.claimId);
      state.counters = withCounterDeltas(prev.counters, adjudication.year, adjudication.counterDeltas);
      state.balanceFen -= adjudication.shares.personal_account;
      state.claims = withRecordAppended(prev.claims, { claim, current: adjudication });
      break;
    }
    case 'ClaimSharesAdjusted': {
      const d = event.data;
      state.claims = withClaimRecord(prev.claims, d.claimId, (c) => ({ ...c, current: d.adjudication }));
      state.counters = withCounterDeltas(prev.counters, d.year, d.counterDeltas);
      state.balanceFen -= d.deltas.personal_account ?? 0;
      break;
    }
    case 'ClaimCancelled': {
      // 撤销结算: the counters and the personal account get back what the claim had moved
      const d = claimCancelledOf(event.data);
      state.claims = withClaimRecord(prev.claims, d.claimId, (c) => ({ ...c, cancellation: { reason: d.reason, cancelledOn: d.cancelledOn } }));
      state.counters = withCounterDeltas(prev.counters, d.year, d.counterDeltas);
      state.balanceFen += d.personalAccountRefundFen;
      break;
    }
    case 'PersonalAccountBackPaid':
      state.balanceFen += event.data.amountFen;
      state.credits = new Map(prev.credits).set(event.data.month, (prev.credits.get(event.data.month) ?? 0) + event.data.amountFen);
      break;
    case 'PersonalAccountCredited':
      state.balanceFen += event.data.amountFen;
      state.credits = new Map(prev.credits).set(event.data.month, event.data.amountFen);
      break;
    case 'PersonalAccountPaid':
      state.balanceFen -= event.data.amountFen;
      state.payments = new Map(prev.payments).set(event.data.reference, event.data);
      break;
    case 'WarningRaised':
      state.warnings = new Set(prev.warnings).add(`${event.data.kind}:${event.data.year}`);
      break;
    case 'GuardianshipRewardAccrued':
      state.rewards = new Map(prev.rewards).set(event.data.month, { amountFen: event.data.amountFen, settledWith: event.data.settledWith ?? event.data.month });
      break;
    case 'PovertyPremiumAccrued':
      state.premiums = new Map(prev.premiums).set(event.data.year, { month: event.data.month, amountFen: event.data.amountFen });
      break;
    case 'PersonIdentityErased':
      state.identityErasedAt = prev.identityErasedAt ?? event.data.erasedAt;
      break;
  }
  return state;
}

const atMonth = <T extends { from: Month }>(timeline: T[], month: Month): T | undefined => {
  let found: T | undefined;
  for (const e of timeline) if (e.from <= month) found = e;
  return found;
};

export const employmentIn = (state: PersonState, month: Month): Employment | null => atMonth(state.employment, month)?.employment ?? null;
export const contributionBaseIn = (state: PersonState, month: Month): number | null => atMonth(state.contributionBase, month)?.baseFen ?? null;

/**
 * Is a status period in force on a date? The window rules (revocation to the end of the month,
 * the temporary-relief year and look-back) are the policy's: 盐政办发〔2022〕73号 八.
 */
export function statusActiveOn(s: StatusPeriod, date: IsoDate): boolean {
  const w = statusWindow(s);
  return w.from <= date && (w.through === null || w.through >= date);
}

export const activeStatusesOn = (state: PersonState, date: IsoDate): ReliefStatus[] => [
  ...new Set(state.statuses.filter((s) => statusActiveOn(s, date)).map((s) => s.status)),
];

/** 南府办发〔2022〕33号 art. 26: a filing valid on the service date, validTo included. */
export const filedOutOfAreaOn = (state: PersonState, date: IsoDate): boolean =>
  state.outOfAreaFilings.some((f) => f.validFrom <= date && (f.validTo === null || f.validTo >= date));

export function countersOf(state: PersonState, year: number): Record<CounterKey, number> {
  return state.counters.get(year) ?? emptyCounters();
}

/** The person as the rules see them for one claim: statuses held at admission or acquired during a stay. */
export function beneficiaryForClaim(state: PersonState, claim: Pick<Claim, 'visitType' | 'serviceDate' | 'dischargeDate'>): Beneficiary {
  const statuses = statusesForClaim(state.statuses, claim, state.registration!.regionCode);
  return { ...beneficiaryOn(state, claim.serviceDate), statuses, activeStatuses: [...new Set(statuses.map((s) => s.status))] };
}

/** The person as the rules see them on a date. */
export function beneficiaryOn(state: PersonState, date: IsoDate): Beneficiary {
  const r = state.registration!;
  return {
    personId: r.personId,
    regionCode: r.regionCode,
    scheme: r.scheme,
    employment: r.scheme === 'employee' ? employmentIn(state, monthOf(date)) : null,
    civilServant: r.civilServant,
    activeStatuses: activeStatusesOn(state, date),
    countersUsed: { ...countersOf(state, Number(date.slice(0, 4))) },
    personalAccountBalanceFen: state.balanceFen,
    filedOutOfArea: filedOutOfAreaOn(state, date),
  };
}
