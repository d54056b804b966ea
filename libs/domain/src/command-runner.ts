/**
 * The one generic command handler: load → fold `evolve` → `decide` → append with the expected
 * revision → retry on a concurrency conflict. Folded states are cached per stream, so a person
 * with a thousand earlier claims costs one short read, not a thousand-event fold.
 *
 * Commands for one stream are queued in this process and run one after the other, each deciding
 * on what the previous one wrote: only a writer in another process can make the expected revision
 * fail, and only its appends are retried.
 *
 * A stream that is not cached starts from its latest snapshot, when one is configured and can be
 * trusted (snapshots.ts), and folds only the events after it; a snapshot falls due every
 * `snapshotting.every` events and is written after the append, off the command's path. What a
 * snapshot keeps in chunks is read when a decision first reads it: when it cannot be, the stream
 * is folded from the log and the command decided again.
 */
import { EventStore, NewEvent, RecordedEvent, StreamWrite, WrongExpectedRevisionError, authorisedBy, uuidV7 } from '@benefit/event-store';
import { KeyedQueue } from './keyed-queue';
import type { Decider, Fold } from './decider';
import type { Snapshotting } from './snapshots';
import { SnapshotRecordsUnreadable } from './snapshots.claims';

export type { Fold };


export interface CommandMeta {
  /** The verified token subject (API.md Access), or `system:<job>`. */
  actor: string;
  correlationId: string;
  causationId?: string | null;
  /** The role the request was granted under, and the token that carried it. */
  role?: string;
  tokenId?: string;
}

export interface RunResult<S, E> {
  events: E[];
  state: S;
  /** Revision of the stream after the command (-1: still no stream). */
  revision: number;
  /** Global position of the last event written, or null when the command wrote nothing. */
  position: number | null;
  /** Where the adapter tells them at once (SQLite): the position of each of `events`, and when they were recorded. */
  positions?: number[];
  recordedAt?: string;
}

interface CacheEntry<S> {
  state: S;
  revision: number;
  /** The id of the event at `revision` (what a snapshot of this state is checked against). */
  eventId?: string;
  /** The revision of the last snapshot written or read for this stream (-1: none). */
  snapshotRevision?: number;
}

export class CommandRunner {
  private readonly cache = new Map<string, CacheEntry<unknown>>();
  private readonly queue = new KeyedQueue();
  /** Snapshot writes not finished yet (snapshotsWritten waits for them). */
  private readonly pendingSnapshots = new Set<Promise<void>>();

  constructor(
    private readonly store: EventStore,
    private readonly options: { maxRetries?: number; cacheSize?: number; snapshotting?: Snapshotting } = {},
  ) {}

  /** The folded state of a stream, up to date with the store. */
  async load<S, E extends { type: string; data: unknown }>(streamId: string, fold: Fold<S, E>): Promise<CacheEntry<S>> {
    try {
      return await this.loadFrom(streamId, fold, false);
    } catch (err) {
      if (!(err instanceof SnapshotRecordsUnreadable)) throw err;
      return this.loadFrom(streamId, fold, true);
    }
  }

  /** `fromLog`: not from a snapshot (its records could not be read), nor from what the cache holds. */
  private async loadFrom<S, E extends { type: string; data: unknown }>(streamId: string, fold: Fold<S, E>, fromLog: boolean): Promise<CacheEntry<S>> {
    const key = `${fold.name}:${streamId}`;
    if (fromLog) this.cache.delete(key);
    let entry = this.cache.get(key) as CacheEntry<S> | undefined;
    let newer: RecordedEvent[];
    if (entry) newer = await this.store.readStream(streamId, { fromRevision: entry.revision + 1 });
    else ({ entry, newer } = await this.loadCold(streamId, fold, fromLog));
    try {
      // Another command may have advanced the same entry while we were reading: apply each revision once.
      for (const e of newer) {
        if (e.revision !== entry.revision + 1) continue;
        entry.state = fold.evolve(entry.state, { type: e.type, data: e.data } as E);
        entry.revision = e.revision;
        entry.eventId = e.metadata.eventId;
      }
    } catch (err) {
      // a correction or cancellation read records of a snapshot that cannot be read: this entry is no good
      if (err instanceof SnapshotRecordsUnreadable) this.cache.delete(key);
      throw err;
    }
    this.remember(key, entry);
    this.snapshotIfDue(streamId, fold, entry);
    return entry;
  }

