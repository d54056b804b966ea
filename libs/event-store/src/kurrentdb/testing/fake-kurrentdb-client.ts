/**
 * An in-memory stand-in for the parts of `KurrentDBClient` the adapter calls, for unit tests.
 * It returns objects shaped like the client's (bigint revisions, `{ commit, prepare }` positions,
 * async iterables) and throws the package's own error classes. Subscriptions are the package's
 * real `Subscription` stream fed with fake gRPC responses, so checkpoint/caught-up messages and
 * errors go through the client's own code.
 */
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import {
  ANY,
  AllStreamResolvedEvent,
  AllStreamSubscription,
  AppendResult,
  AppendStreamRequest,
  AppendStreamState,
  AppendToStreamOptions,
  BACKWARDS,
  END,
  EventData,
  Filter,
  MultiAppendResult,
  NO_STREAM,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  ResolvedEvent,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  SubscribeToAllOptions,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
// The client's real subscription stream (a Transform over gRPC read responses).
import { Subscription as ClientSubscription } from '@kurrent/kurrentdb-client/dist/streams/utils/Subscription';
import { KurrentDbClientLike } from '../kurrentdb-client-like';

export interface StoredEvent {
  streamId: string;
  id: string;
  type: string;
  data: unknown;
  metadata: unknown;
  revision: bigint;
  commit: bigint;
  created: Date;
}

interface FakeSub {
  grpc: PassThrough & { cancel(): void };
  filter?: Filter;
  fromPosition: Position | typeof START | typeof END;
  cancelled: boolean;
}

type Resp = Record<string, () => unknown>;

const pos = (p: bigint) => ({ getCommitPosition: () => p.toString(), getPreparePosition: () => p.toString() });

export class FakeKurrentDbClient implements KurrentDbClientLike {
  readonly log: StoredEvent[] = [];
  readonly appendCalls: { streamName: string; events: EventData[]; options?: AppendToStreamOptions }[] = [];
  readonly multiCalls: AppendStreamRequest[][] = [];
  readonly readAllCalls: ReadAllOptions[] = [];
  readonly subscribeCalls: SubscribeToAllOptions[] = [];
  readonly subs: FakeSub[] = [];
  disposed = false;
  /** Live appends that no subscription filter matches produce a checkpoint message. */
  private nextCommit = 1000n;
  now = () => new Date('2026-03-01T08:00:00.000Z');

  /** Writes an event straight into the log (e.g. a system event). */
  put(streamId: string, type: string, data: unknown = {}, metadata: unknown = undefined): StoredEvent {
    const revision = BigInt(this.log.filter((e) => e.streamId === streamId).length);
    // byte offsets: strictly increasing, not dense
    this.nextCommit += 100n + BigInt(JSON.stringify(data ?? null).length);
    const stored: StoredEvent = { streamId, id: randomUUID(), type, data, metadata, revision, commit: this.nextCommit, created: this.now() };
    this.log.push(stored);
    return stored;
  }

  private current(streamName: string): bigint | typeof NO_STREAM {
    const events = this.log.filter((e) => e.streamId === streamName);
    return events.length ? events[events.length - 1].revision : NO_STREAM;
  }

  private check(streamName: string, expected: AppendStreamState): void {
    const current = this.current(streamName);
    const ok =
      expected === ANY ||
      (expected === NO_STREAM && current === NO_STREAM) ||
      (expected === STREAM_EXISTS && current !== NO_STREAM) ||
      (typeof expected === 'bigint' && expected === current);
    if (!ok) throw new WrongExpectedVersionError(undefined, { streamName, expected, current });
  }

  private write(streamName: string, events: EventData[]): StoredEvent[] {
    return events.map((e) => {
      const stored = this.put(streamName, e.type, e.data, e.metadata);
      stored.id = e.id;
      return stored;
    });
  }

  async appendToStream(streamName: string, events: EventData[], options?: AppendToStreamOptions): Promise<AppendResult> {
    this.appendCalls.push({ streamName, events, options });
    this.check(streamName, options?.streamState ?? ANY);
    const written = this.write(streamName, events);
    this.publish(written);
    const last = written[written.length - 1];
    return { success: true, nextExpectedRevision: last.revision, position: { commit: last.commit, prepare: last.commit } };
  }

  async multiStreamAppend(requests: AppendStreamRequest[]): Promise<MultiAppendResult> {
    this.multiCalls.push(requests);
    // the real client's own precondition
    for (const r of requests)
      for (const e of r.events) {
        const m = e.metadata as unknown;
        if (m != null && (typeof m !== 'object' || Array.isArray(m) || Object.values(m as object).some((v) => typeof v !== 'string'))) {
          throw new Error('multiStreamAppend requires metadata to be a plain object with string keys and string values.');
        }
      }
    for (const r of requests) this.check(r.streamName, r.expectedState);
    const written = requests.flatMap((r) => this.write(r.streamName, r.events));
    this.publish(written);
    return {
      position: written[written.length - 1].commit,
      responses: requests.map((r) => ({ streamName: r.streamName, revision: this.current(r.streamName) as bigint })),
    };
  }

  readStream(streamName: string, options: ReadStreamOptions = {}): AsyncIterableIterator<ResolvedEvent> {
    const log = this.log;
    return (async function* () {
      const events = log.filter((e) => e.streamId === streamName);
      if (events.length === 0) throw new StreamNotFoundError(undefined, streamName);
      const backwards = options.direction === BACKWARDS;
      const from = options.fromRevision ?? (backwards ? END : START);
      let selected = backwards ? [...events].reverse() : events;
      if (typeof from === 'bigint') selected = selected.filter((e) => (backwards ? e.revision <= from : e.revision >= from));
      if (!backwards && from === END) selected = [];
      if (backwards && from === START) selected = selected.filter((e) => e.revision === 0n);
      const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
      for (const e of selected.slice(0, max)) yield { event: toRecorded(e) } as ResolvedEvent;
    })();
  }

  readAll(options: ReadAllOptions = {}): AsyncIterableIterator<AllStreamResolvedEvent> {
    this.readAllCalls.push(options);
    const log = this.log;
    return (async function* () {
      const backwards = options.direction === BACKWARDS;
      const from = options.fromPosition ?? (backwards ? END : START);
      let selected = backwards ? [...log].reverse() : [...log];
      if (typeof from === 'object') selected = selected.filter((e) => (backwards ? e.commit <= from.commit : e.commit >= from.commit)); // inclusive, like a read
      if (!backwards && from === END) selected = [];
      selected = selected.filter((e) => passes(options.filter, e));
      const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
      for (const e of selected.slice(0, max)) yield { event: toRecorded(e), commitPosition: e.commit } as AllStreamResolvedEvent;
    })();
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllStreamSubscription {
    this.subscribeCalls.push(options);
    const grpc = Object.assign(new PassThrough({ objectMode: true }), {
      cancel(this: PassThrough) {
        sub.cancelled = true;
        this.end();
      },
    });
    const sub: FakeSub = { grpc, filter: options.filter, fromPosition: options.fromPosition ?? START, cancelled: false };
    this.subs.push(sub);
    const client = new ClientSubscription<AllStreamResolvedEvent>(
      async () => grpc as never,
      (e: unknown) => e as AllStreamResolvedEvent, // the fake "gRPC event" already is the resolved event
      {},
      options.filter?.checkpointReached as never,
    ) as unknown as AllStreamSubscription;
    // catch-up, then caught-up, like the server: positions are exclusive for subscriptions
    queueMicrotask(() => {
      const from = sub.fromPosition;
      const after = typeof from === 'object' ? from.commit : from === END ? this.nextCommit : -1n;
      let last = after;
      for (const e of this.log.filter((x) => x.commit > after)) {
        last = e.commit;
        if (passes(sub.filter, e)) grpc.write(eventResp(e));
      }
      if (last >= 0n) grpc.write(caughtUpResp(last));
    });
    return client;
  }

  /** Live delivery to open subscriptions; a checkpoint message when a subscription's filter drops a write. */
  private publish(written: StoredEvent[]): void {
    for (const sub of this.subs) {
      if (sub.cancelled) continue;
      const wanted = written.filter((e) => passes(sub.filter, e));
      for (const e of wanted) sub.grpc.write(eventResp(e));
      if (wanted.length < written.length) sub.grpc.write(checkpointResp(written[written.length - 1].commit));
    }
  }

  /** What a broken connection looks like to a subscription. */
  failSubscription(index: number, error: Error): void {
    this.subs[index].grpc.emit('error', error);
  }

  sendCheckpoint(index: number, commit: bigint): void {
    this.subs[index].grpc.write(checkpointResp(commit));
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }
}

function passes(filter: Filter | undefined, e: StoredEvent): boolean {
  if (!filter) return true;
  const subject = filter.filterOn === 'streamName' ? e.streamId : e.type;
  if ('prefixes' in filter) return filter.prefixes.some((p) => subject.startsWith(p));
  return new RegExp(filter.regex).test(subject);
}

function toRecorded(e: StoredEvent) {
  return {
    streamId: e.streamId,
    id: e.id,
    isJson: true,
    revision: e.revision,
    type: e.type,
    created: e.created,
    data: e.data,
    metadata: e.metadata,
    position: { commit: e.commit, prepare: e.commit },
  };
}

function eventResp(e: StoredEvent): Resp {
  return { hasEvent: () => true, getEvent: () => ({ event: toRecorded(e), commitPosition: e.commit }) };
}

function checkpointResp(commit: bigint): Resp {
  return { hasCheckpoint: () => true, getCheckpoint: () => pos(commit) };
}

function caughtUpResp(commit: bigint): Resp {
  return {
    hasCaughtUp: () => true,
    getCaughtUp: () => ({
      hasTimestamp: () => true,
      getTimestamp: () => ({ toDate: () => new Date() }),
      hasStreamRevision: () => false,
      hasPosition: () => true,
      getPosition: () => pos(commit),
    }),
  };
}
