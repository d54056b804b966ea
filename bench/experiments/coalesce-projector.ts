import { Projector } from '@benefit/projections';

/**
 * Experiment (`--experiment coalesce-projector`, not part of the reported figures): a waiter that
 * finds the projector idle starts the catch-up on the next turn of the event loop (setImmediate)
 * instead of at once, so that requests finishing in the same turn share one read-model
 * transaction. Patches this instance only; the library code is unchanged.
 */
export function coalesceProjector(projector: Projector): void {
  const p = projector as unknown as { running: Promise<void> | null };
  projector.waitFor = async (position: number) => {
    while (projector.position() < position) {
      if (!p.running) p.running = new Promise<void>((r) => setImmediate(r)).then(() => projector.catchUp()).finally(() => (p.running = null));
      await p.running;
    }
  };
}
