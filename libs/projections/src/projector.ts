/**
 * Runs the projections over the log. Each page of events is applied in one read-model
 * transaction together with every projection's new checkpoint, so a crash never applies
 * an event twice nor skips one. Callers that need read-your-writes await `waitFor(position)`.
 */
import { EventStore } from '@benefit/event-store';
import { Projection } from './projection';
import { ReadModelStore } from './read-model';

export interface ProjectorOptions {
  batchSize?: number;
  /** Reports progress of long catch-ups (rebuilds): position reached and head. */
  onProgress?: (position: number, head: number) => void;
}

export class Projector {
  private readonly checkpoints = new Map<string, number>();
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failure: Error | null = null;
  private loaded: Promise<void> | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly readModel: ReadModelStore,
    readonly projections: Projection[],
    private readonly options: ProjectorOptions = {},
  ) {}

  /** Reads the stored checkpoints once (position() is 0 until then, so waitFor loads them). */
  load(): Promise<void> {
    this.loaded ??= (async () => {
      for (const p of this.projections) this.checkpoints.set(p.name, await this.readModel.checkpoint(p.name));
    })();
    return this.loaded;
  }

  /** The lowest checkpoint: every projection has applied everything up to here. */
  position(): number {
    let min = Number.MAX_SAFE_INTEGER;
    for (const cp of this.checkpoints.values()) min = Math.min(min, cp);
    return this.checkpoints.size === 0 ? 0 : min;
  }

  checkpointOf(name: string): number {
    return this.checkpoints.get(name) ?? 0;
  }

  /**
   * Resolves once every projection has applied the event at `position`. The catch-up starts on
   * the next turn of the event loop, so the commands answered in one turn share one transaction.
   */
  async waitFor(position: number): Promise<void> {
    while (this.position() < position) {
      if (!this.running) {
        this.running = new Promise<void>((resolve) => setImmediate(resolve))
          .then(() => this.catchUp())
          .finally(() => (this.running = null));
      }
      await this.running;
    }
  }

  /** Applies everything in the log up to its current head. */
  async catchUp(): Promise<void> {
    await this.load();
    const batchSize = this.options.batchSize ?? 2000;
    let head = 0;
    for (;;) {
      const from = this.position();
      const page = await this.store.readAll({ after: from, maxCount: batchSize });
      if (page.length === 0) return;
      const last = page[page.length - 1].position;
      const next = new Map<string, number>();
      for (const p of this.projections) next.set(p.name, Math.max(this.checkpointOf(p.name), last));
      await this.readModel.transaction(async (tx) => {
        for (const event of page) {
          for (const p of this.projections) {
            if (this.checkpointOf(p.name) < event.position && p.handles.has(event.type)) await p.apply(event, tx);
          }
        }
      }, next);
      for (const [name, cp] of next) this.checkpoints.set(name, cp);
      if (this.options.onProgress) {
        if (head < last) head = await this.store.headPosition();
        this.options.onProgress(last, head);
      }
    }
  }

  /** Drops the named projections (all when none named) and replays them from the start of the log. */
  async rebuild(names?: string[]): Promise<void> {
    if (this.running) await this.running.catch(() => undefined);
    await this.load();
    for (const p of this.projections) {
      if (names && !names.includes(p.name)) continue;
      await this.readModel.reset(p.name, p.tables);
      this.checkpoints.set(p.name, 0);
    }
    await this.catchUp();
  }

  /** Follows appends made by other processes (a CLI, a second api) by polling the head. */
  start(pollMs = 500, onError?: (err: Error) => void): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.store
        .headPosition()
        .then((head) => (head > this.position() ? this.waitFor(head) : undefined))
        .then(() => (this.failure = null))
        .catch((err: Error) => {
          if (this.failure?.message !== err.message) onError?.(err);
          this.failure = err;
        });
    }, pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.running) await this.running.catch(() => undefined);
  }
}
