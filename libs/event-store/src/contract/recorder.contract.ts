import { RecordedEvent } from '../event-store.port';
import { MAX_HANDLER_CALLS, waitFor } from './kit.contract';

/** Records every handler call of a subscription, for assertions and waiting. */
export class Recorder {
  readonly calls: { events: RecordedEvent[]; checkpoint: number }[] = [];

  readonly handler = async (events: RecordedEvent[], checkpoint: number): Promise<void> => {
    if (this.calls.length >= MAX_HANDLER_CALLS) throw new Error(`runaway subscription: ${MAX_HANDLER_CALLS} handler calls`);
    this.calls.push({ events: [...events], checkpoint });
  };

  get events(): RecordedEvent[] {
    return this.calls.flatMap((c) => c.events);
  }

  get lastCheckpoint(): number {
    return this.calls.length ? this.calls[this.calls.length - 1].checkpoint : -1;
  }

  until(what: string, condition: (r: Recorder) => boolean): Promise<void> {
    return waitFor(what, () => condition(this));
  }

  /**
   * Storing a checkpoint is only safe if every event up to it was delivered at or before that call:
   * each call's events lie after the previous checkpoint and at or before its own.
   */
  expectConsistentCheckpoints(after: number): void {
    let previous = after;
    for (const { events, checkpoint } of this.calls) {
      expect(checkpoint).toBeGreaterThanOrEqual(previous);
      for (const e of events) {
        expect(e.position).toBeGreaterThan(previous);
        expect(e.position).toBeLessThanOrEqual(checkpoint);
      }
      previous = checkpoint;
    }
  }
}
