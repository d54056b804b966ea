import { EventStore, RecordedEvent, SubscribeOptions, Subscription, SubscriptionHandler, matchesFilter } from './event-store.port';

/**
 * Catch-up subscription over `readAll`: pages through the log from the checkpoint, then waits
 * for a wake-up (a local append) or the poll interval (appends from other processes).
 */
export class PollingSubscription implements Subscription {
  readonly done: Promise<void>;
  private stopped = false;
  private wake: (() => void) | null = null;
  /** Set by notify(): remembers a wake-up that came while no wait was in progress (e.g. mid-read). */
  private notified = false;

  constructor(
    private readonly store: Pick<EventStore, 'readAll'>,
    private readonly options: SubscribeOptions,
    private readonly handler: SubscriptionHandler,
    private readonly pollMs: number,
  ) {
    this.done = this.run();
  }

  notify(): void {
    this.notified = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.notify();
    await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    let checkpoint = this.options.after;
    const batchSize = this.options.batchSize ?? 1000;
    while (!this.stopped) {
      // Cleared before reading: a notify() during the read means the page may already be stale.
      this.notified = false;
      const page = await this.store.readAll({ after: checkpoint, maxCount: batchSize });
      if (page.length === 0) {
        if (this.notified) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.pollMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
        continue;
      }
      const selected: RecordedEvent[] = this.options.filter ? page.filter((e) => matchesFilter(e, this.options.filter)) : page;
      checkpoint = page[page.length - 1].position;
      if (this.stopped) break;
      await this.handler(selected, checkpoint);
    }
  }
}
