import Database from 'better-sqlite3';
import {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  StreamWrite,
  SubscriptionHandler,
  WrongExpectedRevisionError,
} from '../event-store.port';
import { PollingSubscription } from '../polling-subscription';
import { NewRow, StoredEvent, toRecorded, toRows } from './event-rows';
import { WalCheckpointer } from './wal-checkpointer';
import { EVENTS_SCHEMA, EventRow, Statements, prepareStatements } from './schema';

/** The log's table, for the benchmark's raw SQLite figures. */
export { EVENTS_SCHEMA };

/**
 * Told of every group commit (the api's /metrics counts batch sizes through it): how many append
 * requests the transaction held and how many events they wrote. One per process, like the metrics;
 * this library stays free of any metrics client.
 */
export const groupCommits: { observer: ((appends: number, events: number) => void) | null } = { observer: null };

interface PendingWrite {
  writes: StreamWrite[];
  resolve: (results: AppendResult[]) => void;
  reject: (err: unknown) => void;
}

export interface SqliteEventStoreOptions {
  /** File path, or ':memory:' for a throw-away store. */
  filename: string;
  /**
   * FULL (default): a resolved append is on disk, through power loss too (an fsync of the WAL per
   * commit; group commit makes that one per batch, not per request). NORMAL keeps every committed
   * append through a process crash (kill -9) in WAL mode, but a power loss may take the last ones.
   */
  synchronous?: 'NORMAL' | 'FULL';
  /** How often subscriptions look for appends made by other processes. */
  pollMs?: number;
  now?: () => Date;
  /**
   * WAL checkpoints on a worker thread instead of inside a commit on this thread (SQLite's
   * automatic checkpoint runs in whichever commit crosses 1,000 pages): this connection's
   * automatic checkpoint is turned off and the worker checkpoints every file of the connection
   * (the log and an attached read model). Off for ':memory:'.
   */
  checkpointOnWorker?: boolean;
}

/**
 * An attached file (the read model) is rebuilt from the log: a power loss may take its last
 * commits (NORMAL: no fsync per commit), never the log's (FULL). Its checkpoints are in it, so it
 * is then behind the log, and the projector catches up; a file found ahead of the log is dropped
 * and replayed (Projector.load).
 */
const synchronousOfAttached = 'NORMAL';

/**
 * Projections applied inside the appending transaction (the lean write path, issue 13.1): the
 * events just inserted, with the data objects the deciders made (nothing re-read or re-parsed),
 * and the read model's rows and checkpoints written on this connection before the one COMMIT.
 */
export interface InlineProjection {
  /** Runs after the batch's rows are inserted and before COMMIT; a throw rolls the whole batch back. */
  apply(events: RecordedEvent[]): Promise<void>;
  /** After the COMMIT (true) or the rollback (false) of what `apply` wrote. */
  settle(committed: boolean): void;
}

/**
 * The embedded adapter: one SQLite file in WAL mode, appends serialised by SQLite's write lock.
 * Group commit: the appends requested during one turn of the event loop are written in one
 * transaction, each inside its own savepoint, so that one failed expected revision fails only
 * its own request. A request is resolved only after the transaction has committed.
 */
export class SqliteEventStore implements EventStore {
  readonly db: Database.Database;
  private readonly subscriptions = new Set<PollingSubscription>();
  private readonly now: () => Date;
  private readonly pollMs: number;
  private readonly stmt: Statements;
  private queue: PendingWrite[] = [];
  private flushScheduled = false;
  /**
   * The rows this process appended last, in position order: a projector catching up with what
   * was just written reads them from here instead of from disk. Appends by another process
   * leave a gap in positions, and such reads go to the file.
   */
  private recent: EventRow[] = [];
  private static readonly RECENT_MAX = 8192;
  private pendingRecent: EventRow[] = [];
  /**
   * Stream revisions as this connection last wrote or queried them, trusted only while no other
   * connection has committed (SQLite's `data_version` is unchanged): saves a revision query per
   * write and the read of a stream that has nothing newer. Cleared when large.
   */
  private readonly revisions = new Map<string, number>();
  private dataVersion = -1;
  private static readonly REVISIONS_MAX = 50_000;
  private inline: InlineProjection | null = null;
  /** The events of the open transaction, with their objects, for the inline projection. */
  private pendingEvents: RecordedEvent[] = [];
  /** The inline flush in progress: appends requested meanwhile wait for the next one. */
  private flushing: Promise<void> | null = null;
  private readonly checkpointer: WalCheckpointer | null;

