/**
 * The clustered production adapter of the event-store port, on KurrentDB (formerly EventStoreDB)
 * through `@kurrent/kurrentdb-client`, the maintained successor of `@eventstore/db-client`.
 *
 * Server requirements
 * - KurrentDB >= 25.1 for `appendMulti` (the client's `multiStreamAppend`, an atomic append to
 *   several streams; older servers make the client throw an UnsupportedError).
 * - >= 22.6 so that events read from a stream carry their $all position.
 *
 * Global positions
 * The port's `position` is a JS number; KurrentDB's is a `{ commit, prepare }` pair of unsigned
 * 64-bit byte offsets into the transaction log. This adapter uses the commit position:
 * - it is a byte offset, so positions are strictly increasing and never reused, but NOT dense
 *   (consecutive events differ by their record size, not by 1);
 * - events of one append are separate log records with their own position, so every event has
 *   a distinct commit position (this is what the contract's "strictly increasing" tests check
 *   against a real server);
 * - it is exact as a JS number below 2^53 bytes (~9 PB of log): beyond that, conversion throws
 *   rather than silently rounding;
 * - a number `p` is turned back into `{ commit: p, prepare: p }` when reading or subscribing
 *   from it, which is the position of the event recorded at `p`. Positions should therefore
 *   come from this adapter (event positions, append results, subscription checkpoints).
 *
 * System events (`$`-prefixed streams or event types: `$stats-…`, `$metadata`, links `$>`) are
 * never returned by `readAll` / `headPosition` / subscriptions: a server-side filter excludes them
 * and the adapter skips any that still get through.
 *
 * Metadata
 * `eventId` is the KurrentDB event id (so it must be a UUID; generated as UUIDv7 when absent);
 * `correlationId`, `causationId` and `actor` are stored as the event's JSON metadata, with string
 * values only (`causationId: null` is stored by omission), as `multiStreamAppend` requires;
 * `recordedAt` is the server's `created` timestamp.
 */
import {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  AppendResult as KAppendResult,
  AppendStreamRequest,
  AppendStreamState,
  AppendToStreamOptions,
  BACKWARDS,
  END,
  ErrorType,
  EventData,
  FORWARDS,
  Filter,
  KurrentDBClient,
  MultiAppendResult,
  NO_STREAM,
  Position,
  ReadAllOptions as KReadAllOptions,
  ReadStreamOptions as KReadStreamOptions,
  ResolvedEvent,
  START,
  STREAM_EXISTS,
  ANY,
  StreamNotFoundError,
  SubscribeToAllOptions,
  WrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  isCommandError,
  jsonEvent,
  streamNameFilter,
} from '@kurrent/kurrentdb-client';
import {
  AppendResult,
  authorisedBy,
  EventFilter,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamWrite,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
  WrongExpectedRevisionError,
  matchesFilter,
} from '../event-store.port';
import { uuidV7 } from '../uuid-v7';
import { abortableSleep, backoffDelay } from '@benefit/shared';

/**
 * The part of `KurrentDBClient` this adapter calls. The real client satisfies it (checked by
 * `createKurrentDbEventStore`); unit tests pass a hand-written fake.
 */
export interface KurrentDbClientLike {
  appendToStream(streamName: string, events: EventData[], options?: AppendToStreamOptions): Promise<KAppendResult>;
  multiStreamAppend(requests: AppendStreamRequest[]): Promise<MultiAppendResult>;
  readStream(streamName: string, options?: KReadStreamOptions): AsyncIterableIterator<ResolvedEvent>;
  readAll(options?: KReadAllOptions): AsyncIterableIterator<AllStreamResolvedEvent>;
  subscribeToAll(options?: SubscribeToAllOptions): AllStreamSubscription;
  dispose(): Promise<void>;
}

export interface ReconnectOptions {
  /** Delay before the first reconnect attempt; doubles with every failed attempt. */
  initialDelayMs: number;
  /** Cap of the (pre-jitter) delay. */
  maxDelayMs: number;
  /** Give up (done rejects with the last error) after this many consecutive failed attempts. */
  maxAttempts: number;
}

export interface KurrentDbEventStoreOptions {
  reconnect?: Partial<ReconnectOptions>;
  /** Which subscription errors are worth a reconnect; default: {@link isTransientError}. */
  isTransient?: (error: unknown) => boolean;
  /** Injectable for tests. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Injectable for tests: a number in [0, 1). */
  random?: () => number;
}

