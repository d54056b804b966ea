/**
 * `node dist/bench/src/rebuild-child.js <events.db> <read-model.db> <batchSize> [workers]`: rebuilds
 * every projection from the log into a fresh read model, in a process of its own, so that its peak
 * RSS (process.resourceUsage().maxRSS) is the rebuild's and not the bench's. Prints one JSON line.
 *
 * The rebuild timed for `rebuildEventsPerSec` is the parallel one (libs/projections/src/replay:
 * worker threads by projection, reading raw rows, one writer thread) with `workers` threads (default
 * every core but the writer's); then, each into a fresh file, the same on one core (in-process), with
 * a worker thread per core beside the writer, the sequential
 * Projector (the path before issue 13.3; its writer given the same page cache and checkpoint interval), and the parallel one with its writes discarded (what the
 * workers' side reaches alone). The peak RSS is taken right after the first, timed run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { SqliteEventStore } from '@benefit/event-store';
import { ALL_PROJECTIONS, Projector, ReplayResult, SqliteReadModel, defaultReplayWorkers, rebuildInParallel } from '@benefit/projections';

export interface RebuildChildOutput {
  events: number;
  batchSize: number;
  /** Worker threads of the timed rebuild (every core unless told). */
  workers: number;
  seconds: number;
  eventsPerSec: number;
  /** One core: the same partition, groups and writer in one thread (ReplayOptions.inProcess), one group. */
  oneCoreEventsPerSec: number;
  oneCoreSeconds: number;
  /** The same with `otherWorkers` worker threads: one per core (one fewer when `workers` is every core); null when that is none. */
  otherWorkers: number;
  otherWorkersEventsPerSec: number | null;
  cores: number;
  /** The sequential Projector.rebuild (one thread: reading, projecting and writing), its writer with the parallel replay's cache and checkpoint interval. */
  sequentialEventsPerSec: number;
  /** The parallel rebuild, every worker, its writer discarding what it gets: the workers' side alone. */
  writesDiscardedEventsPerSec: number;
  /** Events over the writer thread's busy time in the timed rebuild: what that one writer alone allows. */
  writerOnlyEventsPerSec: number;
  /** Per group of the timed rebuild: its projections, handled events, its thread's busy and waiting time. */
  groups: { projections: string[]; events: number; busyMs: number | null; waitedMs: number | null }[];
  oneCoreGroups: { projections: string[]; events: number; busyMs: number | null; waitedMs: number | null }[];
  writerBusyMs: number;
  /** Peak RSS of this process (MB): after the timed rebuild, and before it started. */
  maxRssMb: number;
  rssBeforeMb: number;
  /** Peak RSS over the whole child (the later runs included). */
  maxRssEndMb: number;
  heapUsedAfterMb: number;
  readModelBytes: number;
  /** Rows in each read-model table after the rebuild (counted after the timed part): what the rebuild wrote. */
  rowsByTable: Record<string, number>;
  /**
   * This log read back after the rebuild through the adapter's `readAllSync`, in pages of the same
   * size, with nothing projected: the rows alone, and with JSON.parse of every `data`.
   * A rebuild reads and parses every event it projects, so these bound it.
   */
  logReadRawEventsPerSec: number;
  logReadParseEventsPerSec: number;
}

/** Events per second reading the whole log through the adapter, as the projector pages it, optionally parsing each `data`. */
function readLog(store: SqliteEventStore, pageSize: number, parse: boolean): number {
  const started = process.hrtime.bigint();
  let after = 0;
  let read = 0;
  let checksum = 0;
  for (;;) {
    const page = store.readAllSync({ after, maxCount: pageSize });
    if (page.length === 0) break;
    for (const e of page) checksum += parse ? Object.keys(e.data as object).length : e.dataJson!.length;
    read += page.length;
    after = page[page.length - 1].position;
  }
  if (checksum === 0) throw new Error('read nothing back');
  return (read * 1e9) / Number(process.hrtime.bigint() - started);
}

const mb = (bytes: number) => bytes / 2 ** 20;
const groupsOf = (r: ReplayResult) => r.groups.map((g) => ({ projections: g.projections, events: g.events, busyMs: g.busyMs && Math.round(g.busyMs), waitedMs: g.waitedMs && Math.round(g.waitedMs) }));

function removeReadModel(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}

