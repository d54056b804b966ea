/**
 * Re-settlement: a person's recorded history settled again under the rules and parameters now
 * in force. Pure: it reads the state and returns the differences; corrections are recorded as
 * new events (ClaimSharesAdjusted, PersonalAccountBackPaid), never by rewriting old ones.
 */
import { ledgerMonthFor } from '../ledger-month';
import { DomainError, Month, PAYERS, Payer, monthOf, refused } from '@benefit/shared';
import { Adjudication, CatalogueBook, COUNTER_KEYS, CounterKey, ParameterBook, classifyClaim, lineText, packFor, policyVersionOf, settleClaim, withCatalogueNotes } from '@benefit/policy';
import { ClaimSharesAdjusted, PersonEvent, PersonalAccountBackPaid } from '../person/person.events';
import { PersonState, beneficiaryForClaim, contributionBaseIn, employmentIn } from '../person/person.state';
import { requireRegistered } from '../person/enrollment.decider';
import { adjudicationV2 } from '../events/to-policy-v1';
import { AdjudicationV2, ruleOf } from '../events/policy-v2';

export interface Period {
  fromMonth: Month;
  toMonth: Month;
}

export interface ClaimChange {
  claimId: string;
  institutionId: string;
  month: Month;
  year: number;
  /** As recorded: its lines may hold words instead of text (events/policy-v2.ts). */
  before: AdjudicationV2;
  after: Adjudication;
  deltas: Partial<Record<Payer, number>>;
  counterDeltas: Partial<Record<CounterKey, number>>;
}

export interface BackPay {
  month: Month;
  beforeFen: number;
  afterFen: number;
  deltaFen: number;
  basisFen: number;
  rateBp: number;
  citation: string;
}

const inPeriod = (month: Month, p: Period) => month >= p.fromMonth && month <= p.toMonth;

function difference<K extends string>(keys: readonly K[], after: Partial<Record<K, number>>, before: Partial<Record<K, number>>): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  for (const k of keys) {
    const d = (after[k] ?? 0) - (before[k] ?? 0);
    if (d !== 0) out[k] = d;
  }
  return out;
}

/**
 * Claims are settled again in the order they were decided, each on the counters the earlier
 * claims of its year leave under the new rules (a changed deductible moves every later claim).
 * Claims outside the period keep their adjudication as it stands. The personal account pays at
 * most what it paid then (Choice: a re-settlement never spends the account anew; what it paid
 * too much goes back to it).
 */
/** Which parameter book a claim is settled again with. */
export type BookFor = (current: Pick<Adjudication, 'policyVersion'>) => ParameterBook;

/** The parameter revision a recorded adjudication used (its policyVersion `…+params.r{N}`). */
export function parameterRevisionOf(policyVersion: string): number {
  const m = /\+params\.r(-?\d+)$/.exec(policyVersion);
  if (!m) throw new Error(`policyVersion ${policyVersion} names no parameter revision`);
  return Number(m[1]);
}

/**
 * Each claim with the parameters known when it was decided: what changes is only what the
 * person's record changed (a status recorded late), never a parameter not yet re-settled.
 */
export const booksAsDecided = (book: ParameterBook): BookFor => (current) => book.asKnownAt(parameterRevisionOf(current.policyVersion));

/**
 * `catalogue`: items the catalogue classed (classifiedBy 'catalogue') are classed again from it on
 * their service date, so a re-classification (a dated catalogue entry) is picked up; without it
 * (a status-only re-settlement) every item keeps the class recorded with the claim.
 */
export function resettleClaims(state: PersonState, period: Period, params: ParameterBook | BookFor, catalogue?: CatalogueBook): ClaimChange[] {
  const bookFor: BookFor = typeof params === 'function' ? params : () => params;
  const reg = state.registration!;
  const pack = packFor(reg.regionCode);
  const years = new Set(state.claims.filter((c) => inPeriod(monthOf(c.claim.serviceDate), period)).map((c) => c.current.year));
  const counters = new Map<number, Partial<Record<CounterKey, number>>>();
  const changes: ClaimChange[] = [];
  for (const { claim, current, cancellation } of state.claims) {
    // 撤销结算: a cancelled claim moves no counter and is not settled again
    if (cancellation || !years.has(current.year)) continue;
    const used = counters.get(current.year) ?? {};
    counters.set(current.year, used);
    let settled: Pick<Adjudication, 'counterDeltas'> = current;
    if (inPeriod(monthOf(claim.serviceDate), period)) {
      let after: Adjudication;
      const person = { ...beneficiaryForClaim(state, claim), countersUsed: { ...used }, personalAccountBalanceFen: current.shares.personal_account };
      try {
        if (catalogue) {
          const classified = classifyClaim(claim, catalogue);
          after = withCatalogueNotes(settleClaim(classified, person, pack, bookFor(current)), classified, catalogue);
        } else {
          const s = settleClaim(claim, person, pack, bookFor(current));
          const notes = current.explanation.filter((l) => ruleOf(l) === 'catalogue.unlisted_code').map((l) => lineText(reg.regionCode, l));
          after = notes.length ? { ...s, explanation: [...s.explanation, ...notes] } : s;
        }
      } catch (err) {
        if (err instanceof DomainError) throw refused(err.code, `claim ${claim.claimId} cannot be settled again: ${err.message}`);
        throw err;
      }
      const deltas = difference(PAYERS, after.shares, current.shares);
      const counterDeltas = difference(COUNTER_KEYS, after.counterDeltas, current.counterDeltas);
      if (Object.keys(deltas).length || Object.keys(counterDeltas).length) {
        changes.push({ claimId: claim.claimId, institutionId: claim.institutionId, month: monthOf(claim.serviceDate), year: current.year, before: current, after, deltas, counterDeltas });
      }
      settled = after;
    }
    for (const [k, v] of Object.entries(settled.counterDeltas) as [CounterKey, number][]) used[k] = (used[k] ?? 0) + v;
  }
  return changes;
}

