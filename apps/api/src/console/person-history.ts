/**
 * What the console's person and claim views draw, folded from the person's own stream with the
 * domain's `evolvePerson` — the fold every decision about the person uses — so that the figures
 * cannot drift from what was decided. "As known on" (bitemporal) keeps only the events recorded
 * at or before the instant (metadata.recordedAt), whatever dates they speak about, as the CLI's
 * `as-of` does.
 */
import { PersonEvent, PersonState, claimCancelledOf, countersOf, evolvePerson, initialPersonState, limitsByYear } from '@benefit/domain';
import { RecordedEvent } from '@benefit/event-store';
import { COUNTER_KEYS, CounterKey } from '@benefit/policy';
import { PAYERS, Payer, invalid, isValidDate } from '@benefit/shared';
import type { EventView } from '@benefit/runtime';

/**
 * `asOf` of the query: a date (the end of that day, China time, as `npm run cli -- as-of` reads
 * it) or an ISO 8601 instant; absent = everything recorded.
 */
export function instantOf(asOf: string | undefined): number | null {
  if (asOf === undefined || asOf === '') return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(asOf) && isValidDate(asOf)) return Date.parse(`${asOf}T23:59:59.999+08:00`);
  const m = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.exec(asOf);
  const ms = m && isValidDate(m[1]) ? Date.parse(asOf) : NaN;
  if (Number.isNaN(ms)) throw invalid([{ field: 'asOf', message: 'must be a date YYYY-MM-DD (the end of that day, China time) or an ISO 8601 instant with a zone' }]);
  return ms;
}

type YearCounters = Record<CounterKey, { usedFen: number; limitFen: number | null }>;

export interface BalancePoint {
  position: number;
  recordedAt: string;
  type: string;
  deltaFen: number;
  balanceFen: number;
}

export interface PersonHistory {
  personId: string;
  /** The instant the view stands at (ISO), or null: everything recorded. */
  asOf: string | null;
  eventsIncluded: number;
  eventsTotal: number;
  /** The events as the API serves them (names opened, resident id masked), oldest first. */
  events: EventView[];
  /** Statuses as the fold holds them: tagged periods, with the last day a revocation leaves. */
  statuses: PersonState['statuses'];
  /** Counters per year (used and the limit the year's claims carried). */
  counters: Record<string, YearCounters>;
  balanceFen: number;
  /** The personal-account balance after each event that moved it. */
  balance: BalancePoint[];
}

/** `raw` and `views` are the same events (raw for the fold, views for display), oldest first. */
export function personHistory(personId: string, raw: RecordedEvent[], views: EventView[], atMs: number | null): PersonHistory {
  const keep = raw.map((e) => atMs === null || Date.parse(e.metadata.recordedAt) <= atMs);
  const included = raw.filter((_, i) => keep[i]);
  let state = initialPersonState();
  const balance: BalancePoint[] = [];
  for (const e of included) {
    const before = state.balanceFen;
    state = evolvePerson(state, { type: e.type, data: e.data } as PersonEvent);
    if (state.balanceFen !== before) balance.push({ position: e.position, recordedAt: e.metadata.recordedAt, type: e.type, deltaFen: state.balanceFen - before, balanceFen: state.balanceFen });
  }
  const limits = limitsByYear(included);
  const counters: Record<string, YearCounters> = {};
  for (const year of [...state.counters.keys()].sort()) {
    const used = countersOf(state, year);
    counters[year] = Object.fromEntries(COUNTER_KEYS.map((k) => [k, { usedFen: used[k], limitFen: limits.get(year)?.[k] ?? null }])) as YearCounters;
  }
  return {
    personId,
    asOf: atMs === null ? null : new Date(atMs).toISOString(),
    eventsIncluded: included.length,
    eventsTotal: raw.length,
    events: views.filter((_, i) => keep[i]),
    statuses: state.statuses,
    counters,
    balanceFen: state.balanceFen,
    balance,
  };
}

export interface ClaimStep {
  kind: 'adjudicated' | 'corrected' | 'cancelled';
  position: number;
  recordedAt: string;
  actor: string;
  reason: string | null;
  /** The month the ledger books it in (a correction's appliedMonth), where the event says. */
  month: string | null;
  before: Record<Payer, number>;
  after: Record<Payer, number>;
}

