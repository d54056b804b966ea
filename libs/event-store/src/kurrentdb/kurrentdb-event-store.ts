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
 *
 * The modules beside this one: `kurrentdb-subscription.ts` (catch-up and live, reconnects),
 * `event-mapping.ts` (events in and out), `expected-revision.ts`, `positions.ts`.
 */
import {
  AppendResult as KAppendResult,
  AppendStreamRequest,
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  MultiAppendResult,
  Position,
  ReadStreamOptions as KReadStreamOptions,
  START,
  StreamNotFoundError,
  excludeSystemEvents,
} from '@kurrent/kurrentdb-client';
import {
  AppendResult,
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
} from '../event-store.port';
import { abortableSleep } from '@benefit/shared';
import { isSystem, toEventData, toRecorded } from './event-mapping';
import { mapAppendError, toStreamState } from './expected-revision';
import { KurrentDbClientLike } from './kurrentdb-client-like';
import { DEFAULT_RECONNECT, KurrentDbSubscription, ReconnectOptions, isTransientError } from './kurrentdb-subscription';
import { toPosition, toSafeNumber } from './positions';

export interface KurrentDbEventStoreOptions {
  reconnect?: Partial<ReconnectOptions>;
  /** Which subscription errors are worth a reconnect; default: {@link isTransientError}. */
  isTransient?: (error: unknown) => boolean;
  /** Injectable for tests. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Injectable for tests: a number in [0, 1). */
  random?: () => number;
}

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
    const data = toEventData(events); // serialises everything before anything is sent
    if (data.length === 0) return this.emptyAppend(streamId, expected);
    let result: KAppendResult;
    try {
      result = await this.client.appendToStream(streamId, data, { streamState });
    } catch (err) {
      throw mapAppendError(err, [{ streamId, events, expected }]);
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
      events: toEventData(w.events),
      expectedState: toStreamState(w.expected),
    }));
    if (requests.length === 0) return [];
    let result: MultiAppendResult;
    try {
      result = await this.client.multiStreamAppend(requests);
    } catch (err) {
      throw mapAppendError(err, writes);
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

/** Connects with a KurrentDB connection string, e.g. `kurrentdb://localhost:2113?tls=false`. */
export async function createKurrentDbEventStore(connectionString: string, options?: KurrentDbEventStoreOptions): Promise<EventStore> {
  const client: KurrentDbClientLike = KurrentDBClient.connectionString(connectionString);
  return new KurrentDbEventStore(client, options);
}
