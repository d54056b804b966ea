/**
 * `node dist/bench/experiments/lean-write-path.js [--quick] [--rounds N] [--profile-dir DIR]`: the
 * leanest claim write path imaginable, measured beside the real CommandBus in one interleaved run
 * (issue 13, `submitClaimBusPerSec` ≥ 10,000; "blocked means proven"). Not part of `npm run bench`.
 *
 * Per round, in this order: (A) the real bus exactly as bench/src/phases/bus.ts measures it (a fresh
 * app on SQLITE_SYNCHRONOUS=FULL, persons registered through the bus, `measureBusPhase` itself:
 * warm-up, then the claims, 64 in flight); (B) the lean path at synchronous=FULL; (C) the lean path
 * at synchronous=NORMAL; (D) the raw SQLite commit ceilings of bench/src/raw-sqlite.ts. Then one
 * more lean FULL round under the CPU profiler (not in the table: the profiler slows it down).
 *
 * The lean path, per claim, with the bus's sizes and concurrency (same persons, warm-up, claims,
 * 64 in flight through the same runPool):
 * - the real `claimDecider.decide` on the person's PersonState cached in memory (warm, as the real
 *   bus mostly is), with the parameter book and catalogue the real app decides with (read from the
 *   round-A app); a person's claims are serialised in process as the CommandRunner's KeyedQueue does;
 * - the request hash (sha256 of the claim's JSON), uuidV7 event ids, JSON of data and metadata, as
 *   the real path writes them;
 * - group commit: the requests of one event-loop turn in ONE SQLite transaction (BEGIN IMMEDIATE)
 *   on ONE file that holds the events table (the adapter's EVENTS_SCHEMA, every index) and the
 *   read-model tables (the read model's schema; the claims row keeps a position pointer to the
 *   ClaimAdjudicated row instead of a second copy of its JSON);
 * - in that transaction: the events (ClaimAdjudicated [+ WarningRaised] on the person stream at the
 *   cached revision + 1…, KeyReserved at revision 0 of the claim stream; UNIQUE (stream_id,
 *   revision) is the concurrency and key check), then every projection's rows for those events,
 *   computed straight from the decided event objects (no re-read, no re-parse), summed per group
 *   and upserted once: persons.version, claims, claim_ledger_months, counters, account_entries +
 *   account_balances, ledger, fund_years, bed_days (inpatient only), warnings, reconciliation_entries,
 *   and the checkpoints of every projection (the settled months read once per region and group);
 * - WAL auto-checkpoint off on the writing connection; a worker_threads worker on its own connection
 *   runs `PRAGMA wal_checkpoint(PASSIVE)` every CHECKPOINT_MS, TRUNCATE once the WAL file passes
 *   WAL_CAP_BYTES;
 * - after the commit: the events folded into the cached state, and the answer (`claimDocOf` on the
 *   event object, as the real workflow answers a new claim).
 * A failed group is written again claim by claim (one transaction each), so one bad request fails
 * alone, as the adapter's savepoint retry does. A BEGIN IMMEDIATE answered SQLITE_BUSY (seen once
 * beside a TRUNCATE checkpoint) is tried again after 2 ms and counted (`beginBusy`).
 *
 * Where the lean time goes (process.hrtime around each part, summed over the measured claims):
 * decide (claimDecider.decide), fold (evolvePerson after the commit), serialise (hash, ids, JSON),
 * sqlInserts (BEGIN + the event inserts), project (the rows computed and gathered in JS), sqlUpserts
 * (the read-model statements + checkpoints), commit (COMMIT, with the fsync at FULL), answer (the
 * view + resolve), other (the rest of the wall time: event loop, promises, runPool, GC, idle).
 *
 * Corners cut, against the real path (each named here and in the report):
 * 1. no CommandBus / Nest / CommandRunner / workflow layers, no projector process or ProjectionWaiter,
 *    no separate read-model file: that is the design under test, not a cut of the outcome;
 * 2. the claims row holds no copy of the ClaimAdjudicated JSON (position pointer): a design change
 *    the claim view read must follow with a join to events; the rows are otherwise the same (checked
 *    once at the end against the real projections replayed over the lean log, see `verify`);
 * 3. no snapshots written (the real runner writes a person snapshot every 50 events, off the
 *    answer's path): a cache for cold loads, not part of the claim's outcome;
 * 4. the parameter book and catalogue are held in memory (the real path asks ParametersService and
 *    CatalogueService per claim, which answer from memory too);
 * 5. the persons are registered by writing the enrollment decision's events and projecting them with
 *    the real projections (untimed setup), without the resident-id key stream and without the vault
 *    sealing the resident id that the real RegisterPatient does: only the setup's rows differ;
 * 6. single writer assumed for the cached revisions (as the adapter's revision cache also trusts
 *    `data_version`); a stream written by another process fails the group on UNIQUE and is retried
 *    claim by claim, but the cached state is then dropped and folded from the log, not re-decided.
 * A retry of an already-recorded claim (same id and body) answers from the claims row joined to its
 * event; the run never takes that path (every claim id is new).
 */
