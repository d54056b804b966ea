/**
 * The outbox relay: tails the event log from its checkpoint and publishes every event to Kafka,
 * at least once. A batch's checkpoint is stored only after the broker acknowledged the whole
 * batch; a crash before that sends the batch again on restart (consumers drop duplicates by
 * the eventId header). Broker errors are retried with exponential backoff, forever: the log is
 * the source of truth and nothing is skipped.
 */
import { EventStore, RecordedEvent, Subscription } from '@benefit/event-store';
import { Logger } from 'pino';
import { CheckpointStore } from './checkpoint';
import { Publisher } from './publisher';
import { isPublished, toMessage } from './routing';
import { abortableSleep, backoffDelay } from '@benefit/shared';

export interface RelayOptions {
  topicPrefix: string;
  batchSize: number;
  progressMs?: number;
  /** First retry delay after a broker error; doubles up to maxBackoffMs (with jitter). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  now?: () => number;
}

/** Thrown inside a batch when stop() came while the broker could not be reached. */
class RelayStopped extends Error {
  constructor() {
    super('relay stopped before the batch was acknowledged');
  }
}

export class Relay {
  private subscription: Subscription | null = null;
  private stopping = false;
  private readonly abort = new AbortController();
  private running: Promise<void> = Promise.resolve();
  private caughtUp = false;
  private lastProgressAt = 0;
  private publishedSinceProgress = 0;
  private readonly waiters: { position: number; resolve: () => void }[] = [];
  /** Position of the last event the broker acknowledged and whose checkpoint is stored. */
  checkpoint = 0;
  /** Events published by this process (duplicates after a crash included). */
  published = 0;
  batches = 0;

  constructor(
    private readonly store: EventStore,
    private readonly publisher: Publisher,
    private readonly checkpoints: CheckpointStore,
    private readonly logger: Logger,
    private readonly options: RelayOptions,
  ) {}

  private get now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  /** Settles when the relay ends: resolves after stop(), rejects on a failure it cannot retry (the checkpoint could not be stored). */
  get done(): Promise<void> {
    return this.running;
  }

  async start(): Promise<void> {
    const after = await this.checkpoints.read();
    const head = await this.store.headPosition();
    if (after > head) {
      throw new Error(
        `the checkpoint (${after}) is beyond the end of the log (${head}): the log was restored or replaced. ` +
          'Remove the checkpoint file to publish the whole log again (consumers drop duplicates by eventId), or write the position to resume from',
      );
    }
    this.checkpoint = after;
    this.lastProgressAt = this.now;
    this.logger.info({ checkpoint: after, head, lag: head - after }, after === 0 ? 'relay starting from the beginning of the log' : 'relay resuming after its checkpoint');
    if (head === after) this.markCaughtUp(head);
    const subscription = this.store.subscribeToAll({ after, batchSize: this.options.batchSize }, (events, checkpoint) => this.handle(events, checkpoint));
    this.subscription = subscription;
    this.running = subscription.done.then(
      () => undefined,
      (err: unknown) => {
        if (err instanceof RelayStopped) {
          this.logger.warn({ checkpoint: this.checkpoint }, 'stopped while the broker was unreachable: the unacknowledged batch is sent again at the next start');
          return;
        }
        throw err;
      },
    );
  }

  /** Finishes the running batch (publish, then store its checkpoint) and stops reading. */
  async stop(): Promise<void> {
    if (this.stopping) return this.running.catch(() => undefined);
    this.stopping = true;
    this.abort.abort();
    await this.subscription?.stop();
    await this.running.catch(() => undefined);
    this.logger.info({ checkpoint: this.checkpoint, published: this.published }, 'relay stopped');
  }

  /** Resolves once the checkpoint has reached `position` (tests, and waiting for a drain). */
  waitFor(position: number): Promise<void> {
    if (this.checkpoint >= position) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ position, resolve }));
  }

  private async handle(events: RecordedEvent[], checkpoint: number): Promise<void> {
    const messages = events.filter(isPublished).map((e) => toMessage(e, this.options.topicPrefix));
    const started = this.now;
    // a batch of access records only publishes nothing, and its checkpoint moves all the same
    if (messages.length > 0) await this.publishWithRetry(messages, checkpoint);
    // only now, with every message of the batch acknowledged, may the checkpoint move
    await this.checkpoints.write(checkpoint);
    this.checkpoint = checkpoint;
    this.published += messages.length;
    this.publishedSinceProgress += messages.length;
    this.batches += 1;
    this.logger.debug({ events: messages.length, checkpoint, ms: this.now - started }, 'batch published');
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i].position <= checkpoint) this.waiters.splice(i, 1)[0].resolve();
    }
    const head = await this.store.headPosition();
    if (checkpoint >= head) this.markCaughtUp(head);
    else {
      this.caughtUp = false;
      if (this.now - this.lastProgressAt >= (this.options.progressMs ?? 10_000)) this.progress(head);
    }
  }

  private markCaughtUp(head: number): void {
    if (this.publishedSinceProgress > 0) this.progress(head);
    if (!this.caughtUp) this.logger.info({ checkpoint: this.checkpoint, published: this.published }, 'caught up with the log');
    this.caughtUp = true;
  }

  private progress(head: number): void {
    const seconds = Math.max(0.001, (this.now - this.lastProgressAt) / 1000);
    this.logger.info(
      {
        checkpoint: this.checkpoint,
        head,
        lag: head - this.checkpoint,
        published: this.published,
        eventsPerSecond: Math.round(this.publishedSinceProgress / seconds),
      },
      'relay progress',
    );
    this.lastProgressAt = this.now;
    this.publishedSinceProgress = 0;
  }

  private async publishWithRetry(messages: ReturnType<typeof toMessage>[], checkpoint: number): Promise<void> {
    const initial = this.options.initialBackoffMs ?? 500;
    const max = this.options.maxBackoffMs ?? 30_000;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.publisher.publish(messages);
        if (attempt > 1) this.logger.info({ attempts: attempt, checkpoint }, 'broker reachable again: batch acknowledged');
        return;
      } catch (err) {
        if (this.stopping) throw new RelayStopped();
        const delay = backoffDelay(attempt, { initialDelayMs: initial, maxDelayMs: max });
        this.logger.warn({ err, attempt, retryInMs: delay, events: messages.length, checkpoint: this.checkpoint }, 'publishing failed: reconnecting with backoff');
        await this.publisher.reset().catch(() => undefined);
        await abortableSleep(delay, this.abort.signal);
        if (this.stopping) throw new RelayStopped();
      }
    }
  }
}
