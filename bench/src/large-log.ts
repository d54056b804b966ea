/**
 * A large event log written straight into a SqliteEventStore through the domain deciders, without
 * the app: the same events the service records (PatientRegistered + the resident-id KeyReserved,
 * ClaimAdjudicated + the claim-id KeyReserved, monthly PersonalAccountCredited, one
 * PersonalAccountPaid per person, MonthSettled), appended through the adapter's `appendMulti`
 * (group commit, one transaction per flush). Each person's state is folded in memory while it is
 * written, so no stream is read back. Persons are written in groups whose events are interleaved
 * month by month, as a live service would interleave them.
 *
 * Then the dry-run re-settlement of every claim: each person's stream read back and folded (what
 * ReadjudicationService.diff does per person), and `resettleClaims` under changed parameters.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import {
  KEY_RESERVED,
  PersonEvent,
  PersonState,
  claimDecider,
  claimStream,
  creditDecider,
  enrollmentDecider,
  initialPersonState,
  paymentDecider,
  personFold,
  personStream,
  resettleClaims,
  resettleCredits,
  residentIdStream,
  settlementDecider,
  settlementStream,
} from '@benefit/domain';
import { NewEvent, SqliteEventStore, StreamWrite } from '@benefit/event-store';
import { Claim, ParameterBook, ParameterRecord, parameterBook } from '@benefit/policy';
import { Month } from '@benefit/shared';
import { claimBody, registration } from './fixtures';
import type { RebuildChildOutput } from './rebuild-child';
import { nowMs, perSec, progress } from './util';

const META = { actor: 'bench', correlationId: 'large-log', causationId: null };
const KEY = 'bench-resident-id-key';
const MONTHS: Month[] = Array.from({ length: 12 }, (_, i) => `2023-${String(i + 1).padStart(2, '0')}`);

const record = (key: string, value: number, revision: number): ParameterRecord => ({
  key,
  effectiveFrom: '2023-01-01',
  effectiveTo: null,
  value,
  reason: 'bench',
  recordedAt: '2023-01-01T00:00:00Z',
  revision,
});

/** The book the log is written under: the Nanchong pack's values, pension base 300,000. */
export const WRITTEN_UNDER: ParameterBook = parameterBook([record('nanchong.retired_pension_base', 300000, 0)], 0);
/**
 * The book the dry run re-settles under: the 2022 pension base (back-pay for every retired
 * person's months), a higher tier-2 rate and a higher in-service deductible (most claims move,
 * and the later claims of a year move with the earlier ones).
 */
export const RESETTLED_UNDER: ParameterBook = parameterBook(
  [
    record('nanchong.retired_pension_base', 300000, 0),
    record('nanchong.retired_pension_base', 320000, 1),
    record('nanchong.outpatient.in_service.rate_lower', 0.7, 2),
    record('nanchong.outpatient.in_service.deductible', 25000, 3),
  ],
  3,
);

export interface LargeLogSizes {
  persons: number;
  claimsPerPerson: number;
  /** Persons whose events are interleaved month by month (and written in one flush per month). */
  group: number;
}

export interface LargeLog {
  events: number;
  persons: number;
  claims: number;
  seconds: number;
  eventsPerSec: number;
  bytes: number;
  eventsByType: Record<string, number>;
}

export const personIdOf = (i: number) => `LL-${String(i).padStart(7, '0')}`;
const toNew = (e: { type: string; data: unknown }): NewEvent => ({ type: e.type, data: e.data, metadata: META });

/**
 * The append of a decision made in memory: the person's events with the revision the state was
 * at, and the keys they hold; and the state with the events folded in, for the next decision.
 */
export function personWrite(personId: string, state: PersonState, events: { type: string; data: unknown }[], keys: StreamWrite[] = []): { writes: StreamWrite[]; state: PersonState } {
  const expected = state.revision === -1 ? ('no_stream' as const) : state.revision;
  const writes = [{ streamId: personStream(personId), events: events.map(toNew), expected }, ...keys.map((k) => ({ ...k, events: k.events.map(toNew) }))];
  return { writes, state: (events as PersonEvent[]).reduce(personFold.evolve, state) };
}