  constructor(options: SqliteEventStoreOptions) {
    this.now = options.now ?? (() => new Date());
    this.pollMs = options.pollMs ?? 250;
    this.db = new Database(options.filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(EVENTS_SCHEMA);
    this.stmt = prepareStatements(this.db);
    this.checkpointer = options.checkpointOnWorker && options.filename !== ':memory:' ? new WalCheckpointer(this.db) : null;
  }

  /**
   * From now on every append is projected by `projection` in its own transaction (see
   * InlineProjection). The projection's statements run on `db`, the same connection.
   */
  projectInline(projection: InlineProjection): void {
    this.inline = projection;
  }

  /**
   * Attaches another SQLite file to this connection under `schema` (the read model of the
   * inline write path): one transaction then commits both. A worker checkpointer takes it too.
   */
  attach(filename: string, schema: string): void {
    if (!/^[a-z_]+$/.test(schema)) throw new Error(`attach: schema name ${schema} is not a plain identifier`);
    this.db.prepare(`ATTACH DATABASE ? AS ${schema}`).run(filename);
    // what the file's own connection would set: an attached file starts at SQLite's defaults
    this.db.pragma(`${schema}.journal_mode = WAL`);
    this.db.pragma(`${schema}.synchronous = ${synchronousOfAttached}`);
    if (this.checkpointer) {
      this.db.pragma(`${schema}.journal_size_limit = ${this.db.pragma('journal_size_limit', { simple: true })}`);
      this.checkpointer.watch(filename);
    }
  }

  /**
   * Runs `work` when no inline flush is open on this connection, and holds appends until it
   * ends: a read-model transaction on the shared connection (a catch-up, a rebuild) must not
   * begin inside an append's transaction, nor an append inside its.
   */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    while (this.flushing) await this.flushing;
    let done!: () => void;
    this.flushing = new Promise<void>((resolve) => (done = resolve));
    try {
      return await work();
    } finally {
      this.flushing = null;
      done();
      if (this.queue.length > 0 && !this.flushScheduled) this.scheduleFlush();
    }
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const [result] = await this.appendMulti([{ streamId, events, expected }]);
    return result;
  }