async function main(): Promise<void> {
  const [eventsFile, readModelFile, batch, threads] = process.argv.slice(2);
  const batchSize = Number(batch ?? 5000);
  const workers = Number(threads ?? defaultReplayWorkers());
  const cores = os.availableParallelism();
  const store = new SqliteEventStore({ filename: eventsFile });
  try {
    const head = await store.headPosition();
    const rssBeforeMb = mb(process.memoryUsage.rss());
    let lastReport = Date.now();
    const onProgress = (what: string) => (done: number, total: number) => {
      if (Date.now() - lastReport < 10_000) return;
      lastReport = Date.now();
      process.stderr.write(`[bench] rebuild ${what} (child ${process.pid}): ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} events, RSS ${Math.round(mb(process.memoryUsage.rss()))} MB\n`);
    };
    const say = (line: string) => process.stderr.write(`[bench] rebuild: ${line}\n`);
    /** One rebuild into a fresh read-model file; `keep` leaves the file for the counts below. */
    const timed = async (what: string, run: (readModel: SqliteReadModel) => Promise<ReplayResult | void>, keep = false) => {
      removeReadModel(readModelFile);
      const readModel = new SqliteReadModel(readModelFile);
      try {
        const started = process.hrtime.bigint();
        const result = await run(readModel);
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        say(`${what}: ${Math.round((head * 1000) / ms).toLocaleString('en-US')} events/s (${(ms / 1000).toFixed(1)} s)`);
        return { ms, result: result ?? null, readModel };
      } finally {
        if (!keep) await readModel.close();
      }
    };

    // untimed: the log read once, so that the first timed run does not pay for the page cache alone
    readLog(store, batchSize, false);
    const all = await timed(`${workers} worker threads`, (rm) => rebuildInParallel(eventsFile, rm, ALL_PROJECTIONS, head, undefined, { workers, batchSize, onProgress: onProgress(`${workers} workers`) }), true);
    const maxRssMb = process.resourceUsage().maxRSS / 1024; // kilobytes (getrusage)
    const readModel = all.readModel;
    const tables = readModel.writer.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all();
    const rowsByTable = Object.fromEntries(tables.map(({ name }) => [name, (readModel.writer.prepare(`SELECT count(*) AS n FROM ${name}`).get() as { n: number }).n]));
    const pages = readModel.writer.pragma('page_count', { simple: true }) as number;
    const pageSize = readModel.writer.pragma('page_size', { simple: true }) as number;
    const positions = readModel.writer.prepare<[], { position: number }>('SELECT position FROM checkpoints').all();
    if (positions.length !== ALL_PROJECTIONS.length || positions.some((p) => p.position !== head)) throw new Error(`rebuild left checkpoints ${JSON.stringify(positions)}, head ${head}`);
    await readModel.close();

    // one core: the same partition, group loop and writer, the groups one after another on this thread
    const one = await timed('one core (in this thread)', (rm) => rebuildInParallel(eventsFile, rm, ALL_PROJECTIONS, head, undefined, { workers: 1, inProcess: true, batchSize, onProgress: onProgress('one core') }));
    // the writer is a thread too: the same with a worker per core beside it (or one fewer, when told every core)
    const otherWorkers = workers === cores ? cores - 1 : cores;
    const other = otherWorkers >= 1 ? await timed(`${otherWorkers} worker thread(s) beside the writer`, (rm) => rebuildInParallel(eventsFile, rm, ALL_PROJECTIONS, head, undefined, { workers: otherWorkers, batchSize, onProgress: onProgress(`${otherWorkers} workers`) })) : null;
    const sequential = await timed('sequential Projector (with the replay writer\'s cache and checkpoint interval)', async (rm) => {
      // like for like: the writer pragmas the parallel replay sets (ReplayOptions.writerCacheMb, walAutocheckpointPages)
      rm.writer.pragma('cache_size = -65536');
      rm.writer.pragma('wal_autocheckpoint = 16384');
      const projector = new Projector(store, rm, ALL_PROJECTIONS, { batchSize, onProgress: onProgress('sequential') });
      await projector.rebuild();
      if (projector.position() !== head) throw new Error(`rebuild stopped at ${projector.position()} of ${head}`);
    });
    const discarded = await timed(`${workers} worker threads, writes discarded`, (rm) => rebuildInParallel(eventsFile, rm, ALL_PROJECTIONS, head, undefined, { workers, batchSize, discardWrites: true }));
    removeReadModel(readModelFile);
    const allResult = all.result as ReplayResult;
    const out: RebuildChildOutput = {
      events: head,
      batchSize,
      workers,
      seconds: all.ms / 1000,
      eventsPerSec: (head * 1000) / all.ms,
      oneCoreEventsPerSec: (head * 1000) / one.ms,
      oneCoreSeconds: one.ms / 1000,
      otherWorkers,
      otherWorkersEventsPerSec: other && (head * 1000) / other.ms,
      cores,
      sequentialEventsPerSec: (head * 1000) / sequential.ms,
      writesDiscardedEventsPerSec: (head * 1000) / discarded.ms,
      writerOnlyEventsPerSec: (head * 1000) / allResult.writerBusyMs,
      groups: groupsOf(allResult),
      oneCoreGroups: groupsOf(one.result as ReplayResult),
      writerBusyMs: Math.round(allResult.writerBusyMs),
      maxRssMb,
      rssBeforeMb,
      maxRssEndMb: process.resourceUsage().maxRSS / 1024,
      heapUsedAfterMb: mb(process.memoryUsage().heapUsed),
      readModelBytes: pages * pageSize,
      rowsByTable,
      logReadRawEventsPerSec: readLog(store, batchSize, false),
      logReadParseEventsPerSec: readLog(store, batchSize, true),
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    await store.close();
  }
}

main().catch((err) => {
  process.stderr.write(`rebuild child failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
