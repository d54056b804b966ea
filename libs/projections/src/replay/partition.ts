/**
 * How the projections are split over the worker threads of a parallel replay: by projection, never
 * by person. The ledger decides a claim's month by the months settled before it in log order, and a
 * settlement sums the whole region's month, so a split by person would need the ledger to be merged
 * in log order again; a split by projection keeps each projection whole, with the only tables it
 * reads (persons → persons, claims → claims, ledger → ledger, settled_months, bed_days,
 * claim_ledger_months; the others read nothing back), so each group replays exactly as the
 * sequential Projector would.
 */
import { Projection } from '../projection';

/**
 * Relative cost of each projection, µs of one core per event of the bench's catch-up log: "each
 * projection alone" (docs/benchmarks.md, 2026-12-02 05:38) less the read+parse every group pays.
 * Only their ratios matter; a projection not listed weighs as the mean.
 */
export const PROJECTION_COST: Readonly<Record<string, number>> = {
  persons: 10.7,
  claims: 27.5,
  counters: 15,
  accounts: 17.5,
  ledger: 18,
  warnings: 7,
  'access-log': 1.9,
  reconciliation: 21.6,
};

/**
 * `projections` in at most `groups` non-empty groups of about equal cost (longest first, each to the
 * lightest group), each group in the order the projections were given: their order within a group
 * is the order they apply an event, as in the Projector.
 */
export function partitionProjections(projections: Projection[], groups: number, cost: Readonly<Record<string, number>> = PROJECTION_COST): Projection[][] {
  const n = Math.max(1, Math.min(Math.floor(groups), projections.length));
  const known = Object.values(cost);
  const mean = known.reduce((a, b) => a + b, 0) / Math.max(1, known.length);
  const weight = (p: Projection) => cost[p.name] ?? mean;
  const bins = Array.from({ length: n }, () => ({ load: 0, members: new Set<Projection>() }));
  for (const p of [...projections].sort((a, b) => weight(b) - weight(a))) {
    const lightest = bins.reduce((min, b) => (b.load < min.load ? b : min));
    lightest.load += weight(p);
    lightest.members.add(p);
  }
  return bins.map((b) => projections.filter((p) => b.members.has(p))).filter((g) => g.length > 0);
}
