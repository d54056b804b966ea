/**
 * Read-your-writes when another process runs the projections (a standalone projector): waits
 * until every projection's stored checkpoint has reached a position. Reads only.
 */
import { Projection } from './projection';
import { ReadModelStore } from './read-model';

/** What a command needs from the projections: wait until they have applied a position. */
export interface ProjectionWaiter {
  waitFor(position: number): Promise<void>;
  /** The lowest position every projection has applied, as last seen. */
  position(): number;
}

export class CheckpointWatcher implements ProjectionWaiter {
  private seen = 0;

  constructor(
    private readonly readModel: ReadModelStore,
    private readonly projections: Projection[],
    private readonly options: { timeoutMs?: number; pollMs?: number } = {},
  ) {}

  position(): number {
    return this.seen;
  }

  async waitFor(position: number): Promise<void> {
    const deadline = Date.now() + (this.options.timeoutMs ?? 10_000);
    let delay = 2;
    while ((this.seen = await this.lowest()) < position) {
      if (Date.now() > deadline) {
        throw new Error(
          `the projector has applied position ${this.seen}, not yet ${position}: the change is recorded; check that the projector process runs (npm run cli -- status shows how far behind it is)`,
        );
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, this.options.pollMs ?? 50);
    }
  }

  private async lowest(): Promise<number> {
    let min = Number.MAX_SAFE_INTEGER;
    for (const p of this.projections) min = Math.min(min, await this.readModel.checkpoint(p.name));
    return this.projections.length ? min : 0;
  }
}
