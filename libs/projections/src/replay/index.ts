export { PROJECTION_COST, partitionProjections } from './partition';
export { rebuildInParallel, replayInParallel } from './parallel-replay';
export type { ReplayOptions, ReplayResult } from './parallel-replay';
