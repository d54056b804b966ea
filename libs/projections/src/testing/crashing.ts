import { Projection } from '../projection';
import { ALL_PROJECTIONS } from '../projections';

/** Every projection, dying at the first event from `killAt` on: a projector killed mid-batch. */
export const crashingProjections = (killAt: number): Projection[] =>
  ALL_PROJECTIONS.map((p) => ({
    ...p,
    apply: async (event, tx) => {
      if (event.position >= killAt) throw new Error('killed');
      return p.apply(event, tx);
    },
  }));