import 'reflect-metadata';
import Database from 'better-sqlite3';
import * as path from 'node:path';
import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CheckpointStats, CheckpointerData } from './lean-wal-checkpointer';
import {
  ClaimAdjudicated,
  ClaimContext,
  PersonEvent,
  PersonState,
  WarningRaised,
  claimDecider,
  claimStream,
  enrollmentDecider,
  evolvePerson,
  initialPersonState,
  ledgerMonthFor,
  personStream,
} from '@benefit/domain';
import { EVENTS_SCHEMA, SqliteEventStore, uuidV7 } from '@benefit/event-store';
import { ALL_PROJECTIONS, ClaimDoc, Projector, ReadModelTx, SqliteReadModel, READ_MODEL_SCHEMA, accountsProjection, claimDocOf, personsProjection } from '@benefit/projections';
import { CatalogueBook, Claim, MAX_STAY_DAYS, ParameterBook } from '@benefit/policy';
import { PAYERS, daysByMonth, monthOf, sha256, todayInChina } from '@benefit/shared';
import { ParametersService } from '../../apps/api/src/infrastructure/parameters.service';
import { CatalogueService } from '../../apps/api/src/infrastructure/catalogue.service';
import { startApp } from '../src/app';
import { claimBody, personIdOf, registration } from '../src/fixtures';
import { Profiled, profiledBy } from '../src/measure';
import { SectionProfiler } from '../src/profile';
import { measureBusPhase } from '../src/phases/bus';
import { registerPersons, sessionOf } from '../src/phases/app-session';
import { measureRawSqlite } from '../src/raw-sqlite';
import { sizesFor } from '../src/sizes';
import { nowMs, perSec, progress, removeDir, round, runPool, tempDir } from '../src/util';

const CHECKPOINT_MS = 100;
const WAL_CAP_BYTES = 64 * 1024 * 1024;
const ACTOR = 'bench';

/** The read model's tables (libs/projections sqlite-read-model.ts SCHEMA), the claims row without `adjudicated`. */
// the read model's own tables, the claim row without its JSON copy (as on the inline write path)
const LEAN_SCHEMA = `${EVENTS_SCHEMA}\n${READ_MODEL_SCHEMA.replace('recorded_at TEXT NOT NULL, adjudicated TEXT NOT NULL, adjusted TEXT', 'recorded_at TEXT NOT NULL, adjusted TEXT')}`;
if (LEAN_SCHEMA.includes('adjudicated TEXT')) throw new Error('lean-write-path: the read model\'s claims table changed; update the lean schema');