/** Claim k of person i: general outpatient, five items, in one of the 12 months of 2023. */
function claimOf(i: number, k: number, claimsPerPerson: number): { month: number; claim: Claim } {
  const seq = i * claimsPerPerson + k;
  const month = (i * 7 + Math.floor((k * 12) / claimsPerPerson)) % 12;
  const body = claimBody(`LL-${String(seq).padStart(8, '0')}`, personIdOf(i), seq);
  const day = String(1 + ((seq * 13) % 28)).padStart(2, '0');
  return { month, claim: { ...body, serviceDate: `${MONTHS[month]}-${day}` } as Claim };
}

export async function writeLargeLog(store: SqliteEventStore, sizes: LargeLogSizes): Promise<LargeLog> {
  const started = nowMs();
  let claims = 0;
  let lastReport = started;
  for (let from = 0; from < sizes.persons; from += sizes.group) {
    const to = Math.min(from + sizes.group, sizes.persons);
    const states = new Map<number, PersonState>();
    const pending: Promise<unknown>[] = [];
    /** Decides for one person, folds the events in and queues them with the keys they hold. */
    const record = (i: number, events: PersonEvent[], keys: StreamWrite[] = []) => {
      if (events.length === 0) return;
      const { writes, state } = personWrite(personIdOf(i), states.get(i)!, events, keys);
      states.set(i, state);
      pending.push(store.appendMulti(writes));
    };
    // 1. registrations: every fourth person retired, the others in service
    for (let i = from; i < to; i++) {
      states.set(i, initialPersonState());
      const base = registration(personIdOf(i), i);
      const data = i % 4 === 0 ? { ...base, employment: 'retired' as const, monthlyContributionBaseFen: null } : base;
      const key: StreamWrite = { streamId: residentIdStream(data.idNumber, KEY), events: [toNew({ type: KEY_RESERVED, data: { key: 'resident-id', personId: data.personId, requestHash: randomUUID() } })], expected: 'no_stream' };
      record(i, enrollmentDecider.decide({ type: 'RegisterPatient', data }, states.get(i)!), [key]);
    }
    await Promise.all(pending.splice(0));
    // 2. month by month: the month's claims of every person of the group, then the month's credits
    for (let m = 0; m < 12; m++) {
      for (let i = from; i < to; i++) {
        for (let k = 0; k < sizes.claimsPerPerson; k++) {
          const { month, claim } = claimOf(i, k, sizes.claimsPerPerson);
          if (month !== m) continue;
          const key: StreamWrite = { streamId: claimStream(claim.claimId), events: [toNew({ type: KEY_RESERVED, data: { key: claim.claimId, personId: claim.personId, requestHash: randomUUID() } })], expected: 'no_stream' };
          record(i, claimDecider.decide({ type: 'SubmitClaim', data: claim }, states.get(i)!, { params: WRITTEN_UNDER, today: '2026-11-22' }), [key]);
          claims++;
        }
      }
      await Promise.all(pending.splice(0));
      for (let i = from; i < to; i++) {
        record(i, creditDecider.decide({ type: 'CreditMonth', data: { personId: personIdOf(i), month: MONTHS[m] } }, states.get(i)!, WRITTEN_UNDER));
        // one payment from the account per person, in June (a pharmacy purchase)
        if (m === 5) {
          const data = { personId: personIdOf(i), beneficiaryPersonId: personIdOf(i), purpose: 'pharmacy' as const, amountFen: 1000 + (i % 5000), reference: `PAY-${i}`, paidOn: '2023-06-30' };
          record(i, paymentDecider.decide({ type: 'PayFromAccount', data }, states.get(i)!, { beneficiaryRegistered: true })); // for the holder
        }
      }
      await Promise.all(pending.splice(0));
    }
    if (nowMs() - lastReport > 10_000 || to === sizes.persons) {
      lastReport = nowMs();
      const head = await store.headPosition();
      progress(`large log: ${to.toLocaleString('en-US')} of ${sizes.persons.toLocaleString('en-US')} persons, ${head.toLocaleString('en-US')} events, ${Math.round(perSec(head, nowMs() - started)).toLocaleString('en-US')} events/s`);
    }
  }
  // 3. the twelve months settled
  let settlements = settlementDecider.initialState();
  for (const month of MONTHS) {
    const events = settlementDecider.decide({ type: 'SettleMonth', data: { regionCode: 'nanchong', month, personalAccountCreditsFen: 0, creditedPersons: 0, settledOn: '2026-11-01' } }, settlements);
    const revision = MONTHS.indexOf(month) - 1;
    await store.appendMulti([{ streamId: settlementStream('nanchong'), events: events.map(toNew), expected: revision === -1 ? 'no_stream' : revision }]);
    for (const e of events) settlements = settlementDecider.evolve(settlements, e);
  }
  const events = await store.headPosition();
  const ms = nowMs() - started;
  const byType = store.db.prepare('SELECT type, count(*) AS n FROM events GROUP BY type ORDER BY n DESC').all() as { type: string; n: number }[];
  const pages = store.db.pragma('page_count', { simple: true }) as number;
  const pageSize = store.db.pragma('page_size', { simple: true }) as number;
  return { events, persons: sizes.persons, claims, seconds: ms / 1000, eventsPerSec: perSec(events, ms), bytes: pages * pageSize, eventsByType: Object.fromEntries(byType.map((r) => [r.type, r.n])) };
}