const DEFAULT_RECONNECT: ReconnectOptions = { initialDelayMs: 100, maxDelayMs: 10_000, maxAttempts: Number.POSITIVE_INFINITY };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Errors of a connection or a leader change: a new subscription may well succeed. */
export function isTransientError(error: unknown): boolean {
  if (!(error instanceof Error) || !isCommandError(error)) return false;
  return (
    error.type === ErrorType.UNAVAILABLE ||
    error.type === ErrorType.DEADLINE_EXCEEDED ||
    error.type === ErrorType.TIMEOUT ||
    error.type === ErrorType.CANCELLED ||
    error.type === ErrorType.NOT_LEADER
  );
}

export { backoffDelay };

export function toStreamState(expected: ExpectedRevision): AppendStreamState {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      if (!Number.isSafeInteger(expected) || expected < 0) throw new RangeError(`expected revision must be a non-negative integer, got ${expected}`);
      return BigInt(expected);
  }
}

function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${what} ${value} does not fit a JS number exactly`);
  }
  return Number(value);
}

/** The port's numeric position back as a KurrentDB position (see the module comment). */
export function toPosition(position: number): Position {
  if (!Number.isSafeInteger(position) || position < 0) throw new RangeError(`position must be a non-negative integer, got ${position}`);
  return { commit: BigInt(position), prepare: BigInt(position) };
}

function isSystem(streamId: string, type: string): boolean {
  return streamId.startsWith('$') || type.startsWith('$');
}

/** A marker the adapter pushes into the subscription stream, in order with the events. */
interface CheckpointMark {
  readonly checkpointMark: bigint;
}

/** Unsigned 64-bit -1 and the like: "no position" sentinels, not byte offsets. */
const NO_POSITION = 1n << 63n;

function isMark(item: unknown): item is CheckpointMark {
  return typeof item === 'object' && item !== null && 'checkpointMark' in item;
}

/** The handler failed: never retried. */
class HandlerFailure {
  constructor(readonly error: unknown) {}
}

type StoredMetadata = { correlationId?: unknown; causationId?: unknown; actor?: unknown; role?: unknown; tokenId?: unknown };

export class KurrentDbEventStore implements EventStore {
  private readonly subscriptions = new Set<KurrentDbSubscription>();
  private readonly reconnect: ReconnectOptions;
  private closed = false;

  constructor(
    readonly client: KurrentDbClientLike,
    private readonly options: KurrentDbEventStoreOptions = {},
  ) {
    this.reconnect = { ...DEFAULT_RECONNECT, ...options.reconnect };
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const streamState = toStreamState(expected);
    const data = this.toEventData(events); // serialises everything before anything is sent
    if (data.length === 0) return this.emptyAppend(streamId, expected);
    let result: KAppendResult;
    try {
      result = await this.client.appendToStream(streamId, data, { streamState });
    } catch (err) {
      throw this.mapAppendError(err, [{ streamId, events, expected }]);
    }
    if (!result.success) {
      // only when the client was configured with throwOnAppendFailure=false; its
      // nextExpectedRevision is unreliable in that case, so ask for the actual revision
      throw new WrongExpectedRevisionError(streamId, expected, await this.streamRevision(streamId));
    }
    const nextExpectedRevision = toSafeNumber(result.nextExpectedRevision, 'revision');
    const position = result.position
      ? toSafeNumber(result.position.commit, 'position')
      : await this.positionOf(streamId, nextExpectedRevision);
    return { nextExpectedRevision, position };
  }

  /**
   * Atomic over all streams via `multiStreamAppend` (KurrentDB >= 25.1). The server returns one
   * position for the whole transaction, so each stream's last event is read back to report its
   * own position (one extra, parallel, round trip per stream).
   */
  async appendMulti(writes: StreamWrite[]): Promise<AppendResult[]> {
    const seen = new Set<string>();
    for (const w of writes) {
      if (seen.has(w.streamId)) throw new Error(`appendMulti names stream ${w.streamId} twice: merge its events into one write`);
      seen.add(w.streamId);
    }
    const requests: AppendStreamRequest[] = writes.map((w) => ({
      streamName: w.streamId,
      events: this.toEventData(w.events),
      expectedState: toStreamState(w.expected),
    }));
    if (requests.length === 0) return [];
    let result: MultiAppendResult;
    try {
      result = await this.client.multiStreamAppend(requests);
    } catch (err) {
      throw this.mapAppendError(err, writes);
    }
    const revisions = new Map(result.responses.map((r) => [r.streamName, r.revision]));
    return Promise.all(
      writes.map(async (w) => {
        const revision = revisions.get(w.streamId);
        if (revision === undefined) throw new Error(`multiStreamAppend returned no result for stream ${w.streamId}`);
        const nextExpectedRevision = toSafeNumber(revision, 'revision');
        if (nextExpectedRevision < 0) return { nextExpectedRevision, position: await this.headPosition() };
        return { nextExpectedRevision, position: await this.positionOf(w.streamId, nextExpectedRevision) };
      }),
    );
  }

  /** An append of no events checks the expected revision only (not atomically with anything). */
  private async emptyAppend(streamId: string, expected: ExpectedRevision): Promise<AppendResult> {
    const current = await this.streamRevision(streamId);
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && current === -1) ||
      (expected === 'stream_exists' && current >= 0) ||
      expected === current;
    if (!ok) throw new WrongExpectedRevisionError(streamId, expected, current);
    return { nextExpectedRevision: current, position: current >= 0 ? await this.positionOf(streamId, current) : await this.headPosition() };
  }

  private async positionOf(streamId: string, revision: number): Promise<number> {
    const [event] = await this.readStream(streamId, { direction: 'backwards', fromRevision: revision, maxCount: 1 });
    if (!event) throw new Error(`event ${streamId}@${revision} just written cannot be read back`);
    return event.position;
  }

  private toEventData(events: NewEvent[]): EventData[] {
    return events.map((e) => {
      JSON.stringify(e.data); // throws (e.g. on BigInt) before any request is sent
      const id = e.metadata?.eventId ?? uuidV7();
      if (!UUID.test(id)) throw new Error(`KurrentDB event ids are UUIDs: ${id} is not`);
      const metadata: Record<string, string> = {
        correlationId: e.metadata?.correlationId ?? uuidV7(),
        actor: e.metadata?.actor ?? 'anonymous',
        ...authorisedBy(e.metadata),
      };
      if (e.metadata?.causationId != null) metadata.causationId = e.metadata.causationId;
      return jsonEvent({ id, type: e.type, data: e.data as Record<string, unknown>, metadata });
    });
  }

  private mapAppendError(err: unknown, writes: StreamWrite[]): unknown {
    if (!(err instanceof WrongExpectedVersionError)) return err;
    const write = writes.find((w) => w.streamId === err.streamName) ?? (writes.length === 1 ? writes[0] : undefined);
    const streamId = write?.streamId ?? err.streamName;
    const expected: ExpectedRevision = write?.expected ?? fromStreamState(err.expectedState);
    const actual = err.actualState === NO_STREAM ? -1 : toSafeNumber(err.actualState, 'revision');
    return new WrongExpectedRevisionError(streamId, expected, actual);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const request: KReadStreamOptions = {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.fromRevision === undefined ? (backwards ? END : START) : BigInt(options.fromRevision),
    };
    if (options.maxCount !== undefined) {
      if (options.maxCount <= 0) return [];
      request.maxCount = options.maxCount;
    }
    const out: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, request)) {
        if (resolved.event) out.push(toRecorded(resolved.event));
      }
    } catch (err) {
      if (err instanceof StreamNotFoundError) return [];
      throw err;
    }
    return out;
  }

  async streamRevision(streamId: string): Promise<number> {
    const [last] = await this.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    return last ? last.revision : -1;
  }

  /**
   * Forwards from `after`: the server's read is inclusive of the event at that position, so it
   * is skipped here; system events are filtered out on the server and skipped here too.
   */
  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    if (options.maxCount <= 0) return [];
    const out: RecordedEvent[] = [];
    let from: Position | typeof START = options.after > 0 ? toPosition(options.after) : START;
    let after = BigInt(options.after);
    for (;;) {
      const want = options.maxCount - out.length + 1; // + 1: the event at `from` itself
      let received = 0;
      let last: bigint | undefined;
      for await (const resolved of this.client.readAll({ direction: FORWARDS, fromPosition: from, maxCount: want, filter: excludeSystemEvents() })) {
        received += 1;
        const event = resolved.event;
        if (!event) continue;
        last = event.position.commit;
        if (event.position.commit <= after || isSystem(event.streamId, event.type)) continue;
        if (out.length < options.maxCount) out.push(toRecorded(event));
      }
      // done: the page is full, or the server had no more (it returned fewer than asked for)
      if (out.length >= options.maxCount || received < want || last === undefined) return out;
      after = last;
      from = { commit: last, prepare: last };
    }
  }

  async headPosition(): Promise<number> {
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, filter: excludeSystemEvents() })) {
      if (resolved.event) return toSafeNumber(resolved.event.position.commit, 'position');
    }
    return 0;
  }

  subscribeToAll(options: SubscribeOptions, handler: SubscriptionHandler): Subscription {
    if (this.closed) throw new Error('event store is closed');
    const sub = new KurrentDbSubscription(this.client, options, handler, {
      reconnect: this.reconnect,
      isTransient: this.options.isTransient ?? isTransientError,
      sleep: this.options.sleep ?? abortableSleep,
      random: this.options.random ?? Math.random,
    });
    this.subscriptions.add(sub);
    sub.done.finally(() => this.subscriptions.delete(sub)).catch(() => undefined);
    return sub;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.client.dispose();
  }
}

function fromStreamState(state: AppendStreamState): ExpectedRevision {
  return typeof state === 'bigint' ? toSafeNumber(state, 'revision') : state;
}

type KRecordedEvent = NonNullable<ResolvedEvent['event']>;

function toRecorded(event: KRecordedEvent): RecordedEvent {
  if (!event.position || event.position.commit >= NO_POSITION) throw new Error(`event ${event.streamId}@${event.revision} has no $all position: KurrentDB >= 22.6 is required`);
  const stored = readMetadata(event.metadata);
  const metadata: EventMetadata = {
    eventId: event.id,
    correlationId: typeof stored.correlationId === 'string' ? stored.correlationId : event.id,
    causationId: typeof stored.causationId === 'string' ? stored.causationId : null,
    actor: typeof stored.actor === 'string' ? stored.actor : 'anonymous',
    ...(typeof stored.role === 'string' ? { role: stored.role } : {}),
    ...(typeof stored.tokenId === 'string' ? { tokenId: stored.tokenId } : {}),
    recordedAt: event.created.toISOString(),
  };
  return {
    streamId: event.streamId,
    revision: toSafeNumber(event.revision, 'revision'),
    position: toSafeNumber(event.position.commit, 'position'),
    type: event.type,
    data: event.isJson ? event.data : parseBinary(event.data as Uint8Array),
    metadata,
  };
}

function readMetadata(metadata: unknown): StoredMetadata {
  if (metadata instanceof Uint8Array) {
    try {
      return readMetadata(JSON.parse(Buffer.from(metadata).toString('utf8')));
    } catch {
      return {};
    }
  }
  return typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) ? (metadata as StoredMetadata) : {};
}

/** Events written by other tools as binary: JSON if it parses, else the raw bytes. */
function parseBinary(data: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    return data;
  }
}

/**
 * The server-side filter: by stream prefix when there are prefixes (event types are then checked
 * here, exactly), else by event-type prefix, else "no system events". `checkpointInterval: 1`
 * asks for a checkpoint after every search window of filtered-out events, so checkpoints keep
 * advancing while nothing matches.
 */
export function toServerFilter(filter: EventFilter | undefined): Filter {
  if (filter?.streamPrefixes?.length) return streamNameFilter({ prefixes: filter.streamPrefixes, checkpointInterval: 1 });
  if (filter?.eventTypes?.length && !filter.streamPrefixes) return eventTypeFilter({ prefixes: filter.eventTypes, checkpointInterval: 1 });
  return excludeSystemEvents({ checkpointInterval: 1 });
}

interface SubscriptionDeps {
  reconnect: ReconnectOptions;
  isTransient: (error: unknown) => boolean;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  random: () => number;
}

/**
 * A catch-up subscription to $all that delivers pages of at most `batchSize` events together
 * with the checkpoint to store once the page is handled.
 *
 * Checkpoints come from the events themselves and from the server's checkpoint / caught-up
 * messages (which advance across filtered-out events). Those messages are pushed into the
 * client's subscription stream as markers, so they are read in order with the events before
 * them. Events at or before the last checkpoint are dropped (re-delivery after a reconnect).
 *
 * A transient error (connection lost, leader change) closes the client subscription and opens a
 * new one from the last checkpoint handed to the handler, after an exponential, capped, jittered
 * backoff. A handler error or a non-transient error ends the subscription: `done` rejects.
 */
export class KurrentDbSubscription implements Subscription {
  readonly done: Promise<void>;
  private stopped = false;
  private readonly abort = new AbortController();
  private wake: (() => void) | null = null;
  private checkpoint: bigint;
  private readonly batchSize: number;

  constructor(
    private readonly client: KurrentDbClientLike,
    private readonly options: SubscribeOptions,
    private readonly handler: SubscriptionHandler,
    private readonly deps: SubscriptionDeps,
  ) {
    this.checkpoint = BigInt(toPosition(options.after).commit);
    this.batchSize = Math.max(1, options.batchSize ?? 1000);
    this.done = this.run();
    this.done.catch(() => undefined); // an unobserved failure must not crash the process
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    this.wake?.();
    await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      let failure: unknown;
      try {
        await this.consume(() => (attempt = 0));
        if (this.stopped) return;
        failure = new Error('the server ended the subscription'); // resubscribe, as after a transient error
      } catch (err) {
        if (err instanceof HandlerFailure) throw err.error;
        if (this.stopped) return;
        if (!this.deps.isTransient(err)) throw err;
        failure = err;
      }
      attempt += 1;
      if (attempt > this.deps.reconnect.maxAttempts) throw failure;
      await this.deps.sleep(backoffDelay(attempt, this.deps.reconnect, this.deps.random), this.abort.signal);
    }
  }

  /** One client subscription, from the current checkpoint; returns when stopped or ended. */
  private async consume(onProgress: () => void): Promise<void> {
    const fromPosition = this.checkpoint > 0n ? { commit: this.checkpoint, prepare: this.checkpoint } : START;
    const base = toServerFilter(this.options.filter);
    const filter: Filter = {
      ...base,
      checkpointReached: (s: AllStreamSubscription, position: Position) => {
        s.push({ checkpointMark: position.commit } satisfies CheckpointMark);
      },
    };
    const sub = this.client.subscribeToAll({ fromPosition, filter, resolveLinkTos: false });
    let failure: unknown;
    let failed = false;
    let ended = false;
    const wake = () => this.wake?.();
    const onError = (err: unknown) => {
      if (!failed) [failed, failure] = [true, err];
      wake();
    };
    const onEnd = () => {
      ended = true;
      wake();
    };
    const onCaughtUp = (info: { position?: Position }) => {
      if (info.position) sub.push({ checkpointMark: info.position.commit } satisfies CheckpointMark);
    };
    sub.on('error', onError);
    sub.on('end', onEnd);
    sub.on('close', onEnd);
    sub.on('readable', wake);
    sub.on('caughtUp', onCaughtUp);
    try {
      while (!this.stopped) {
        const items: unknown[] = [];
        let item: unknown;
        while (items.length < this.batchSize && (item = sub.read()) !== null) items.push(item);
        if (items.length === 0) {
          if (failed) throw failure;
          if (ended) return;
          await new Promise<void>((resolve) => (this.wake = resolve));
          this.wake = null;
          continue;
        }
        await this.deliver(items, onProgress);
      }
    } finally {
      this.wake = null;
      sub.removeListener('caughtUp', onCaughtUp);
      sub.removeListener('readable', wake);
      sub.removeListener('end', onEnd);
      sub.removeListener('close', onEnd);
      // keep an error listener: a late error after unsubscribe must not become an uncaught exception
      sub.removeListener('error', onError);
      sub.on('error', () => undefined);
      await sub.unsubscribe().catch(() => undefined);
    }
  }

  private async deliver(items: unknown[], onProgress: () => void): Promise<void> {
    let checkpoint = this.checkpoint;
    const selected: RecordedEvent[] = [];
    for (const item of items) {
      if (isMark(item)) {
        if (item.checkpointMark > checkpoint && item.checkpointMark < NO_POSITION) checkpoint = item.checkpointMark;
        continue;
      }
      const event = (item as AllStreamResolvedEvent).event;
      if (!event) continue;
      const position = event.position.commit;
      if (position <= checkpoint) continue; // already delivered (or covered by a checkpoint)
      checkpoint = position;
      if (isSystem(event.streamId, event.type) || !matchesFilter(event, this.options.filter)) continue;
      selected.push(toRecorded(event));
    }
    if (checkpoint === this.checkpoint && selected.length === 0) return;
    onProgress();
    if (this.stopped) return;
    try {
      await this.handler(selected, toSafeNumber(checkpoint, 'position'));
    } catch (err) {
      throw new HandlerFailure(err);
    }
    this.checkpoint = checkpoint;
  }
}

/** Connects with a KurrentDB connection string, e.g. `kurrentdb://localhost:2113?tls=false`. */
export async function createKurrentDbEventStore(connectionString: string, options?: KurrentDbEventStoreOptions): Promise<EventStore> {
  const client: KurrentDbClientLike = KurrentDBClient.connectionString(connectionString);
  return new KurrentDbEventStore(client, options);
}
