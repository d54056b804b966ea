/**
 * The adapter's catch-up subscription to $all (`subscribeToAll`): the server-side filter, the
 * checkpoints handed to the handler, and reconnecting after a transient error.
 */
import {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  ErrorType,
  Filter,
  Position,
  START,
  eventTypeFilter,
  excludeSystemEvents,
  isCommandError,
  streamNameFilter,
} from '@kurrent/kurrentdb-client';
import { backoffDelay } from '@benefit/shared';
import { EventFilter, RecordedEvent, SubscribeOptions, Subscription, SubscriptionHandler, matchesFilter } from '../event-store.port';
import { isSystem, toRecorded } from './event-mapping';
import { KurrentDbClientLike } from './kurrentdb-client-like';
import { NO_POSITION, toPosition, toSafeNumber } from './positions';

export interface ReconnectOptions {
  /** Delay before the first reconnect attempt; doubles with every failed attempt. */
  initialDelayMs: number;
  /** Cap of the (pre-jitter) delay. */
  maxDelayMs: number;
  /** Give up (done rejects with the last error) after this many consecutive failed attempts. */
  maxAttempts: number;
}

export const DEFAULT_RECONNECT: ReconnectOptions = { initialDelayMs: 100, maxDelayMs: 10_000, maxAttempts: Number.POSITIVE_INFINITY };

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

/** A marker the adapter pushes into the subscription stream, in order with the events. */
interface CheckpointMark {
  readonly checkpointMark: bigint;
}

function isMark(item: unknown): item is CheckpointMark {
  return typeof item === 'object' && item !== null && 'checkpointMark' in item;
}

/** The handler failed: never retried. */
class HandlerFailure {
  constructor(readonly error: unknown) {}
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

export interface SubscriptionDeps {
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
