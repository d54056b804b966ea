/**
 * Runs the projections over the log. Each page of events is applied in one read-model
 * transaction together with every projection's new checkpoint, so a crash never applies
 * an event twice nor skips one. Callers that need read-your-writes await `waitFor(position)`.
 */
import { EventStore, InlineProjection, RecordedEvent } from '@benefit/event-store';
import { Projection } from './projection';
import { ReadModelStore, ReadModelTx } from './read-model';

/** A read model that can write a batch inside a transaction its log holds open (SqliteReadModel sharing the log's connection). */
export interface InlineReadModel {
  applyWithin(work: (tx: ReadModelTx) => Promise<void>, checkpoints: Map<string, number>): Promise<void>;
  rolledBack(): void;
}

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

  /**
   * Reads the stored checkpoints once (position() is 0 until then, so waitFor loads them). A
   * projection whose checkpoint is past the head of the log (a read model that kept commits its
   * log lost in a power cut, or one from another log) is dropped and replayed from the start.
   */
  load(): Promise<void> {
    this.loaded ??= (async () => {
      const head = await this.store.headPosition();
      for (const p of this.projections) {
        let checkpoint = await this.readModel.checkpoint(p.name);
        if (checkpoint > head) {
          await this.readModel.reset(p.name, p.tables);
          checkpoint = 0;
        }
        this.checkpoints.set(p.name, checkpoint);
      }
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
      // the checkpoints are taken inside the transaction: on a connection shared with the log
      // (inline write path) an append may have projected part of this page while it waited
      await this.readModel.transaction((tx) => this.applyPage(page, tx, next), next);
      for (const [name, cp] of next) this.checkpoints.set(name, cp);
      if (this.options.onProgress) {
        if (head < last) head = await this.store.headPosition();
        this.options.onProgress(last, head);
      }
    }
  }

  /**
   * Applies to each projection the events of `page` past its checkpoint (`applied`: the stored
   * ones, or those of an append in progress), and notes in `next` where each then stands.
   */
  private async applyPage(page: RecordedEvent[], tx: ReadModelTx, next: Map<string, number>, applied = (name: string) => this.checkpointOf(name)): Promise<void> {
    const last = page[page.length - 1].position;
    for (const p of this.projections) next.set(p.name, Math.max(applied(p.name), last));
    for (const event of page) {
      for (const p of this.projections) {
        if (applied(p.name) < event.position && p.handles.has(event.type)) await p.apply(event, tx);
      }
    }
  }

  /**
   * The projections as the log's appending transaction runs them (the inline write path, issue
   * 13.1; SqliteEventStore.projectInline): each batch of appended events is applied from the
   * objects just decided and written with the checkpoints before the one COMMIT, so a committed
   * append is projected and `waitFor` its position returns at once. Events before the batch that
   * no projection has applied yet (appended by a process that did not project them) are read from
   * the log first, in the same transaction.
   */
  inline(readModel: InlineReadModel): InlineProjection {
    const batchSize = this.options.batchSize ?? 2000;
    let pending: Map<string, number> | null = null;
    return {
      apply: async (events) => {
        await this.load();
        const first = events[0].position;
        pending = new Map(this.checkpoints);
        const applied = (name: string) => pending!.get(name) ?? 0;
        const through = (page: RecordedEvent[]) => {
          const next = new Map<string, number>();
          return readModel
            .applyWithin((tx) => this.applyPage(page, tx, next, applied), next)
            .then(() => {
              for (const [name, cp] of next) pending!.set(name, cp);
            });
        };
        for (;;) {
          const from = Math.min(...this.projections.map((p) => applied(p.name)));
          if (from >= first - 1) break;
          const gap = await this.store.readAll({ after: from, maxCount: Math.min(batchSize, first - 1 - from) });
          if (gap.length === 0) break;
          await through(gap);
        }
        await through(events);
      },
      settle: (committed) => {
        if (committed && pending) for (const [name, cp] of pending) this.checkpoints.set(name, cp);
        if (!committed) readModel.rolledBack();
        pending = null;
      },
    };
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