  appendMulti(writes: StreamWrite[]): Promise<AppendResult[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ writes, resolve, reject });
      if (!this.flushScheduled && !this.flushing) this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      if (this.flushing) return; // it schedules the next one when it ends
      if (this.inline) void this.exclusive(() => this.flushInline());
      else this.flush();
    });
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    const outcomes = this.openBatch(batch);
    if (!outcomes) return;
    try {
      this.stmt.commit.run();
    } catch (err) {
      this.rollback();
      for (const pending of batch) pending.reject(err);
      return;
    }
    this.committed(batch, outcomes);
  }

  /** The same with the inline projection between the inserts and the COMMIT. */
  private async flushInline(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const outcomes = this.openBatch(batch);
    if (!outcomes) return;
    try {
      if (this.pendingEvents.length > 0) await this.inline!.apply(this.pendingEvents);
      this.stmt.commit.run();
    } catch (err) {
      // the events are not kept without their projections: the requests fail and may be retried
      this.rollback();
      this.inline!.settle(false);
      for (const pending of batch) pending.reject(err);
      return;
    }
    this.inline!.settle(true);
    this.committed(batch, outcomes);
  }

  /**
   * BEGIN and the batch's inserts, left open for the caller to commit; null when the batch failed
   * (every request rejected, nothing written). An insert failing half-way through a request (a
   * duplicate event id) writes the batch again with a savepoint per request, so that only that
   * request fails.
   */
  private openBatch(batch: PendingWrite[]): { outcomes: (() => void)[]; savepoints: boolean } | null {
    try {
      return { outcomes: this.writeBatch(batch, false), savepoints: false };
    } catch {
      try {
        return { outcomes: this.writeBatch(batch, true), savepoints: true };
      } catch (err) {
        for (const pending of batch) pending.reject(err);
        return null;
      }
    }
  }

  private committed(batch: PendingWrite[], opened: { outcomes: (() => void)[]; savepoints: boolean }): void {
    this.remember(this.pendingRecent);
    this.pendingEvents = [];
    // with savepoints a request may have been rolled back after its revision was noted: trust none
    if (opened.savepoints) this.revisions.clear();
    for (const settle of opened.outcomes) settle();
    for (const s of this.subscriptions) s.notify();
    groupCommits.observer?.(batch.length, batch.reduce((n, p) => n + p.writes.reduce((m, w) => m + w.events.length, 0), 0));
  }

  private rollback(): void {
    if (this.db.inTransaction) this.stmt.rollback.run();
    this.revisions.clear();
    this.pendingEvents = [];
  }

  /**
   * One transaction for the whole batch, left open (the caller commits); a request whose expected
   * revision fails writes nothing. Throws after rolling back when an insert fails.
   */
  private writeBatch(batch: PendingWrite[], savepoints: boolean): (() => void)[] {
    const outcomes: (() => void)[] = [];
    // BEGIN IMMEDIATE: take the write lock before reading any revision, also across processes.
    this.stmt.begin.run();
    this.pendingRecent = [];
    this.pendingEvents = [];
    this.checkDataVersion();
    try {
      const recordedAt = this.now().toISOString();
      for (const pending of batch) {
        let rows: NewRow[][];
        let revisions: number[];
        try {
          rows = pending.writes.map((w) => toRows(w, recordedAt, pending.writes));
          revisions = pending.writes.map((w) => this.checkRevision(w, !savepoints));
        } catch (err) {
          outcomes.push(() => pending.reject(err));
          continue;
        }
        if (savepoints) this.stmt.savepoint.run();
        const [recentBefore, eventsBefore] = [this.pendingRecent.length, this.pendingEvents.length];
        try {
          const results = pending.writes.map((w, i) => this.insert(w, rows[i], revisions[i]));
          if (savepoints) this.stmt.release.run();
          outcomes.push(() => pending.resolve(results));
        } catch (err) {
          if (!savepoints) throw err;
          this.stmt.rollbackTo.run();
          this.stmt.release.run();
          // the rows it inserted before the failure are gone: neither remembered nor projected
          this.pendingRecent.length = recentBefore;
          this.pendingEvents.length = eventsBefore;
          outcomes.push(() => pending.reject(err));
        }
      }
      return outcomes;
    } catch (err) {
      this.rollback();
      throw err;
    }
  }

  /**
   * The stream's current revision, when it is what the write expects. With `cached`, a known
   * revision is not queried again, and a stream expected new is not queried at all: its first
   * insert (revision 0) would break UNIQUE (stream_id, revision) if it existed, and the batch
   * is then written again with savepoints, where every revision is queried.
   */
  private checkRevision(w: StreamWrite, cached: boolean): number {
    const expected = w.expected;
    const known = cached ? this.revisions.get(w.streamId) : undefined;
    if (cached && known === undefined && expected === 'no_stream') return -1;
    const current = known ?? this.stmt.revision.get(w.streamId)?.revision ?? -1;
    if (cached) this.revisions.set(w.streamId, current);
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && current === -1) ||
      (expected === 'stream_exists' && current >= 0) ||
      (typeof expected === 'number' && expected === current);
    if (!ok) throw new WrongExpectedRevisionError(w.streamId, expected, current);
    return current;
  }

  private insert(w: StreamWrite, rows: NewRow[], current: number): AppendResult {
    let revision = current;
    if (rows.length === 0) return { nextExpectedRevision: revision, position: this.stmt.head.get()?.position ?? 0, positions: [] };
    const positions: number[] = [];
    for (const r of rows) {
      revision += 1;
      const position = Number(this.stmt.insert.run(w.streamId, revision, r.type, r.data, r.metadata, r.eventId, r.recordedAt).lastInsertRowid);
      positions.push(position);
      const row = { position, stream_id: w.streamId, revision, type: r.type, data: r.data, metadata: r.metadata, recorded_at: r.recordedAt };
      this.pendingRecent.push(row);
      if (this.inline) this.pendingEvents.push(StoredEvent.decided(row, r.value, r.metadataValue));
    }
    this.revisions.set(w.streamId, revision);
    return { nextExpectedRevision: revision, position: positions[positions.length - 1], positions, recordedAt: rows[0].recordedAt };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.readStreamSync(streamId, options);
  }

  readStreamSync(streamId: string, options: ReadStreamOptions = {}): RecordedEvent[] {
    const max = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    if (options.direction !== 'backwards' && options.fromRevision !== undefined) {
      this.checkDataVersion();
      const known = this.revisions.get(streamId);
      if (known !== undefined && options.fromRevision > known) return []; // nothing newer: a warm command's load
    }
    const rows =
      options.direction === 'backwards'
        ? this.stmt.backwards.all(streamId, options.fromRevision ?? Number.MAX_SAFE_INTEGER, max)
        : this.stmt.forwards.all(streamId, options.fromRevision ?? 0, max);
    return rows.map(toRecorded);
  }

  async streamRevision(streamId: string): Promise<number> {
    return this.stmt.revision.get(streamId)?.revision ?? -1;
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.readAllSync(options);
  }

  readAllSync(options: ReadAllOptions): RecordedEvent[] {
    const first = this.recent[0];
    if (first && options.after >= first.position - 1) {
      const start = options.after - first.position + 1;
      const end = start + options.maxCount;
      // a page that reaches the end of what this process wrote is served from memory only if
      // no other process has appended since
      if (end < this.recent.length || (this.stmt.head.get()?.position ?? 0) === this.recent[this.recent.length - 1].position) {
        return this.recent.slice(start, end).map(toRecorded);
      }
    }
    return this.stmt.all.all(options.after, options.maxCount).map(toRecorded);
  }

  /** Forgets the remembered revisions when another connection has committed since the last look. */
  private checkDataVersion(): void {
    const version = this.stmt.dataVersion.get() as number;
    if (version !== this.dataVersion || this.revisions.size > SqliteEventStore.REVISIONS_MAX) this.revisions.clear();
    this.dataVersion = version;
  }

  /** Keeps committed rows while they continue the recent run of positions without a gap. */
  private remember(rows: EventRow[]): void {
    if (rows.length === 0) return;
    const last = this.recent[this.recent.length - 1];
    if (last && rows[0].position !== last.position + 1) this.recent = [];
    this.recent.push(...rows);
    if (this.recent.length > SqliteEventStore.RECENT_MAX) this.recent = this.recent.slice(-SqliteEventStore.RECENT_MAX / 2);
  }

  async headPosition(): Promise<number> {
    return this.stmt.head.get()?.position ?? 0;
  }

  subscribeToAll(options: SubscribeOptions, handler: SubscriptionHandler): Subscription {
    const sub = new PollingSubscription(this, options, handler, this.pollMs);
    this.subscriptions.add(sub);
    sub.done.finally(() => this.subscriptions.delete(sub)).catch(() => undefined);
    return sub;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    while (this.flushing) await this.flushing;
    // nothing requested is dropped
    if (this.queue.length > 0 && this.db.open) {
      if (this.inline) await this.exclusive(() => this.flushInline());
      else this.flush();
    }
    await this.checkpointer?.stop();
    if (this.db.open) this.db.close();
  }
}
