import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import {
  AppendResult,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
  WrongExpectedRevisionError,
} from '../event-store.port';
import { PollingSubscription } from '../polling-subscription';

export interface SqliteEventStoreOptions {
  /** File path, or ':memory:' for a throw-away store. */
  filename: string;
  /**
   * NORMAL (default) keeps every committed append through a process crash (kill -9) in WAL mode;
   * FULL also survives power loss at the cost of an fsync per commit.
   */
  synchronous?: 'NORMAL' | 'FULL';
  /** How often subscriptions look for appends made by other processes. */
  pollMs?: number;
  now?: () => Date;
}

interface EventRow {
  position: number;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY AUTOINCREMENT,
  stream_id   TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  event_id    TEXT    NOT NULL UNIQUE,
  recorded_at TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
);`;

/** The embedded adapter: one SQLite file in WAL mode, appends serialised by SQLite's write lock. */
export class SqliteEventStore implements EventStore {
  readonly db: Database.Database;
  private readonly subscriptions = new Set<PollingSubscription>();
  private readonly now: () => Date;
  private readonly pollMs: number;
  private readonly stmt: {
    revision: Database.Statement<[string], { revision: number | null }>;
    insert: Database.Statement<[string, number, string, string, string, string, string]>;
    forwards: Database.Statement<[string, number, number], EventRow>;
    backwards: Database.Statement<[string, number, number], EventRow>;
    all: Database.Statement<[number, number], EventRow>;
    head: Database.Statement<[], { position: number | null }>;
  };
  private readonly appendTx: (streamId: string, events: NewEvent[], expected: ExpectedRevision) => AppendResult;

  constructor(options: SqliteEventStoreOptions) {
    this.now = options.now ?? (() => new Date());
    this.pollMs = options.pollMs ?? 250;
    this.db = new Database(options.filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(SCHEMA);
    this.stmt = {
      revision: this.db.prepare('SELECT max(revision) AS revision FROM events WHERE stream_id = ?'),
      insert: this.db.prepare(
        'INSERT INTO events (stream_id, revision, type, data, metadata, event_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      forwards: this.db.prepare('SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?'),
      backwards: this.db.prepare('SELECT * FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?'),
      all: this.db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position ASC LIMIT ?'),
      head: this.db.prepare('SELECT max(position) AS position FROM events'),
    };
    const tx = this.db.transaction((streamId: string, events: NewEvent[], expected: ExpectedRevision) => this.appendInTx(streamId, events, expected));
    // BEGIN IMMEDIATE: take the write lock before reading the revision, also across processes.
    this.appendTx = (s, e, x) => tx.immediate(s, e, x);
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const result = this.appendTx(streamId, events, expected);
    for (const s of this.subscriptions) s.notify();
    return result;
  }

  /** Synchronous append, for callers that batch many appends in one SQLite transaction. */
  appendSync(streamId: string, events: NewEvent[], expected: ExpectedRevision): AppendResult {
    const result = this.appendTx(streamId, events, expected);
    for (const s of this.subscriptions) s.notify();
    return result;
  }

  private appendInTx(streamId: string, events: NewEvent[], expected: ExpectedRevision): AppendResult {
    const current = this.stmt.revision.get(streamId)?.revision ?? -1;
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && current === -1) ||
      (expected === 'stream_exists' && current >= 0) ||
      (typeof expected === 'number' && expected === current);
    if (!ok) throw new WrongExpectedRevisionError(streamId, expected, current);
    if (events.length === 0) return { nextExpectedRevision: current, position: this.stmt.head.get()?.position ?? 0 };
    const recordedAt = this.now().toISOString();
    let revision = current;
    let position = 0;
    for (const e of events) {
      revision += 1;
      const metadata = {
        eventId: e.metadata?.eventId ?? randomUUID(),
        correlationId: e.metadata?.correlationId ?? randomUUID(),
        causationId: e.metadata?.causationId ?? null,
        actor: e.metadata?.actor ?? 'anonymous',
      };
      const info = this.stmt.insert.run(streamId, revision, e.type, JSON.stringify(e.data), JSON.stringify(metadata), metadata.eventId, recordedAt);
      position = Number(info.lastInsertRowid);
    }
    return { nextExpectedRevision: revision, position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.readStreamSync(streamId, options);
  }

  readStreamSync(streamId: string, options: ReadStreamOptions = {}): RecordedEvent[] {
    const max = options.maxCount ?? Number.MAX_SAFE_INTEGER;
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
    return this.stmt.all.all(options.after, options.maxCount).map(toRecorded);
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
    if (this.db.open) this.db.close();
  }
}

function toRecorded(row: EventRow): RecordedEvent {
  const meta = JSON.parse(row.metadata) as Omit<EventMetadata, 'recordedAt'>;
  return {
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    type: row.type,
    data: JSON.parse(row.data),
    metadata: { ...meta, recordedAt: row.recorded_at },
  };
}