const zero = () => Object.fromEntries(PAYERS.map((p) => [p, 0])) as Record<Payer, number>;
const full = (shares: Partial<Record<Payer, number>>) => ({ ...zero(), ...shares });

/**
 * The claim's bill (its items as recorded) and each step of its life with the shares before and
 * after: the adjudication, every correction (ClaimSharesAdjusted), the cancellation.
 */
export function claimHistory(claimId: string, raw: RecordedEvent[]): { items: unknown[]; claim: Record<string, unknown>; steps: ClaimStep[] } | undefined {
  let items: unknown[] | undefined;
  let claim: Record<string, unknown> = {};
  const steps: ClaimStep[] = [];
  let current = zero();
  for (const e of raw) {
    const at = { position: e.position, recordedAt: e.metadata.recordedAt, actor: e.metadata.actor };
    if (e.type === 'ClaimAdjudicated') {
      const d = e.data as { claim: { claimId: string; items: unknown[] } & Record<string, unknown>; adjudication: { shares: Record<Payer, number> } };
      if (d.claim.claimId !== claimId) continue;
      const { items: billed, ...rest } = d.claim;
      items = billed;
      claim = rest;
      const after = full(d.adjudication.shares);
      steps.push({ kind: 'adjudicated', ...at, reason: null, month: null, before: zero(), after });
      current = after;
    } else if (e.type === 'ClaimSharesAdjusted') {
      const d = e.data as { claimId: string; adjudication: { shares: Record<Payer, number> }; reason: string; appliedMonth: string };
      if (d.claimId !== claimId) continue;
      const after = full(d.adjudication.shares);
      steps.push({ kind: 'corrected', ...at, reason: d.reason, month: d.appliedMonth, before: current, after });
      current = after;
    } else if (e.type === 'ClaimCancelled') {
      const d = claimCancelledOf(e.data);
      if (d.claimId !== claimId) continue;
      steps.push({ kind: 'cancelled', ...at, reason: d.reason, month: null, before: current, after: zero() });
      current = zero();
    }
  }
  return items === undefined ? undefined : { items, claim, steps };
}

export interface AppliedRun {
  correlationId: string;
  appliedAt: string;
  actor: string;
  role: string | null;
  reason: string;
  claims: number;
  persons: number;
  backPays: number;
  totalsByPayer: Record<Payer, number>;
}

/** Accumulates the corrective events of re-settlements applied, one run per request (correlation id). */
export class AppliedRuns {
  private readonly runs = new Map<string, AppliedRun & { claimIds: Set<string>; personIds: Set<string> }>();

  add(e: RecordedEvent): void {
    if (e.type !== 'ClaimSharesAdjusted' && e.type !== 'PersonalAccountBackPaid') return;
    const d = e.data as { personId: string; claimId?: string; deltas?: Partial<Record<Payer, number>>; amountFen?: number; reason: string };
    const key = e.metadata.correlationId;
    let run = this.runs.get(key);
    if (!run) {
      run = { correlationId: key, appliedAt: e.metadata.recordedAt, actor: e.metadata.actor, role: e.metadata.role ?? null, reason: d.reason, claims: 0, persons: 0, backPays: 0, totalsByPayer: zero(), claimIds: new Set(), personIds: new Set() };
      this.runs.set(key, run);
    }
    if (e.metadata.recordedAt < run.appliedAt) run.appliedAt = e.metadata.recordedAt;
    run.personIds.add(d.personId);
    if (e.type === 'ClaimSharesAdjusted') {
      run.claimIds.add(d.claimId!);
      for (const [payer, fen] of Object.entries(d.deltas ?? {}) as [Payer, number][]) run.totalsByPayer[payer] += fen;
    } else {
      run.backPays += 1;
      run.totalsByPayer.personal_account += d.amountFen ?? 0;
    }
  }

  /** Newest first; counts only, never a person id (an aggregate, like a ledger). */
  list(): AppliedRun[] {
    return [...this.runs.values()]
      .map(({ claimIds, personIds, ...run }) => ({ ...run, claims: claimIds.size, persons: personIds.size }))
      .sort((a, b) => b.appliedAt.localeCompare(a.appliedAt));
  }
}
