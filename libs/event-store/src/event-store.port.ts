/**
 * The event-store port. Two adapters implement it: SQLite (embedded default, used by tests)
 * and KurrentDB/EventStoreDB (clustered production). The contract suite in
 * `event-store.contract.ts` is the executable definition of this interface.
 */

/** Expected state of a stream for an append (KurrentDB's `streamState`). */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface EventMetadata {
  eventId: string;
  correlationId: string;
  causationId: string | null;
  /** Who asked for it: the verified token subject of a user or hospital system, or `system:<job>`. */
  actor: string;
  /** The role the request was granted under (API.md Access), when a token authorised it. */
  role?: string;
  /** The id of the token that authorised it (`jti`, or the admin token's fingerprint). */
  tokenId?: string;
  /** ISO-8601 instant at which the store recorded the event. */
  recordedAt: string;
}

export interface NewEvent<T = unknown> {
  type: string;
  data: T;
  metadata?: Partial<Omit<EventMetadata, 'recordedAt'>>;
}

export interface RecordedEvent<T = unknown> {
  streamId: string;
  /** 0-based position of the event inside its stream. */
  revision: number;
  /** Global position in the whole log: strictly increasing with append order, never reused. */
  position: number;
  type: string;
  data: T;
  metadata: EventMetadata;
  /** `data` as stored, when the adapter has the JSON at hand (saves a reader re-serialising it). */
  readonly dataJson?: string;
}

export interface AppendResult {
  /** Revision of the last event written: the expected revision for the next append. */
  nextExpectedRevision: number;
  /** Global position of the last event written. */
  position: number;
  /**
   * What the adapter knows at once, when it knows it: the position of each event written and
   * the instant recorded with them (the SQLite adapter sets both; KurrentDB's server stamps
   * `created` itself, so it leaves them out). Lets a caller answer without reading back.
   */
  positions?: number[];
  recordedAt?: string;
}

/** One stream's part of an atomic multi-stream append. */
export interface StreamWrite {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive; defaults to the start (forwards) or the end (backwards). */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events with a greater position are returned. 0 reads from the beginning. */
  after: number;
  maxCount: number;
}

export interface EventFilter {
  streamPrefixes?: string[];
  eventTypes?: string[];
}

export interface SubscribeOptions {
  /** Checkpoint: delivery starts after this position. */
  after: number;
  filter?: EventFilter;
  batchSize?: number;
}

/** Receives a page of events and the checkpoint to store once the page is handled. */
export type SubscriptionHandler = (events: RecordedEvent[], checkpoint: number) => Promise<void>;

export interface Subscription {
  /** Resolves once the running handler call (if any) has finished; no call starts afterwards. */
  stop(): Promise<void>;
  /** Settles when the subscription ends: rejects if the handler or the store failed. */
  readonly done: Promise<void>;
}

export interface EventStore {
  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /**
   * Appends to several streams atomically: every expected revision holds and all events are
   * written, or nothing is (KurrentDB's multiStreamAppend). Results are in the order of `writes`;
   * a failed check raises WrongExpectedRevisionError naming the stream.
   */
  appendMulti(writes: StreamWrite[]): Promise<AppendResult[]>;
  /** Events of one stream; an absent stream gives an empty list. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Current revision of a stream, or -1 when it does not exist. */
  streamRevision(streamId: string): Promise<number>;
  /** One page of the whole log in position order. */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the last event in the log (0 when empty). */
  headPosition(): Promise<number>;
  subscribeToAll(options: SubscribeOptions, handler: SubscriptionHandler): Subscription;
  close(): Promise<void>;
}

/** The stream was not at the expected revision: reload, decide again, retry. */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number,
  ) {
    super(`stream ${streamId} expected at ${String(expected)} but is at ${actual === -1 ? 'no_stream' : actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export function matchesFilter(event: Pick<RecordedEvent, 'streamId' | 'type'>, filter?: EventFilter): boolean {
  if (!filter) return true;
  if (filter.streamPrefixes && !filter.streamPrefixes.some((p) => event.streamId.startsWith(p))) return false;
  if (filter.eventTypes && !filter.eventTypes.includes(event.type)) return false;
  return true;
}

/** The role and token id of a new event's metadata, only when given (events without them stay as they were). */
export function authorisedBy(m: NewEvent['metadata']): { role?: string; tokenId?: string } {
  return { ...(m?.role ? { role: m.role } : {}), ...(m?.tokenId ? { tokenId: m.tokenId } : {}) };
}
