/**
 * The one generic command handler: load → fold `evolve` → `decide` → append with the expected
 * revision → retry on a concurrency conflict. Folded states are cached per stream, so a person
 * with a thousand earlier claims costs one short read, not a thousand-event fold.
 *
 * Commands for one stream are queued in this process and run one after the other, each deciding
 * on what the previous one wrote: only a writer in another process can make the expected revision
 * fail, and only its appends are retried.
 */
import { EventStore, NewEvent, StreamWrite, WrongExpectedRevisionError, authorisedBy } from '@benefit/event-store';
import { KeyedQueue } from './keyed-queue';
import type { Decider, Fold } from './decider';

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
}

export class CommandRunner {
  private readonly cache = new Map<string, CacheEntry<unknown>>();
  private readonly queue = new KeyedQueue();

  constructor(
    private readonly store: EventStore,
    private readonly options: { maxRetries?: number; cacheSize?: number } = {},
  ) {}

  /** The folded state of a stream, up to date with the store. */
  async load<S, E extends { type: string; data: unknown }>(streamId: string, fold: Fold<S, E>): Promise<CacheEntry<S>> {
    const key = `${fold.name}:${streamId}`;
    let entry = this.cache.get(key) as CacheEntry<S> | undefined;
    if (!entry) entry = { state: fold.initialState(), revision: -1 };
    const newer = await this.store.readStream(streamId, { fromRevision: entry.revision + 1 });
    // Another command may have advanced the same entry while we were reading: apply each revision once.
    for (const e of newer) {
      if (e.revision !== entry.revision + 1) continue;
      entry.state = fold.evolve(entry.state, { type: e.type, data: e.data } as E);
      entry.revision = e.revision;
    }
    this.remember(key, entry);
    return entry;
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
    for (let attempt = 0; ; attempt++) {
      const entry = await this.load(streamId, fold);
      const base = entry.revision;
      const events = decide(entry.state);
      if (events.length === 0) return { events, state: entry.state, revision: base, position: null };
      const writes: StreamWrite[] = [
        { streamId, events: events.map((e) => toNew(e, meta)), expected: base === -1 ? 'no_stream' : base },
        ...(alongside?.(events) ?? []).map((w) => ({ ...w, events: w.events.map((e) => toNew(e, meta)) })),
      ];
      try {
        const results = await this.store.appendMulti(writes);
        const result = results[0];
        if (entry.revision === base) {
          for (const e of events) entry.state = fold.evolve(entry.state, e);
          entry.revision = result.nextExpectedRevision;
        }
        return {
          events,
          state: entry.state,
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
  metadata: { actor: meta.actor, correlationId: meta.correlationId, causationId: meta.causationId ?? null, ...authorisedBy(meta), ...e.metadata },
});