  /** Waits for the snapshot writes started so far (specs, and a clean shutdown). */
  async snapshotsWritten(): Promise<void> {
    while (this.pendingSnapshots.size > 0) await Promise.all([...this.pendingSnapshots]);
  }

  /**
   * A stream not in the cache: its snapshot and the events after it, or every event when there is
   * no snapshot it can trust. The snapshot's own event is read again to check that the log still
   * holds that event at that revision.
   */
  private async loadCold<S, E extends { type: string; data: unknown }>(streamId: string, fold: Fold<S, E>, fromLog = false): Promise<{ entry: CacheEntry<S>; newer: RecordedEvent[] }> {
    const restored = fromLog ? null : await this.readSnapshot<S>(streamId, fold.name);
    if (restored) {
      const [at, ...newer] = await this.store.readStream(streamId, { fromRevision: restored.revision });
      if (at && at.revision === restored.revision && at.metadata.eventId === restored.eventId) return { entry: restored, newer };
    }
    const entry: CacheEntry<S> = { state: fold.initialState(), revision: -1, snapshotRevision: -1 };
    return { entry, newer: await this.store.readStream(streamId, { fromRevision: 0 }) };
  }

  /**
   * The stream's snapshot as a cache entry, or null: none, another fold version, or unreadable.
   * Its chunks are read later, when the state's records are: a chunk that cannot be read then is
   * reported, and the stream's entry dropped so that the next load folds it from the log.
   */
  private async readSnapshot<S>(streamId: string, foldName: string): Promise<CacheEntry<S> | null> {
    const snapshotting = this.options.snapshotting;
    const codec = snapshotting?.codecs[foldName];
    if (!snapshotting || !codec) return null;
    const readChunk = (id: string): Buffer => {
      let bytes: Buffer | null;
      try {
        bytes = snapshotting.store.readChunk(streamId, foldName, id);
        if (!bytes) throw new SnapshotRecordsUnreadable(`chunk ${id} of ${foldName}:${streamId} is not in the snapshot store`);
      } catch (err) {
        const unreadable = err instanceof SnapshotRecordsUnreadable ? err : new SnapshotRecordsUnreadable(`chunk ${id} of ${foldName}:${streamId}: ${(err as Error).message}`, { cause: err });
        this.cache.delete(`${foldName}:${streamId}`);
        snapshotting.onError?.(unreadable, 'read');
        throw unreadable;
      }
      return bytes;
    };
    try {
      const snapshot = await snapshotting.store.read(streamId, foldName);
      if (!snapshot || snapshot.foldVersion !== codec.version) return null;
      const state = codec.decode(snapshot, readChunk) as S;
      return { state, revision: snapshot.revision, eventId: snapshot.eventId, snapshotRevision: snapshot.revision };
    } catch (err) {
      snapshotting.onError?.(err, 'read');
      return null;
    }
  }

  /**
   * Writes a snapshot once `every` events were folded since the last one: after the current
   * command has its answer (setImmediate), from the state as it is now (states are never changed
   * in place, so a later command cannot alter it). A failure is reported and otherwise ignored.
   */
  private snapshotIfDue<S>(streamId: string, fold: { name: string }, entry: CacheEntry<S>): void {
    const snapshotting = this.options.snapshotting;
    const codec = snapshotting?.codecs[fold.name];
    if (!snapshotting || !codec || entry.eventId === undefined) return;
    if (entry.revision - (entry.snapshotRevision ?? -1) < snapshotting.every) return;
    entry.snapshotRevision = entry.revision;
    const { state, revision, eventId } = entry;
    const written = new Promise<void>((resolve) => setImmediate(resolve))
      .then(async () => {
        const { state: encoded, chunks, newChunks, stored } = codec.encode(state);
        await snapshotting.store.write({ streamId, fold: fold.name, foldVersion: codec.version, revision, eventId, state: encoded, chunks }, newChunks);
        stored();
      })
      .catch((err) => snapshotting.onError?.(err, 'write'))
      .finally(() => this.pendingSnapshots.delete(written));
    this.pendingSnapshots.add(written);
  }

