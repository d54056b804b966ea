/**
 * Phase `catchUp`: every projection rebuilt from the log the shared app wrote, into a fresh read
 * model: `catchUpEventsPerSec` is the parallel replay over every core (libs/projections/src/replay),
 * with one worker and the sequential Projector.catchUp (what the live service runs) beside it, and
 * its bound from the same run: this log read through the adapter with each data parsed.
 */
import * as path from 'node:path';
import { SqliteEventStore } from '@benefit/event-store';
import * as os from 'node:os';
import { ALL_PROJECTIONS, Projection, Projector, SqliteReadModel, defaultReplayWorkers, replayInParallel } from '@benefit/projections';
import { Measured } from '../figures';
import { Profiled } from '../measure';
import { nowMs, perSec, progress, round } from '../util';

/** After the shared app was closed: `eventsFile` is its log, `dataDir` takes the read models. */
export async function measureCatchUpPhase(eventsFile: string, dataDir: string, profiled: Profiled): Promise<Measured> {
  const result = await measureCatchUp(eventsFile, dataDir, profiled);
  return { figures: { catchUpEventsPerSec: result.eventsPerSec, catchUpLogReadParseEventsPerSec: result.readParsePerSec }, details: { catchUp: result.details } };
}

/** Rebuilds every projection from the log written above into a fresh read model, and each one alone. */
async function measureCatchUp(eventsFile: string, dataDir: string, profiled: Profiled) {
  const store = new SqliteEventStore({ filename: eventsFile });
  try {
    const head = await store.headPosition();
    // the adapter's own read path (readAll pages of 2,000 + JSON.parse), after one pass that warms the page cache
    const readAll = (parse: boolean) => {
      let after = 0;
      let n = 0;
      let keys = 0;
      for (;;) {
        const page = store.readAllSync({ after, maxCount: 2_000 });
        if (page.length === 0) break;
        if (parse) for (const e of page) keys += Object.keys(e.data as object).length;
        n += page.length;
        after = page[page.length - 1].position;
      }
      if (parse && keys === 0) throw new Error('parsed nothing');
      return n;
    };
    readAll(false);
    let t0 = nowMs();
    const readCount = readAll(false);
    const readOnlyPerSec = perSec(readCount, nowMs() - t0);
    t0 = nowMs();
    const readParsePerSec = perSec(readAll(true), nowMs() - t0);
    // plain SQL + JSON.parse of data and metadata over this log (no RecordedEvent objects): every
    // event, then only the types some projection handles (SQL filter on type)
    const handled = [...new Set(ALL_PROJECTIONS.flatMap((p) => [...p.handles]))];
    const rawPass = (sql: string, params: unknown[]) => {
      const stmt = store.db.prepare(sql);
      const started = nowMs();
      let after = 0;
      for (;;) {
        const page = stmt.all(after, ...params, 2_000) as { position: number; data: string; metadata: string }[];
        if (page.length === 0) break;
        for (const r of page) {
          JSON.parse(r.data);
          JSON.parse(r.metadata);
        }
        after = page[page.length - 1].position;
      }
      return perSec(head, nowMs() - started);
    };
    const rawAllPerSec = rawPass('SELECT * FROM events WHERE position > ? ORDER BY position ASC LIMIT ?', []);
    const handledOnlyPerSec = rawPass(`SELECT * FROM events WHERE position > ? AND type IN (${handled.map(() => '?').join(',')}) ORDER BY position ASC LIMIT ?`, handled);
    const avgDataBytes = (store.db.prepare('SELECT avg(length(CAST(data AS BLOB))) AS b FROM events').get() as { b: number }).b;
    const byType = store.db
      .prepare('SELECT type, count(*) AS n, avg(length(CAST(data AS BLOB))) AS b FROM events GROUP BY type ORDER BY n DESC')
      .all() as { type: string; n: number; b: number }[];

    const rebuild = async (projections: Projection[], file: string) => {
      const readModel = new SqliteReadModel(path.join(dataDir, file));
      try {
        const projector = new Projector(store, readModel, projections);
        const started = nowMs();
        await projector.catchUp();
        const ms = nowMs() - started;
        if (projector.position() !== head) throw new Error(`catch-up stopped at ${projector.position()} of ${head}`);
        return ms;
      } finally {
        await readModel.close();
      }
    };
    /** The parallel replay of every projection into a fresh file, over `workers` threads. */
    const parallel = async (workers: number, file: string, inProcess = false) => {
      const readModel = new SqliteReadModel(path.join(dataDir, file));
      try {
        const started = nowMs();
        const result = await replayInParallel(eventsFile, readModel, ALL_PROJECTIONS, head, { workers, batchSize: 2_000, inProcess });
        return { ms: nowMs() - started, writerBusyMs: result.writerBusyMs };
      } finally {
        await readModel.close();
      }
    };
    const cores = os.availableParallelism();
    const workers = defaultReplayWorkers();
    progress(`catch-up: replaying all ${ALL_PROJECTIONS.length} projections from ${head} events into a fresh read model over ${workers} worker thread(s) and the writer (${cores} cores), then on one core, then the sequential Projector`);
    const all = await profiled('catchUp', () => parallel(workers, 'replay-all.db'));
    const eventsPerSec = perSec(head, all.ms);
    const oneCorePerSec = perSec(head, (await parallel(1, 'replay-one.db', true)).ms);
    const sequentialPerSec = perSec(head, await rebuild(ALL_PROJECTIONS, 'rebuild-all.db'));
    progress(
      `catch-up: ${Math.round(eventsPerSec)} events/s over ${workers} worker thread(s) and the writer (${(all.ms / 1000).toFixed(2)} s; the writer thread alone ${Math.round(perSec(head, all.writerBusyMs))} events/s), ` +
        `${Math.round(oneCorePerSec)} on one core, ${Math.round(sequentialPerSec)} sequential (Projector.catchUp); bound: the adapter's read + parse ${Math.round(readParsePerSec)} events/s (0.6× = ${Math.round(0.6 * readParsePerSec)}), read alone ${Math.round(readOnlyPerSec)}`,
    );
    const alone: Record<string, number> = {};
    for (const p of ALL_PROJECTIONS) alone[p.name] = round(perSec(head, await rebuild([p], `rebuild-${p.name}.db`)));
    progress(`catch-up, each projection alone (events/s): ${JSON.stringify(alone)}`);
    return {
      eventsPerSec,
      readParsePerSec,
      details: {
        events: head,
        seconds: round(all.ms / 1000, 2),
        workers,
        cores,
        oneCoreEventsPerSec: round(oneCorePerSec),
        sequentialEventsPerSec: round(sequentialPerSec),
        writerOnlyEventsPerSec: round(perSec(head, all.writerBusyMs)),
        eventsByType: Object.fromEntries(byType.map((r) => [r.type, r.n])),
        avgDataBytesByType: Object.fromEntries(byType.map((r) => [r.type, round(r.b)])),
        avgEventDataBytes: round(avgDataBytes),
        /** The adapter's readAll pages with nothing parsed (named so before issue 13.3), and with every data parsed (the bound). */
        adapterReadParseEventsPerSec: round(readOnlyPerSec),
        adapterReadAndParseDataEventsPerSec: round(readParsePerSec),
        /** Plain SQL + JSON.parse of every event of this log, without building RecordedEvent objects. */
        rawReadParseEventsPerSec: round(rawAllPerSec),
        /** The same when only the types some projection handles are read (WHERE type IN …); log events per second. */
        readParseHandledTypesOnlyEventsPerSec: round(handledOnlyPerSec),
        eachProjectionAloneEventsPerSec: alone,
      },
    };
  } finally {
    await store.close();
  }
}
