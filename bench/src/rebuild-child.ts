/**
 * `node dist/bench/src/rebuild-child.js <events.db> <read-model.db> <batchSize>`: rebuilds every
 * projection from the log into a fresh read model, in a process of its own, so that its peak RSS
 * (process.resourceUsage().maxRSS) is the rebuild's and not the bench's. Prints one JSON line.
 */
import { SqliteEventStore } from '@benefit/event-store';
import { ALL_PROJECTIONS, Projector, SqliteReadModel } from '@benefit/projections';

export interface RebuildChildOutput {
  events: number;
  batchSize: number;
  seconds: number;
  eventsPerSec: number;
  /** Peak RSS of this process over its whole life (MB), and before the rebuild started. */
  maxRssMb: number;
  rssBeforeMb: number;
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

async function main(): Promise<void> {
  const [eventsFile, readModelFile, batch] = process.argv.slice(2);
  const batchSize = Number(batch ?? 5000);
  const store = new SqliteEventStore({ filename: eventsFile });
  const readModel = new SqliteReadModel(readModelFile);
  try {
    const head = await store.headPosition();
    const rssBeforeMb = process.memoryUsage.rss() / 2 ** 20;
    let lastReport = Date.now();
    const projector = new Projector(store, readModel, ALL_PROJECTIONS, {
      batchSize,
      onProgress: (done, total) => {
        if (Date.now() - lastReport < 10_000) return;
        lastReport = Date.now();
        process.stderr.write(`[bench] rebuild (child ${process.pid}): ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} events, RSS ${Math.round(process.memoryUsage.rss() / 2 ** 20)} MB\n`);
      },
    });
    const started = process.hrtime.bigint();
    await projector.rebuild();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (projector.position() !== head) throw new Error(`rebuild stopped at ${projector.position()} of ${head}`);
    const tables = readModel.writer.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all();
    const rowsByTable = Object.fromEntries(tables.map(({ name }) => [name, (readModel.writer.prepare(`SELECT count(*) AS n FROM ${name}`).get() as { n: number }).n]));
    const pages = readModel.writer.pragma('page_count', { simple: true }) as number;
    const pageSize = readModel.writer.pragma('page_size', { simple: true }) as number;
    const out: RebuildChildOutput = {
      events: head,
      batchSize,
      seconds: ms / 1000,
      eventsPerSec: (head * 1000) / ms,
      // maxRSS is in kilobytes (getrusage)
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      rssBeforeMb,
      heapUsedAfterMb: process.memoryUsage().heapUsed / 2 ** 20,
      readModelBytes: pages * pageSize,
      rowsByTable,
      logReadRawEventsPerSec: readLog(store, batchSize, false),
      logReadParseEventsPerSec: readLog(store, batchSize, true),
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    await readModel.close();
    await store.close();
  }
}

main().catch((err) => {
  process.stderr.write(`rebuild child failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
