/**
 * Worker-thread entry of a parallel replay (parallel-replay.ts): runs one group (replay-group.ts)
 * and posts each transaction to the writer thread. `committed` (a SharedArrayBuffer the writer
 * sets after each commit) lets this thread block, without the event loop, until its transactions
 * are written: before a read of the store, and when more than `maxInFlight` wait for the writer
 * (so a slow writer bounds the memory held in messages).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ALL_PROJECTIONS } from '../projections';
import { GroupChannel, GroupSpec, runGroup } from './replay-group';

export interface WorkerData {
  spec: GroupSpec;
  committed: SharedArrayBuffer;
  maxInFlight: number;
}

/** Messages a replay worker posts to the writer. */
export type WorkerMessage =
  | { kind: 'tx'; seq: number; tx: import('./replay-group').GroupTransaction }
  | { kind: 'done'; result: import('./replay-group').GroupResult; waitedMs: number; ms: number }
  | { kind: 'error'; message: string; stack?: string };

function main(): void {
  const { spec, committed: shared, maxInFlight } = workerData as WorkerData;
  const port = parentPort!;
  const committed = new Int32Array(shared);
  let seq = 0;
  let waitedMs = 0;
  const waitFor = (target: number) => {
    let c = Atomics.load(committed, 0);
    if (c >= target) return;
    const started = performance.now();
    while (c < target) {
      Atomics.wait(committed, 0, c);
      c = Atomics.load(committed, 0);
    }
    waitedMs += performance.now() - started;
  };
  const channel: GroupChannel = {
    async handOver(tx) {
      port.postMessage({ kind: 'tx', seq: ++seq, tx } satisfies WorkerMessage);
      waitFor(seq - maxInFlight);
      return seq;
    },
    committed: () => waitFor(seq),
    committedSeq: () => Atomics.load(committed, 0),
  };
  const byName = new Map(ALL_PROJECTIONS.map((p) => [p.name, p]));
  const projections = spec.projections.map((name) => {
    const p = byName.get(name);
    if (!p) throw new Error(`replay worker: no projection ${name}`);
    return p;
  });
  const started = performance.now();
  runGroup(spec, projections, channel).then(
    (result) => port.postMessage({ kind: 'done', result, waitedMs, ms: performance.now() - started } satisfies WorkerMessage),
    (err: unknown) => port.postMessage({ kind: 'error', message: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined } satisfies WorkerMessage),
  );
}

main();