export interface ResettleResult {
  persons: number;
  claims: number;
  /** Claims whose shares or counters move under RESETTLED_UNDER. */
  changedClaims: number;
  backPays: number;
  /** resettleClaims alone, over every person's folded state. */
  resettleSeconds: number;
  resettleClaimsPerSec: number;
  /** Reading each person's stream back and folding it (what the service does before). */
  loadSeconds: number;
  /** Read + fold + resettleClaims + resettleCredits: the dry run per claim, end to end without HTTP. */
  endToEndClaimsPerSec: number;
}

/**
 * The dry run of POST /v1/readjudications over every person of the log: fold (timed apart), then
 * `resettleClaims` (timed: the key figure) and `resettleCredits`. Nothing is written.
 */
export function measureResettle(store: SqliteEventStore, persons: number): ResettleResult {
  const period = { fromMonth: '2023-01', toMonth: '2023-12' };
  let claims = 0;
  let changedClaims = 0;
  let backPays = 0;
  let loadMs = 0;
  let resettleMs = 0;
  let creditsMs = 0;
  let lastReport = nowMs();
  for (let i = 0; i < persons; i++) {
    let t0 = nowMs();
    let state = personFold.initialState();
    for (const e of store.readStreamSync(personStream(personIdOf(i)))) state = personFold.evolve(state, { type: e.type, data: e.data } as PersonEvent);
    let t1 = nowMs();
    loadMs += t1 - t0;
    const changes = resettleClaims(state, period, RESETTLED_UNDER);
    t0 = nowMs();
    resettleMs += t0 - t1;
    backPays += resettleCredits(state, period, RESETTLED_UNDER).length;
    t1 = nowMs();
    creditsMs += t1 - t0;
    claims += state.claims.length;
    changedClaims += changes.length;
    if (t1 - lastReport > 10_000) {
      lastReport = t1;
      progress(`re-settlement dry run: ${(i + 1).toLocaleString('en-US')} of ${persons.toLocaleString('en-US')} persons, ${claims.toLocaleString('en-US')} claims, resettleClaims ${Math.round(perSec(claims, resettleMs)).toLocaleString('en-US')} claims/s`);
    }
  }
  return {
    persons,
    claims,
    changedClaims,
    backPays,
    resettleSeconds: resettleMs / 1000,
    resettleClaimsPerSec: perSec(claims, resettleMs),
    loadSeconds: loadMs / 1000,
    endToEndClaimsPerSec: perSec(claims, loadMs + resettleMs + creditsMs),
  };
}

/** Runs the rebuild in a child process (its own peak RSS); resolves with what it printed. */
export function rebuildInChild(eventsFile: string, readModelFile: string, batchSize: number, profileDir: string | null = null): Promise<RebuildChildOutput> {
  // with --profile, the child writes a .cpuprofile of its whole run (node --cpu-prof, sampling every 1 ms)
  const profiling = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-name', 'rebuild.cpuprofile', '--cpu-prof-interval', '1000'] : [];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...profiling, path.join(__dirname, 'rebuild-child.js'), eventsFile, readModelFile, String(batchSize)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`rebuild child exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!) as RebuildChildOutput);
      } catch (err) {
        reject(new Error(`rebuild child printed no report: ${out}`));
      }
    });
  });
}
