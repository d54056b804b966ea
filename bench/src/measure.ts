/** What the phases share to measure: latencies, transaction counters and CPU profiles of a section. */
import * as fs from 'node:fs';
import { EventStore, adapterOf } from '@benefit/event-store';
import { ReadModelStore } from '@benefit/projections';
import { SectionProfiler, summarize } from './profile';
import { progress, round } from './util';

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
export const latencyOf = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return { p50: round(percentile(s, 0.5), 2), p99: round(percentile(s, 0.99), 2), max: round(s[s.length - 1] ?? 0, 2) };
};

/** Counts read-model transactions (projector commits) by wrapping the method on this instance only. */
export function countTransactions(readModel: ReadModelStore): { count: () => number; reset: () => void } {
  let n = 0;
  const original = readModel.transaction.bind(readModel);
  readModel.transaction = (work, checkpoints) => {
    n++;
    return original(work, checkpoints);
  };
  return { count: () => n, reset: () => (n = 0) };
}

/**
 * Counts the event store's write transactions (one per group-commit flush) by wrapping its private
 * `writeBatch` on this instance only; null when the adapter has no such method any more.
 */
export function countStoreCommits(opened: EventStore): { count: () => number | null; reset: () => void } {
  // the api reads through an upcasting store (libs/event-store upcasting.ts): count the adapter's commits under it
  const store = adapterOf(opened);
  const s = store as unknown as { writeBatch?: (...args: unknown[]) => unknown };
  if (typeof s.writeBatch !== 'function') return { count: () => null, reset: () => undefined };
  let n = 0;
  const original = s.writeBatch.bind(store);
  s.writeBatch = (...args: unknown[]) => {
    n++;
    return original(...args);
  };
  return { count: () => n, reset: () => (n = 0) };
}

/** Runs a timed section under the CPU profiler (with `--profile`), and prints the profile's summary. */
export type Profiled = <T>(name: string, work: () => Promise<T>) => Promise<T>;

export function profiledBy(profiler: SectionProfiler): Profiled {
  return async (name, work) => {
    await profiler.start();
    try {
      return await work();
    } finally {
      const file = await profiler.stop(name);
      if (file) progress(`profile of ${name}: ${file}\n${summarize(JSON.parse(fs.readFileSync(file, 'utf8')), 30)}`);
    }
  };
}