/**
 * 补划差额: every month already credited in the period, credited again under today's parameters.
 * A lower figure takes back the difference only as far as the balance goes (art. 20: a balance
 * never goes negative) — Choice: what cannot be taken back is not recovered from the account.
 * `balanceFen` is the balance the back-pays start from (after the claim corrections).
 */
export function resettleCredits(state: PersonState, period: Period, params: ParameterBook, balanceFen = state.balanceFen): BackPay[] {
  const reg = state.registration!;
  const pack = packFor(reg.regionCode);
  if (!pack.monthlyAccountCredit) return [];
  const out: BackPay[] = [];
  for (const [month, beforeFen] of [...state.credits].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!inPeriod(month, period)) continue;
    const employment = employmentIn(state, month);
    const credit = employment && pack.monthlyAccountCredit({ personId: reg.personId, scheme: reg.scheme, employment, monthlyContributionBaseFen: contributionBaseIn(state, month) }, month, params);
    if (!credit || credit.amountFen === beforeFen) continue;
    const deltaFen = Math.max(credit.amountFen - beforeFen, -balanceFen);
    if (deltaFen === 0) continue;
    balanceFen += deltaFen;
    out.push({ month, beforeFen, afterFen: beforeFen + deltaFen, deltaFen, basisFen: credit.basisFen, rateBp: credit.rateBp, citation: credit.citation });
  }
  return out;
}

export type Readjudicate = {
  type: 'Readjudicate';
  /**
   * `settledMonths`: the months of the person's region already settled, so that each correction is
   * booked where the ledger books it (ledgerMonthFor). `statusOnly`: settle claims with the
   * parameters known when each was decided, credits untouched.
   */
  data: { personId: string; period: Period; settledMonths: readonly Month[]; reason: string; statusOnly?: boolean };
};

/** Claims and back-pays of one person, the back-pays on the balance the claim corrections leave. */
export function resettlePerson(state: PersonState, period: Period, params: ParameterBook, statusOnly = false, catalogue?: CatalogueBook) {
  const claims = resettleClaims(state, period, statusOnly ? booksAsDecided(params) : params, statusOnly ? undefined : catalogue);
  if (statusOnly) return { claims, backPays: [] as BackPay[] };
  const returned = claims.reduce((sum, c) => sum - (c.deltas.personal_account ?? 0), 0);
  return { claims, backPays: resettleCredits(state, period, params, state.balanceFen + returned) };
}

/** Records the differences as corrective events. Deciding again on the corrected state finds none. */
export function decideReadjudication(cmd: Readjudicate, state: PersonState, params: ParameterBook, catalogue?: CatalogueBook): PersonEvent[] {
  const reg = requireRegistered(state, cmd.data.personId);
  const { period, reason } = cmd.data;
  const settled = new Set(cmd.data.settledMonths);
  const found = resettlePerson(state, period, params, cmd.data.statusOnly, catalogue);
  const claims: ClaimSharesAdjusted[] = found.claims.map((c) => ({
    type: 'ClaimSharesAdjusted',
    data: {
      v: 2,
      personId: reg.personId,
      claimId: c.claimId,
      regionCode: reg.regionCode,
      institutionId: c.institutionId,
      originalMonth: c.month,
      // API.md GET /v1/ledgers: the claim's month while it is open, else the first open month after it
      appliedMonth: ledgerMonthFor(c.month, settled),
      year: c.year,
      deltas: c.deltas,
      counterDeltas: c.counterDeltas,
      adjudication: adjudicationV2(c.after),
      reason,
    },
  }));
  const pack = packFor(reg.regionCode);
  const backPays: PersonalAccountBackPaid[] = found.backPays.map((b) => ({
    type: 'PersonalAccountBackPaid',
    data: {
      personId: reg.personId,
      regionCode: reg.regionCode,
      month: b.month,
      amountFen: b.deltaFen,
      basisFen: b.basisFen,
      rateBp: b.rateBp,
      policyVersion: policyVersionOf(pack, params),
      citation: b.citation,
      reason,
    },
  }));
  return [...claims, ...backPays];
}
