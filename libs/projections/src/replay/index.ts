export { PROJECTION_COST, partitionProjections } from './partition';
export { defaultReplayWorkers, rebuildInParallel, replayInParallel } from './parallel-replay';
export type { ReplayOptions, ReplayResult } from './parallel-replay';
