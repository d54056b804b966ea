/** How much each phase measures: the default run, `--quick` and `--full`. */
import { Args } from './options';

export interface Sizes {
  rawBatchRows: number;
  rawCommitRows: number;
  persons: number;
  inFlight: number;
  busWarmup: number;
  busClaims: number;
  httpClients: number;
  httpWarmup: number;
  httpClaims: number;
  historyShort: number;
  historyLong: number;
  historyMeasured: number;
  /** The large generated log: persons × (registration + resident-id key + 12 credits + 1 payment + claims × (claim + claim-id key)). */
  largeLogPersons: number;
  largeLogClaimsPerPerson: number;
  /** Persons whose events are interleaved month by month. */
  largeLogGroup: number;
  /** Events per read-model transaction in the rebuild (what `npm run cli -- rebuild` uses). */
  rebuildBatchSize: number;
}

const DEFAULT_SIZES: Sizes = {
  rawBatchRows: 50_000,
  rawCommitRows: 5_000,
  persons: 2_000,
  inFlight: 64,
  busWarmup: 1_000,
  busClaims: 15_000,
  httpClients: 16,
  httpWarmup: 500,
  httpClaims: 5_000,
  historyShort: 10,
  historyLong: 1_000,
  historyMeasured: 300,
  // 16,000 × 25 = 400,000 events, 80,000 claims: about a minute of the default run
  largeLogPersons: 16_000,
  largeLogClaimsPerPerson: 5,
  largeLogGroup: 2_000,
  rebuildBatchSize: 5_000,
};

/** `--full`: the default sizes, and a large log of 200,000 × 25 = 5,000,000 events with 1,000,000 claims. */
const FULL_SIZES: Sizes = { ...DEFAULT_SIZES, largeLogPersons: 200_000 };

const QUICK_SIZES: Sizes = {
  rawBatchRows: 10_000,
  rawCommitRows: 1_000,
  persons: 300,
  inFlight: 64,
  busWarmup: 200,
  busClaims: 1_500,
  httpClients: 16,
  httpWarmup: 100,
  httpClaims: 600,
  historyShort: 10,
  historyLong: 1_000,
  historyMeasured: 60,
  largeLogPersons: 1_000,
  largeLogClaimsPerPerson: 5,
  largeLogGroup: 500,
  rebuildBatchSize: 5_000,
};

export const sizesFor = (args: Args): Sizes => (args.quick ? QUICK_SIZES : args.full ? FULL_SIZES : DEFAULT_SIZES);

/** Events per person of the large log: registration, resident-id key, 12 credits, 1 payment, and claim + key per claim. */
export const eventsPerLargeLogPerson = (sizes: Sizes) => 2 + 12 + 1 + 2 * sizes.largeLogClaimsPerPerson;
