/**
 * Replay that uses the machine (issue 13.3): a rebuild or catch-up of the SQLite read model from
 * the SQLite log, split over worker threads BY PROJECTION (partition.ts says why not by person),
 * with ONE writer: this thread. Each worker reads the raw rows of the log itself on its own
 * read-only connection (only the types its projections handle), applies its projections to a
 * BatchTx that gathers the rows in memory, and posts each transaction's gathered batches here;
 * this thread writes them with the group's checkpoints in one read-model transaction (those of
 * several groups together when they wait at once: a group commit).
 *
 * Why one writer: SQLite takes one writer at a time per file, and connections that wait for it
 * wait in its busy handler, which sleeps 1–100 ms; a single writer never waits and keeps every
 * transaction as the Projector's (rows and checkpoints together, all or nothing), so a crash
 * leaves each projection at a checkpoint it can be caught up from.
 *
 * The result is the sequential Projector's read model, row for row (parallel-replay.spec.ts).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Projection } from '../projection';
import { Batch } from '../engine/batch';
import { BatchTx } from '../engine/batch-tx';
import { ReadModelTx } from '../read-model';
import { SqliteReadModel } from '../sqlite/sqlite-read-model';
import { partitionProjections } from './partition';
import { GroupChannel, GroupResult, GroupSpec, GroupTransaction, runGroup } from './replay-group';
import type { WorkerData, WorkerMessage } from './replay-worker';

export interface ReplayOptions {
  /** Worker threads (groups of projections); default defaultReplayWorkers(): every core but the writer's. */
  workers?: number;
  /** Handled events per transaction of a group; default 5,000 (the CLI's rebuild batch). */
  batchSize?: number;
  /** Position every group has reached (the lowest), and the head. */
  onProgress?: (position: number, head: number) => void;
  /**
   * Run the groups one after the other in this thread (no worker threads), through the same
   * partition, group loop and writer: where a worker cannot load its entry file (ts-jest).
   */
  inProcess?: boolean;
  /** The worker entry; default the compiled replay-worker.js beside this file. */
  workerFile?: string;
  /** Upcast each event to its current schema (the domain's registry), as the service reads; default true. */
  upcast?: boolean;
  /** Transactions a worker may post ahead of the writer's commits; default 2. */
  maxInFlight?: number;
  /** Each worker's young generation (MB; V8's semi-spaces are a third of it each): default 48, so that a page's objects die young. */
  youngGenerationMb?: number;
  /**
   * Each worker's old generation (MB): default 192. A worker holds one page of rows and one batch;
   * without a bound V8 lets each thread's heap grow far past that before collecting.
   */
  oldGenerationMb?: number;
  /**
   * The writer connection's page cache during the replay, MB: default 64 (SQLite's default is 2).
   * A transaction of 5,000 events dirties more pages than 2 MB: they spill before the commit and are
   * read back; the cache is set back after the replay.
   */
  writerCacheMb?: number;
  /**
   * WAL pages after which a commit checkpoints, during the replay: default 16,384 (64 MB; SQLite's
   * default is 1,000). Each checkpoint copies the WAL into the file and syncs it; hot pages (balances,
   * counters, ledger) are copied once per checkpoint instead of once per 4 MB. Set back after.
   */
  walAutocheckpointPages?: number;
  /**
   * Measurement only: the writer commits nothing (no row, no checkpoint). What the replay would
   * reach with a writer that costs nothing: the workers' side alone.
   */
  discardWrites?: boolean;
}

export interface ReplayResult {
  /** The log's head when the replay started: every replayed projection's checkpoint now. */
  head: number;
  groups: { projections: string[]; events: number; transactions: number; busyMs: number | null; waitedMs: number | null }[];
  ms: number;
  /** Time this thread spent writing (the transactions, from BEGIN to COMMIT). */
  writerBusyMs: number;
}

/**
 * Every core but the writer's. The writer is a thread too, and the busiest (SQLite's inserts and
 * commits); on 2 cores, 1 worker beside it beat 2 (40.8k against 34.6k events/s on a quiet machine,
 * each group rereading the log costs CPU that the writer then waits for) and held less memory
 * (each worker is a V8 heap of its own): docs/benchmarks.md, "Replay over worker threads".
 */