  /**
   * Decides `command` with a decider object on the stream it names (deciders.ts), then appends as
   * `run` does. `context` is what the state cannot tell (the parameter book, today, facts).
   */
  handle<C, S, E extends { type: string; data: unknown }, Ctx>(
    decider: Decider<C, S, E, Ctx>,
    command: C,
    context: Ctx,
    meta: CommandMeta,
    alongside?: (events: E[]) => StreamWrite[],
  ): Promise<RunResult<S, E>> {
    return this.run(decider.streamOf(command), decider, (state) => decider.decide(command, state, context), meta, alongside);
  }

  /**
   * `alongside` adds writes to other streams that must land atomically with the decision
   * (a unique key). A conflict on this stream is retried; a conflict on another is the caller's.
   * Queued behind this process's earlier commands for the same stream.
   */
  run<S, E extends { type: string; data: unknown }>(
    streamId: string,
    fold: Fold<S, E>,
    decide: (state: S) => E[],
    meta: CommandMeta,
    alongside?: (events: E[]) => StreamWrite[],
  ): Promise<RunResult<S, E>> {
    return this.queue.run(streamId, () => this.decideAndAppend(streamId, fold, decide, meta, alongside));
  }

  private async decideAndAppend<S, E extends { type: string; data: unknown }>(
    streamId: string,
    fold: Fold<S, E>,
    decide: (state: S) => E[],
    meta: CommandMeta,
    alongside?: (events: E[]) => StreamWrite[],
  ): Promise<RunResult<S, E>> {
    const maxRetries = this.options.maxRetries ?? 20;
    let fromLog = false;
    for (let attempt = 0; ; attempt++) {
      const entry = fromLog ? await this.loadFrom(streamId, fold, true) : await this.load(streamId, fold);
      const base = entry.revision;
      let events: E[];
      try {
        events = decide(entry.state);
      } catch (err) {
        if (!(err instanceof SnapshotRecordsUnreadable) || fromLog) throw err;
        // the decision read records its snapshot could not give: decide again on the whole fold
        fromLog = true;
        continue;
      }
      if (events.length === 0) return { events, state: entry.state, revision: base, position: null };
      const decided = events.map((e) => toNew(e, meta));
      const writes: StreamWrite[] = [
        { streamId, events: decided, expected: base === -1 ? 'no_stream' : base },
        ...(alongside?.(events) ?? []).map((w) => ({ ...w, events: w.events.map((e) => toNew(e, meta)) })),
      ];
      try {
        const results = await this.store.appendMulti(writes);
        const result = results[0];
        let state = entry.state;
        if (entry.revision === base) {
          try {
            for (const e of events) state = fold.evolve(state, e);
            entry.state = state;
            entry.revision = result.nextExpectedRevision;
            entry.eventId = decided[decided.length - 1].metadata!.eventId;
            this.snapshotIfDue(streamId, fold, entry);
          } catch (err) {
            if (!(err instanceof SnapshotRecordsUnreadable)) throw err;
            // appended already: the state after it comes from the log
            state = (await this.loadFrom(streamId, fold, true)).state;
          }
        }
        return {
          events,
          state,
          revision: result.nextExpectedRevision,
          position: Math.max(...results.map((r) => r.position)),
          positions: result.positions,
          recordedAt: result.recordedAt,
        };
      } catch (err) {
        if (!(err instanceof WrongExpectedRevisionError) || err.streamId !== streamId || attempt >= maxRetries) throw err;
        // another process wrote first: decide again on what it wrote
      }
    }
  }

  forget(streamId?: string): void {
    if (streamId === undefined) this.cache.clear();
    else for (const key of [...this.cache.keys()]) if (key.endsWith(`:${streamId}`)) this.cache.delete(key);
  }

  private remember(key: string, entry: CacheEntry<unknown>): void {
    // Map keeps insertion order: re-inserting makes this the most recent, the oldest goes first.
    this.cache.delete(key);
    this.cache.set(key, entry);
    // ~12 KB a person with a year of history: 20,000 states stay near 250 MB
    const limit = this.options.cacheSize ?? 20_000;
    if (this.cache.size > limit) this.cache.delete(this.cache.keys().next().value!);
  }
}

const toNew = (e: { type: string; data: unknown; metadata?: NewEvent['metadata'] }, meta: CommandMeta): NewEvent => ({
  type: e.type,
  data: e.data,
  // the id is given here, not by the adapter, so that a snapshot can name the event it ends with
  metadata: { eventId: uuidV7(), actor: meta.actor, correlationId: meta.correlationId, causationId: meta.causationId ?? null, ...authorisedBy(meta), ...e.metadata },
});