/** The read model's statements (sqlite-read-model.ts), `putClaim` without the JSON copy. */
function statements(db: Database.Database) {
  return {
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    insert: db.prepare<[string, number, string, string, string, string, string]>(
      'INSERT INTO events (stream_id, revision, type, data, metadata, event_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    settled: db.prepare<[string], string>('SELECT month FROM settled_months WHERE region_code = ?').pluck(),
    setVersion: db.prepare('UPDATE persons SET version = ? WHERE person_id = ?'),
    putClaim: db.prepare(
      `INSERT INTO claims (claim_id, person_id, region_code, position, recorded_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (claim_id) DO UPDATE SET position = excluded.position, recorded_at = excluded.recorded_at`,
    ),
    setClaimLedgerMonth: db.prepare('INSERT OR REPLACE INTO claim_ledger_months (claim_id, month) VALUES (?, ?)'),
    addCounter: db.prepare(
      `INSERT INTO counters (person_id, year, key, used_fen, limit_fen) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (person_id, year, key) DO UPDATE SET used_fen = used_fen + excluded.used_fen, limit_fen = excluded.limit_fen`,
    ),
    addEntry: db.prepare('INSERT INTO account_entries (person_id, position, month, kind, amount_fen, reference) VALUES (?, ?, ?, ?, ?, ?)'),
    addBalance: db.prepare(
      `INSERT INTO account_balances (person_id, balance_fen) VALUES (?, ?)
       ON CONFLICT (person_id) DO UPDATE SET balance_fen = balance_fen + excluded.balance_fen`,
    ),
    addLedger: db.prepare(
      `INSERT INTO ledger (region_code, month, payer, institution_id, amount_fen, claims) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (region_code, month, payer, institution_id) DO UPDATE SET amount_fen = amount_fen + excluded.amount_fen, claims = claims + excluded.claims`,
    ),
    addFundYear: db.prepare(
      `INSERT INTO fund_years (region_code, year, payer, amount_fen, claims) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (region_code, year, payer) DO UPDATE SET amount_fen = amount_fen + excluded.amount_fen, claims = claims + excluded.claims`,
    ),
    addBedDays: db.prepare(
      `INSERT INTO bed_days (region_code, month, institution_id, stays, bed_days, amount_fen) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (region_code, month, institution_id) DO UPDATE SET stays = stays + excluded.stays, bed_days = bed_days + excluded.bed_days, amount_fen = amount_fen + excluded.amount_fen`,
    ),
    addWarning: db.prepare(
      'INSERT OR IGNORE INTO warnings (person_id, kind, year, raised_on, claim_id, threshold_fen, burden_fen, citation) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    addReconciliationEntry: db.prepare(
      'INSERT INTO reconciliation_entries (institution_id, day, position, claim_id, kind, total_fen, fund_fen, shares) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    setCheckpoint: db.prepare('INSERT INTO checkpoints (projection, position) VALUES (?, ?) ON CONFLICT (projection) DO UPDATE SET position = excluded.position'),
    putPerson: db.prepare(
      `INSERT INTO persons (person_id, region_code, scheme, version, doc) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (person_id) DO UPDATE SET version = excluded.version, doc = excluded.doc`,
    ),
    streamEvents: db.prepare<[string], { type: string; data: string }>('SELECT type, data FROM events WHERE stream_id = ? ORDER BY revision'),
    keyOwner: db.prepare<[string], string>('SELECT data FROM events WHERE stream_id = ? AND revision = 0').pluck(),
    claimView: db.prepare<[string], { data: string; position: number; recorded_at: string; adjusted: string | null }>(
      'SELECT e.data, c.position, c.recorded_at, c.adjusted FROM claims c JOIN events e ON e.position = c.position WHERE c.claim_id = ?',
    ),
  };
}

const hr = (): number => Number(process.hrtime.bigint());
const FUND_PAYERS = PAYERS.filter((p) => p !== 'personal_account' && p !== 'self_pay');
const PROJECTION_NAMES = ALL_PROJECTIONS.map((p) => p.name);

type Split = Record<'decide' | 'fold' | 'serialise' | 'sqlInserts' | 'project' | 'sqlUpserts' | 'commit' | 'answer', number>;
const noSplit = (): Split => ({ decide: 0, fold: 0, serialise: 0, sqlInserts: 0, project: 0, sqlUpserts: 0, commit: 0, answer: 0 });

interface Row {
  type: string;
  data: string;
  metadata: string;
  eventId: string;
}

interface Pending {
  personId: string;
  claimId: string;
  state: PersonState;
  events: PersonEvent[];
  personRows: Row[];
  keyRow: Row;
  resolve: (r: { created: boolean; view: ClaimDoc }) => void;
  reject: (err: unknown) => void;
}

const keyOf = (...parts: (string | number)[]) => parts.join('\u0000');

/** The lean writer: decide on the cached state, one transaction per event-loop turn, rows from the event objects. */
class LeanWriter {
  readonly split = noSplit();
  readonly db: Database.Database;
  private readonly s: ReturnType<typeof statements>;
  private readonly states = new Map<string, PersonState>();
  private readonly chains = new Map<string, Promise<unknown>>();
  private queue: Pending[] = [];
  private scheduled = false;
  groups = 0;
  /** BEGIN IMMEDIATE answered SQLITE_BUSY: the code and how long it took. */
  readonly busy: string[] = [];

  constructor(
    readonly file: string,
    synchronous: 'FULL' | 'NORMAL',
    private readonly params: ParameterBook,
    private readonly catalogue: CatalogueBook,
  ) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${synchronous}`);
    this.db.pragma('busy_timeout = 10000');
    this.db.pragma('wal_autocheckpoint = 0');
    this.db.exec(LEAN_SCHEMA);
    this.s = statements(this.db);
  }

  /** Untimed setup: the enrollment decision's events written, projected by the real projections. */
  async register(count: number): Promise<void> {
    const recordedAt = new Date().toISOString();
    const rows: { personId: string; version: number; doc: string; region: string; scheme: string }[] = [];
    const entries: unknown[][] = [];
    const tx = {
      putPerson: async (doc: { personId: string; regionCode: string; scheme: string }, version: number) => {
        rows.push({ personId: doc.personId, version, doc: JSON.stringify(doc), region: doc.regionCode, scheme: doc.scheme });
      },
      addAccountEntry: async (e: { personId: string; position: number; month: string; kind: string; amountFen: number; reference: string | null }) => {
        entries.push([e.personId, e.position, e.month, e.kind, e.amountFen, e.reference]);
      },
    } as unknown as ReadModelTx;
    this.s.begin.run();
    for (let i = 0; i < count; i++) {
      const personId = personIdOf(i);
      let state = initialPersonState();
      const events = enrollmentDecider.decide({ type: 'RegisterPatient', data: registration(personId, i) }, state);
      for (const e of events) {
        const eventId = uuidV7();
        const metadata = { eventId, correlationId: `reg-${personId}`, causationId: null, actor: ACTOR };
        const revision = state.revision + 1;
        const position = Number(this.s.insert.run(personStream(personId), revision, e.type, JSON.stringify(e.data), JSON.stringify(metadata), eventId, recordedAt).lastInsertRowid);
        const recorded = { streamId: personStream(personId), revision, position, type: e.type, data: e.data, metadata: { ...metadata, recordedAt } };
        for (const p of [personsProjection, accountsProjection]) if (p.handles.has(e.type)) await p.apply(recorded as never, tx);
        state = evolvePerson(state, e as PersonEvent);
      }
      this.states.set(personId, state);
    }
    for (const r of rows) this.s.putPerson.run(r.personId, r.region, r.scheme, r.version, r.doc);
    for (const e of entries) this.s.addEntry.run(...e);
    const balances = new Map<string, number>();
    for (const e of entries) balances.set(e[0] as string, (balances.get(e[0] as string) ?? 0) + (e[4] as number));
    for (const [p, b] of balances) this.s.addBalance.run(p, b);
    this.s.commit.run();
  }

  submit(claim: Claim, correlationId: string): Promise<{ created: boolean; view: ClaimDoc }> {
    const personId = claim.personId;
    const prev = this.chains.get(personId);
    const run = () => this.decideAndQueue(claim, correlationId);
    const p = prev ? prev.then(run, run) : run();
    this.chains.set(personId, p);
    const clear = () => {
      if (this.chains.get(personId) === p) this.chains.delete(personId);
    };
    p.then(clear, clear);
    return p;
  }

  private stateOf(personId: string): PersonState {
    let state = this.states.get(personId);
    if (!state) {
      // cold: fold the stream (never taken in the run: every person is warm)
      state = initialPersonState();
      for (const r of this.s.streamEvents.all(personStream(personId))) state = evolvePerson(state, { type: r.type, data: JSON.parse(r.data) } as PersonEvent);
      this.states.set(personId, state);
    }
    return state;
  }

  private decideAndQueue(claim: Claim, correlationId: string): Promise<{ created: boolean; view: ClaimDoc }> {
    let t = hr();
    const state = this.stateOf(claim.personId);
    const now = new Date();
    const ctx: ClaimContext = { params: this.params, catalogue: this.catalogue, today: todayInChina(now), now: now.toISOString() };
    let events: PersonEvent[];
    try {
      events = claimDecider.decide({ type: 'SubmitClaim', data: claim }, state, ctx);
    } catch (err) {
      return Promise.reject(err);
    }
    const t1 = hr();
    this.split.decide += t1 - t;
    t = t1;
    const requestHash = sha256(JSON.stringify(claim));
    if (events.length === 0) return Promise.resolve(this.retried(claim, requestHash));
    const row = (type: string, data: unknown): Row => {
      const eventId = uuidV7();
      return { type, data: JSON.stringify(data), metadata: JSON.stringify({ eventId, correlationId, causationId: null, actor: ACTOR }), eventId };
    };
    const personRows = events.map((e) => row(e.type, e.data));
    const keyRow = row('KeyReserved', { key: claim.claimId, personId: claim.personId, requestHash });
    this.split.serialise += hr() - t;
    return new Promise((resolve, reject) => {
      this.queue.push({ personId: claim.personId, claimId: claim.claimId, state, events, personRows, keyRow, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** The same claim again: the recorded view when the key is this body's, else a conflict. */
  private retried(claim: Claim, requestHash: string): { created: boolean; view: ClaimDoc } {
    const owner = this.s.keyOwner.get(claimStream(claim.claimId));
    const holder = owner ? (JSON.parse(owner) as { personId: string; requestHash: string }) : null;
    if (!holder || holder.personId !== claim.personId || holder.requestHash !== requestHash) throw new Error(`claim ${claim.claimId} is already recorded with a different body`);
    const r = this.s.claimView.get(claim.claimId)!;
    return { created: false, view: claimDocOf(JSON.parse(r.data), r.position, r.recorded_at, r.adjusted ? JSON.parse(r.adjusted) : undefined) };
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    const recordedAt = new Date().toISOString();
    try {
      this.writeGroup(batch, recordedAt);
    } catch (err) {
      // one transaction per claim: only the request that breaks fails
      for (const p of batch) {
        try {
          this.writeGroup([p], recordedAt);
        } catch (e) {
          this.states.delete(p.personId);
          p.reject(e);
        }
      }
    }
  }

  private writeGroup(batch: Pending[], recordedAt: string): void {
    const s = this.s;
    const split = this.split;
    let t = hr();
    this.begin();
    try {
      const positions: number[][] = [];
      let last = 0;
      for (const p of batch) {
        const streamId = personStream(p.personId);
        let revision = p.state.revision;
        const ps: number[] = [];
        for (const r of p.personRows) ps.push(Number(s.insert.run(streamId, ++revision, r.type, r.data, r.metadata, r.eventId, recordedAt).lastInsertRowid));
        const k = p.keyRow;
        last = Number(s.insert.run(claimStream(p.claimId), 0, k.type, k.data, k.metadata, k.eventId, recordedAt).lastInsertRowid);
        positions.push(ps);
      }
      let t1 = hr();
      split.sqlInserts += t1 - t;
      t = t1;

      // the projections' rows, from the event objects, summed over the group
      const day = todayInChina(new Date(recordedAt));
      const settled = new Map<string, Set<string>>();
      const versions = new Map<string, number>();
      const claims: [string, string, string, number, string][] = [];
      const ledgerMonths: [string, string][] = [];
      const counters = new Map<string, [string, number, string, number, number | null]>();
      const entries: [string, number, string, string, number, string][] = [];
      const balances = new Map<string, number>();
      const ledger = new Map<string, [string, string, string, string, number, number]>();
      const fundYears = new Map<string, [string, number, string, number, number]>();
      const bedDays = new Map<string, [string, string, string, number, number, number]>();
      const warnings = new Map<string, [string, string, number, string, string, number, number, string]>();
      const reconciliation: [string, string, number, string, string, number, number, string][] = [];
      batch.forEach((p, b) => {
        p.events.forEach((e, i) => {
          const position = positions[b][i];
          versions.set(p.personId, p.state.revision + i + 1);
          if (e.type === 'WarningRaised') {
            const d = (e as WarningRaised).data;
            const key = keyOf(d.personId, d.kind, d.year);
            if (!warnings.has(key)) warnings.set(key, [d.personId, d.kind, d.year, d.raisedOn, d.claimId, d.thresholdFen, d.burdenFen, d.citation]);
            return;
          }
          if (e.type !== 'ClaimAdjudicated') throw new Error(`lean path: no rows for ${e.type}`);
          const { claim, regionCode, adjudication: a, bedDays: beds } = (e as ClaimAdjudicated).data;
          claims.push([claim.claimId, claim.personId, regionCode, position, recordedAt]);
          for (const key of new Set([...Object.keys(a.counterDeltas), ...Object.keys(a.counterLimits)])) {
            const delta = (a.counterDeltas as Record<string, number>)[key] ?? 0;
            const limit = (a.counterLimits as Record<string, number | null>)[key] ?? null;
            const ck = keyOf(claim.personId, a.year, key);
            const into = counters.get(ck);
            if (into) {
              into[3] += delta;
              into[4] = limit;
            } else counters.set(ck, [claim.personId, a.year, key, delta, limit]);
          }
          const paid = a.shares.personal_account;
          if (paid !== 0) {
            entries.push([claim.personId, position, monthOf(claim.serviceDate), 'claim_payment', -paid, claim.claimId]);
            balances.set(claim.personId, (balances.get(claim.personId) ?? 0) - paid);
          }
          let months = settled.get(regionCode);
          if (!months) settled.set(regionCode, (months = new Set(s.settled.all(regionCode))));
          const month = ledgerMonthFor(monthOf(claim.serviceDate), months);
          for (const payer of PAYERS) {
            const amount = a.shares[payer];
            if (amount === 0) continue;
            const lk = keyOf(regionCode, month, payer, claim.institutionId);
            const l = ledger.get(lk);
            if (l) {
              l[4] += amount;
              l[5] += 1;
            } else ledger.set(lk, [regionCode, month, payer, claim.institutionId, amount, 1]);
            const fk = keyOf(regionCode, a.year, payer);
            const f = fundYears.get(fk);
            if (f) {
              f[3] += amount;
              f[4] += 1;
            } else fundYears.set(fk, [regionCode, a.year, payer, amount, 1]);
          }
          ledgerMonths.push([claim.claimId, month]);
          if (beds) {
            const byMonth = new Map<string, number>();
            const nights = claim.dischargeDate ? daysByMonth(claim.serviceDate, claim.dischargeDate, MAX_STAY_DAYS) : [{ month: monthOf(claim.serviceDate), days: beds.bedDays }];
            for (const n of nights) {
              const paidWith = ledgerMonthFor(n.month, months);
              byMonth.set(paidWith, (byMonth.get(paidWith) ?? 0) + n.days);
            }
            for (const [paidWith, days] of byMonth) {
              const bk = keyOf(regionCode, paidWith, claim.institutionId);
              const r = bedDays.get(bk);
              if (r) {
                r[3] += 1;
                r[4] += days;
                r[5] += days * beds.perDiemFen;
              } else bedDays.set(bk, [regionCode, paidWith, claim.institutionId, 1, days, days * beds.perDiemFen]);
            }
          }
          let fund = 0;
          for (const payer of FUND_PAYERS) fund += a.shares[payer];
          reconciliation.push([claim.institutionId, day, position, claim.claimId, 'settled', a.totalFen, fund, JSON.stringify(a.shares)]);
        });
      });
      t1 = hr();
      split.project += t1 - t;
      t = t1;

      for (const [personId, version] of versions) s.setVersion.run(version, personId);
      for (const c of claims) s.putClaim.run(...c);
      for (const m of ledgerMonths) s.setClaimLedgerMonth.run(...m);
      for (const c of counters.values()) s.addCounter.run(...c);
      for (const e of entries) s.addEntry.run(...e);
      for (const [personId, delta] of balances) s.addBalance.run(personId, delta);
      for (const l of ledger.values()) s.addLedger.run(...l);
      for (const f of fundYears.values()) s.addFundYear.run(...f);
      for (const r of bedDays.values()) s.addBedDays.run(...r);
      for (const w of warnings.values()) s.addWarning.run(...w);
      for (const r of reconciliation) s.addReconciliationEntry.run(...r);
      for (const name of PROJECTION_NAMES) s.setCheckpoint.run(name, last);
      t1 = hr();
      split.sqlUpserts += t1 - t;
      t = t1;
      s.commit.run();
      t1 = hr();
      split.commit += t1 - t;
      t = t1;
      this.groups++;

      batch.forEach((p, b) => {
        const tf = hr();
        const state = p.events.reduce(evolvePerson, p.state);
        this.states.set(p.personId, state);
        const ta = hr();
        split.fold += ta - tf;
        const i = p.events.findIndex((e) => e.type === 'ClaimAdjudicated');
        p.resolve({ created: true, view: claimDocOf((p.events[i] as ClaimAdjudicated).data, positions[b][i], recordedAt) });
        split.answer += hr() - ta;
      });
    } catch (err) {
      if (this.db.inTransaction) s.rollback.run();
      throw err;
    }
  }

  /**
   * BEGIN IMMEDIATE, again after SQLITE_BUSY (busy_timeout covers the wait for a lock; the retry is
   * for a BUSY SQLite returns without waiting, e.g. beside a TRUNCATE checkpoint): each counted.
   */
  private begin(): void {
    for (let attempt = 0; ; attempt++) {
      const t0 = nowMs();
      try {
        this.s.begin.run();
        return;
      } catch (err) {
        const code = (err as { code?: string }).code ?? '';
        if (!code.startsWith('SQLITE_BUSY') || attempt >= 200) throw err;
        this.busy.push(`${code} after ${round(nowMs() - t0, 1)} ms`);
        Atomics.wait(SLEEP, 0, 0, 2);
      }
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

const SLEEP = new Int32Array(new SharedArrayBuffer(4));

/** The WAL checkpointer (lean-wal-checkpointer.ts) on a worker thread, started before the round. */
async function startCheckpointer(file: string, synchronous: 'FULL' | 'NORMAL'): Promise<{ stop: () => Promise<CheckpointStats> }> {
  const data: CheckpointerData = { file, synchronous, everyMs: CHECKPOINT_MS, capBytes: WAL_CAP_BYTES };
  const worker = new Worker(path.join(__dirname, 'lean-wal-checkpointer.js'), { workerData: data });
  worker.unref(); // a round that throws must not leave the process waiting for it
  const messages: unknown[] = [];
  let wake: (() => void) | null = null;
  worker.on('message', (m) => {
    messages.push(m);
    wake?.();
  });
  const failed = new Promise<never>((_, reject) => worker.once('error', reject));
  const next = async (): Promise<unknown> => {
    while (messages.length === 0) await Promise.race([new Promise<void>((resolve) => (wake = resolve)), failed]);
    return messages.shift();
  };
  if ((await next()) !== 'ready') throw new Error('checkpointer: no ready message');
  return {
    stop: async () => {
      worker.postMessage('stop');
      const stats = (await next()) as CheckpointStats;
      await worker.terminate();
      return stats;
    },
  };
}

interface Sized {
  persons: number;
  inFlight: number;
  busWarmup: number;
  busClaims: number;
}

interface Books {
  params: ParameterBook;
  catalogue: CatalogueBook;
}

/** One lean round on a fresh file: register, warm up, then the measured claims. */
async function leanRound(sizes: Sized, books: Books, synchronous: 'FULL' | 'NORMAL', tag: string, verify: boolean, profiled: Profiled) {
  const dir = tempDir('lean');
  const file = path.join(dir, 'lean.db');
  const lean = new LeanWriter(file, synchronous, books.params, books.catalogue);
  const cp = await startCheckpointer(file, synchronous);
  try {
    await lean.register(sizes.persons);
    let seq = 0;
    const submitMany = (count: number, prefix: string) =>
      runPool(count, sizes.inFlight, async () => {
        const s = seq++;
        const body = claimBody(`${prefix}-${String(s).padStart(7, '0')}`, personIdOf(s % sizes.persons), s);
        const result = await lean.submit(body as Claim, `${tag}-${s}`);
        if (!result.created || result.view.claimId !== body.claimId) throw new Error(`lean: claim ${body.claimId} was not created`);
      });
    await submitMany(sizes.busWarmup, `${tag}W`);
    Object.assign(lean.split, noSplit());
    const groups0 = lean.groups;
    const cpu0 = process.cpuUsage();
    const ms = await profiled(`lean-${tag}`, () => submitMany(sizes.busClaims, tag));
    const cpu = process.cpuUsage(cpu0);
    const groups = lean.groups - groups0;
    const checkpoints = await cp.stop();
    const n = sizes.busClaims;
    const parts = Object.fromEntries(Object.entries(lean.split).map(([k, v]) => [k, v / 1e6])) as Split;
    const accounted = Object.values(parts).reduce((a, b) => a + b, 0);
    const usPerClaim = Object.fromEntries([...Object.entries(parts), ['other', ms - accounted]].map(([k, v]) => [k, round(((v as number) * 1000) / n, 1)]));
    const result = {
      load1: round(os.loadavg()[0], 2),
      claimsPerSec: round(perSec(n, ms)),
      cpuUsPerClaim: round((cpu.user + cpu.system) / n, 1),
      seconds: round(ms / 1000, 2),
      claimsPerTransaction: round(n / groups, 1),
      wallUsPerClaim: usPerClaim,
      checkpointer: { ...checkpoints, ms: round(checkpoints.ms), maxWalMb: round(checkpoints.maxWalBytes / 2 ** 20, 1) },
      beginBusy: lean.busy.length,
      ...(lean.busy.length ? { beginBusyFirst: lean.busy.slice(0, 5) } : {}),
    };
    if (verify) Object.assign(result, { verify: await verifyRows(lean, dir) });
    return result;
  } finally {
    lean.close();
    removeDir(dir);
  }
}

/**
 * The lean rows against the real projections: the lean log replayed by the real Projector into a
 * real SqliteReadModel, then every table the claims touch compared row for row (both directions).
 */
async function verifyRows(lean: LeanWriter, dir: string): Promise<Record<string, number>> {
  const store = new SqliteEventStore({ filename: lean.file });
  const verifyFile = path.join(dir, 'verify.db');
  const readModel = new SqliteReadModel(verifyFile);
  const projector = new Projector(store, readModel, ALL_PROJECTIONS);
  try {
    await projector.catchUp();
  } finally {
    await projector.stop();
    await readModel.close();
    await store.close();
  }
  const db = lean.db;
  db.exec(`ATTACH DATABASE '${verifyFile}' AS v`);
  const tables: Record<string, string> = {
    persons: 'person_id, region_code, scheme, version, doc',
    claims: 'claim_id, person_id, region_code, position, recorded_at, adjusted',
    claim_ledger_months: 'claim_id, month',
    counters: 'person_id, year, key, used_fen, limit_fen',
    account_entries: 'person_id, position, month, kind, amount_fen, reference',
    account_balances: 'person_id, balance_fen',
    ledger: 'region_code, month, payer, institution_id, amount_fen, claims',
    fund_years: 'region_code, year, payer, amount_fen, claims',
    bed_days: 'region_code, month, institution_id, stays, bed_days, amount_fen',
    warnings: 'person_id, kind, year, raised_on, claim_id, threshold_fen, burden_fen, citation',
    reconciliation_entries: 'institution_id, day, position, claim_id, kind, total_fen, fund_fen, shares',
    checkpoints: 'projection, position',
  };
  const out: Record<string, number> = {};
  for (const [t, cols] of Object.entries(tables)) {
    const rows = db.prepare(`SELECT count(*) FROM main.${t}`).pluck().get() as number;
    const differ = db
      .prepare(`SELECT (SELECT count(*) FROM (SELECT ${cols} FROM main.${t} EXCEPT SELECT ${cols} FROM v.${t})) + (SELECT count(*) FROM (SELECT ${cols} FROM v.${t} EXCEPT SELECT ${cols} FROM main.${t}))`)
      .pluck()
      .get() as number;
    out[`${t}Rows`] = rows;
    if (differ) out[`${t}Differ`] = differ;
  }
  // the lean claims row points at its event: the real row's JSON copy is that event's data
  out.claimsJsonDiffer = db
    .prepare('SELECT count(*) FROM v.claims vc JOIN main.claims c ON c.claim_id = vc.claim_id JOIN main.events e ON e.position = c.position WHERE e.data <> vc.adjudicated')
    .pluck()
    .get() as number;
  db.exec('DETACH DATABASE v');
  return out;
}

/** (A): the real bus, exactly as the bench's bus phase measures it, on an app of its own. */
async function realRound(sizes: ReturnType<typeof sizesFor>, wantBooks: boolean) {
  const dir = tempDir('lean-real');
  const bench = await startApp(dir, 'FULL');
  try {
    const session = sessionOf(bench, []);
    await registerPersons(session, sizes);
    const direct: Profiled = (_name, work) => work();
    const measured = await measureBusPhase(session, sizes, direct);
    const bus = (measured.details as { bus: { cpuUsPerClaim: number; seconds: number; eventStoreTransactionsPerClaim: number | null } }).bus;
    const books = wantBooks ? { params: await bench.app.get(ParametersService).current(), catalogue: await bench.app.get(CatalogueService).current() } : null;
    return {
      result: {
        load1: round(os.loadavg()[0], 2),
        claimsPerSec: round(measured.figures?.submitClaimBusPerSec ?? 0),
        cpuUsPerClaim: bus.cpuUsPerClaim,
        seconds: bus.seconds,
        claimsPerTransaction: bus.eventStoreTransactionsPerClaim ? round(1 / bus.eventStoreTransactionsPerClaim, 1) : null,
      },
      books,
    };
  } finally {
    await bench.close();
    removeDir(dir);
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const at = (flag: string) => (argv.indexOf(flag) >= 0 ? argv[argv.indexOf(flag) + 1] : undefined);
  const rounds = Number(at('--rounds') ?? 3);
  const profileDir = at('--profile-dir') ?? path.join(os.tmpdir(), 'lean-write-path-profile');
  const sizes = sizesFor({ json: false, quick, full: false, only: null, profileDir: null, experiments: [] });
  progress(`lean write path: ${sizes.persons} persons, ${sizes.busWarmup} warm-up + ${sizes.busClaims} claims per round, ${sizes.inFlight} in flight, ${rounds} rounds`);
  const table: Record<string, unknown>[] = [];
  const direct: Profiled = (_name, work) => work();
  let books: Books | null = null;
  for (let r = 1; r <= rounds; r++) {
    const real = await realRound(sizes, books === null);
    books ??= real.books!;
    progress(`round ${r} A real bus FULL: ${JSON.stringify(real.result)}`);
    table.push({ round: r, side: 'A real bus FULL', ...real.result });
    const full = await leanRound(sizes, books, 'FULL', `LF${r}`, r === rounds, direct);
    progress(`round ${r} B lean FULL: ${JSON.stringify(full)}`);
    table.push({ round: r, side: 'B lean FULL', ...full });
    const normal = await leanRound(sizes, books, 'NORMAL', `LN${r}`, false, direct);
    progress(`round ${r} C lean NORMAL: ${JSON.stringify(normal)}`);
    table.push({ round: r, side: 'C lean NORMAL', ...normal });
    const raw = measureRawSqlite({ batchRows: sizes.rawBatchRows, commitRows: sizes.rawCommitRows, rounds: 1 });
    const ceiling = { load1: round(os.loadavg()[0], 2), sqliteCommitPerSec: round(raw.sqliteCommitPerSec), sqliteCommitFullPerSec: round(raw.sqliteCommitFullPerSec), sqliteInsertBatchPerSec: round(raw.sqliteInsertBatchPerSec) };
    progress(`round ${r} D raw ceiling: ${JSON.stringify(ceiling)}`);
    table.push({ round: r, side: 'D raw commit ceiling', ...ceiling });
  }
  // one more lean FULL round under the CPU profiler (slower for it: not in the table)
  const profiler = new SectionProfiler(profileDir);
  try {
    const profiledRound = await leanRound(sizes, books!, 'FULL', 'LP', false, profiledBy(profiler));
    progress(`profiled lean FULL round (not in the table): ${JSON.stringify(profiledRound)}; profile in ${profileDir}/lean-LP.cpuprofile`);
  } finally {
    profiler.close();
  }
  process.stderr.write('\nround  side                   claims/s  CPU µs/claim\n');
  for (const row of table) {
    const perSecond = (row.claimsPerSec ?? row.sqliteCommitPerSec) as number;
    const cpu = row.cpuUsPerClaim === undefined ? `(FULL commit ${row.sqliteCommitFullPerSec}/s, batch ${row.sqliteInsertBatchPerSec} rows/s)` : String(row.cpuUsPerClaim);
    process.stderr.write(`${String(row.round).padEnd(6)} ${String(row.side).padEnd(22)} ${String(perSecond).padStart(8)}  ${cpu}\n`);
  }
  process.stdout.write(`${JSON.stringify({ sizes: { persons: sizes.persons, warmup: sizes.busWarmup, claims: sizes.busClaims, inFlight: sizes.inFlight }, results: table })}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