export const defaultReplayWorkers = (): number => Math.max(1, os.availableParallelism() - 1);

/** A worker's gathered batch written by the engine, as the store writes its own. */
async function writePart(tx: ReadModelTx, part: Batch): Promise<void> {
  if (!(tx instanceof BatchTx)) throw new Error('invariant: the replay writer writes through the batching engine (BatchTx)');
  await tx.write(part);
}

/** The single writer: what the groups post, written with each group's checkpoints, never more than one transaction at a time. */
class Writer {
  busyMs = 0;
  private readonly checkpoints: Map<string, number>[];

  constructor(
    private readonly readModel: SqliteReadModel,
    groups: Projection[][],
    start: Record<string, number>,
    private readonly discard: boolean,
  ) {
    this.checkpoints = groups.map((g) => new Map(g.map((p) => [p.name, start[p.name] ?? 0])));
  }

  /**
   * Writes the transactions of one or more groups in one read-model transaction (a group commit:
   * what the workers posted while the previous commit ran), each group's checkpoints with its rows.
   */
  async write(ts: GroupTransaction[]): Promise<void> {
    const started = performance.now();
    const after = this.checkpoints.map((m) => new Map(m));
    for (const t of ts) for (const [name, cp] of after[t.group]) after[t.group].set(name, Math.max(cp, t.position));
    if (!this.discard) {
      const written = new Map<string, number>();
      for (const t of ts) for (const [name, cp] of after[t.group]) written.set(name, cp);
      await this.readModel.transaction(async (tx) => {
        for (const t of ts) for (const part of t.parts) await writePart(tx, part);
      }, written);
    }
    this.checkpoints.splice(0, this.checkpoints.length, ...after);
    this.busyMs += performance.now() - started;
  }

  /** The lowest checkpoint of every replayed projection. */
  position(): number {
    return Math.min(...this.checkpoints.flatMap((m) => [...m.values()]));
  }
}

/** The SQLite file under a read model (a parallel replay opens it from other threads). */
function fileOf(readModel: SqliteReadModel): string {
  const file = readModel.writer.name;
  if (!file || file === ':memory:') throw new Error('a parallel replay needs a read model in a file (worker threads open it too)');
  return file;
}

/**
 * Catches `projections` up from their checkpoints to the log's head as it is now, in
 * `options.workers` groups. The caller owns both stores and must be the read model's only writer.
 */
export async function replayInParallel(eventsFile: string, readModel: SqliteReadModel, projections: Projection[], head: number, options: ReplayOptions = {}): Promise<ReplayResult> {
  const started = performance.now();
  const groups = partitionProjections(projections, options.workers ?? defaultReplayWorkers());
  const checkpoints: Record<string, number> = {};
  for (const p of projections) checkpoints[p.name] = readModel.checkpointSync(p.name);
  const writer = new Writer(readModel, groups, checkpoints, options.discardWrites ?? false);
  const specs: GroupSpec[] = groups.map((g, group) => ({
    group,
    eventsFile,
    readModelFile: fileOf(readModel),
    projections: g.map((p) => p.name),
    checkpoints,
    head,
    batchSize: options.batchSize ?? 5000,
    upcast: options.upcast ?? true,
  }));
  const progress = () => options.onProgress?.(writer.position(), head);
  const restore = tuneWriter(readModel, options);
  try {
    return await replayGroups(specs, groups, writer, options, progress, head, started);
  } finally {
    restore();
  }
}

/** The writer connection's cache and checkpoint interval for the replay; returns what sets them back. */
function tuneWriter(readModel: SqliteReadModel, options: ReplayOptions): () => void {
  const db = readModel.writer;
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  const autocheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma(`cache_size = ${-Math.round((options.writerCacheMb ?? 64) * 1024)}`);
  db.pragma(`wal_autocheckpoint = ${Math.round(options.walAutocheckpointPages ?? 16_384)}`);
  return () => {
    if (!db.open) return;
    db.pragma(`cache_size = ${cacheSize}`);
    db.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
  };
}

async function replayGroups(specs: GroupSpec[], groups: Projection[][], writer: Writer, options: ReplayOptions, progress: () => void, head: number, started: number): Promise<ReplayResult> {
  let results: { result: GroupResult; busyMs: number | null; waitedMs: number | null }[];
  if (options.inProcess) {
    results = [];
    for (const spec of specs) {
      let seq = 0;
      const channel: GroupChannel = {
        handOver: async (t) => {
          await writer.write([t]);
          progress();
          return ++seq;
        },
        // written before handOver returned
        committed: () => undefined,
        committedSeq: () => seq,
      };
      results.push({ result: await runGroup(spec, groups[spec.group], channel), busyMs: null, waitedMs: null });
    }
  } else {
    results = await inWorkers(specs, writer, options, progress);
  }
  const position = writer.position();
  if (!options.discardWrites && position !== head) throw new Error(`invariant: the replay stopped at ${position} of ${head}`);
  return {
    head,
    groups: results.map(({ result, busyMs, waitedMs }) => ({ projections: specs[result.group].projections, events: result.events, transactions: result.transactions, busyMs, waitedMs })),
    ms: performance.now() - started,
    writerBusyMs: writer.busyMs,
  };
}

/** One worker thread per group; this thread writes what they post, one transaction at a time, in arrival order. */
function inWorkers(specs: GroupSpec[], writer: Writer, options: ReplayOptions, progress: () => void) {
  const file = options.workerFile ?? path.join(__dirname, 'replay-worker.js');
  const workers: Worker[] = [];
  let writing = Promise.resolve();
  let failed = false;
  /** Posted, not yet written: the next write takes them all. */
  const queued: { tx: GroupTransaction; seq: number; committed: Int32Array }[] = [];
  return new Promise<{ result: GroupResult; busyMs: number; waitedMs: number }[]>((resolve, reject) => {
    const done: { result: GroupResult; busyMs: number; waitedMs: number }[] = [];
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      for (const w of workers) void w.terminate();
      reject(err);
    };
    for (const spec of specs) {
      const committed = new Int32Array(new SharedArrayBuffer(4));
      const data: WorkerData = { spec, committed: committed.buffer as SharedArrayBuffer, maxInFlight: options.maxInFlight ?? 2 };
      const worker = new Worker(file, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: options.youngGenerationMb ?? 48, maxOldGenerationSizeMb: options.oldGenerationMb ?? 192 } });
      workers.push(worker);
      worker.on('message', (m: WorkerMessage) => {
        if (m.kind === 'tx') {
          queued.push({ tx: m.tx, seq: m.seq, committed });
          writing = writing.then(async () => {
            if (failed || queued.length === 0) return;
            const batch = queued.splice(0, queued.length);
            await writer.write(batch.map((q) => q.tx));
            for (const q of batch) {
              Atomics.store(q.committed, 0, q.seq);
              Atomics.notify(q.committed, 0);
            }
            progress();
          });
          writing.catch((err: Error) => fail(err));
        } else if (m.kind === 'done') {
          // every transaction it posted came before this message: written once the queue drains
          writing = writing.then(() => {
            done.push({ result: m.result, busyMs: m.ms - m.waitedMs, waitedMs: m.waitedMs });
            if (done.length === specs.length) resolve(done.sort((a, b) => a.result.group - b.result.group));
          });
        } else {
          const err = new Error(`replay worker (${spec.projections.join(', ')}): ${m.message}`);
          if (m.stack) err.stack = m.stack;
          fail(err);
        }
      });
      worker.once('error', (err) => fail(err));
      worker.once('exit', (code) => {
        if (code !== 0) fail(new Error(`replay worker (${spec.projections.join(', ')}) exited with ${code}`));
      });
    }
  }).finally(() => Promise.all(workers.map((w) => w.terminate())));
}

/**
 * Drops the named projections (all of `projections` when none named) and replays them from the
 * start of the log in parallel: Projector.rebuild's result, using every core.
 */
export async function rebuildInParallel(eventsFile: string, readModel: SqliteReadModel, projections: Projection[], head: number, names?: string[], options: ReplayOptions = {}): Promise<ReplayResult> {
  const chosen = names ? projections.filter((p) => names.includes(p.name)) : projections;
  for (const p of chosen) await readModel.reset(p.name, p.tables);
  return replayInParallel(eventsFile, readModel, chosen, head, options);
}
