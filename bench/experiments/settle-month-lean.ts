/**
 * `node dist/bench/experiments/settle-month-lean.js [--persons N]`: the leanest month-end imaginable
 * beside the real SettleMonth job, interleaved on one log (issue 13.4, "blocked means proven").
 * Not part of `npm run bench`.
 *
 * One log of N Nanchong employees (default 40,000) with 2.5 claims each, written and projected
 * untimed (the settleMonth phase's writeMonth). Then four months settled in turn, real, lean,
 * real, lean (2023-03…06: each person's stream grows by one credit per month, alike for both):
 * - real: `settleMonth` as the api runs it (decide everyone first, then record chunks of 1,000,
 *   each person's stream read through the adapter's readStream, close, projections caught up);
 * - lean: ONE pass, no decide-everyone pass (so a refusal half-way would leave chunks written —
 *   the guarantee the real path keeps), each chunk's streams read in ONE SQL query
 *   (`stream_id IN (…)`, raw rows, JSON.parse of data only), folded, decided, appended with
 *   `appendMulti` (no job record), then the close and the projections as the real path.
 * Each side reports persons/s and where its time goes (read+parse, fold+decide, append, close+views).
 */
import * as path from 'node:path';
import { CommandMeta, CommandRunner, PersonEvent, monthEndDecider, personFold, personStream, settlementDecider } from '@benefit/domain';
import { SqliteEventStore, StreamWrite } from '@benefit/event-store';
import { ALL_PROJECTIONS, Projector, SqliteQueries, SqliteReadModel } from '@benefit/projections';
import { Month } from '@benefit/shared';
import { addPersonMonth, noTotals, settleMonth } from '@benefit/workflows';
import { WRITTEN_UNDER } from '../src/large-log';
import { writeMonth } from '../src/phases/settle-month';
import { nowMs, perSec, progress, removeDir, round, tempDir } from '../src/util';

const META: CommandMeta = { actor: 'system:bench', correlationId: 'settle-month-lean' };
const CHUNK = 1_000;

type Split = Record<'readParse' | 'foldDecide' | 'append' | 'closeViews', number>;

/** The lean month-end: one query per chunk, one fold per person, one append per chunk. */
async function leanSettle(store: SqliteEventStore, projector: Projector, runner: CommandRunner, ids: string[], month: Month): Promise<Split> {
  const split: Split = { readParse: 0, foldDecide: 0, append: 0, closeViews: 0 };
  let totals = noTotals();
  for (let from = 0; from < ids.length; from += CHUNK) {
    const chunk = ids.slice(from, from + CHUNK);
    let t = nowMs();
    const rows = store.db
      .prepare(`SELECT stream_id, revision, type, data FROM events WHERE stream_id IN (${chunk.map(() => '?').join(',')}) ORDER BY stream_id, revision`)
      .raw()
      .all(...chunk.map(personStream)) as [string, number, string, string][];
    const byStream = new Map<string, { type: string; data: unknown; revision: number }[]>();
    for (const [streamId, revision, type, data] of rows) {
      let list = byStream.get(streamId);
      if (!list) byStream.set(streamId, (list = []));
      list.push({ type, data: JSON.parse(data), revision });
    }
    split.readParse += nowMs() - t;
    t = nowMs();
    const writes: StreamWrite[] = [];
    for (const personId of chunk) {
      const events = byStream.get(personStream(personId)) ?? [];
      let state = personFold.initialState();
      for (const e of events) state = personFold.evolve(state, e as PersonEvent);
      const decided = monthEndDecider.decide({ type: 'CloseMonth', data: { personId, month, settledBefore: [] } }, state, WRITTEN_UNDER);
      if (decided.length) writes.push({ streamId: personStream(personId), events: decided.map((e) => ({ ...e, metadata: META })), expected: events[events.length - 1].revision });
      totals = addPersonMonth(totals, decided.reduce(personFold.evolve, state), month);
    }
    split.foldDecide += nowMs() - t;
    t = nowMs();
    await store.appendMulti(writes);
    split.append += nowMs() - t;
  }
  const t = nowMs();
  const closed = await runner.handle(settlementDecider, { type: 'SettleMonth', data: { regionCode: 'nanchong', month, ...totals, settledOn: '2023-07-02' } }, undefined, META);
  await projector.waitFor(closed.position!);
  split.closeViews += nowMs() - t;
  return split;
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--persons');
  const persons = i > 0 ? Number(process.argv[i + 1]) : 40_000;
  const dir = tempDir('settle-month-lean');
  const store = new SqliteEventStore({ filename: path.join(dir, 'events.db') });
  const readModel = new SqliteReadModel(path.join(dir, 'readmodel.db'));
  const projector = new Projector(store, readModel, ALL_PROJECTIONS);
  const runner = new CommandRunner(store);
  try {
    progress(`lean month-end: writing ${persons} persons with ${persons * 2.5} claims (untimed)`);
    await writeMonth(store, projector, persons, Math.round(persons * 2.5));
    const queries = new SqliteQueries(readModel);
    const ids = [...(await queries.personIdsInRegion('nanchong'))].sort();
    const ports = { commands: runner, log: store, views: projector, queries, parameters: { current: async () => WRITTEN_UNDER }, clock: { now: () => new Date('2023-07-02T02:00:00.000Z') }, logger: { info: () => undefined } };
    const results: Record<string, unknown>[] = [];
    for (const [side, month] of [['real', '2023-03'], ['lean', '2023-04'], ['real', '2023-05'], ['lean', '2023-06']] as const) {
      const cpu0 = process.cpuUsage();
      const started = nowMs();
      const split = side === 'real' ? await settleMonth(ports, 'nanchong', month, META).then(() => null) : await leanSettle(store, projector, runner, ids, month);
      const ms = nowMs() - started;
      const cpu = process.cpuUsage(cpu0);
      const row = { side, month, personsPerSec: round(perSec(persons, ms)), seconds: round(ms / 1000, 2), cpuUsPerPerson: round((cpu.user + cpu.system) / persons, 1), ...(split ? { splitSeconds: Object.fromEntries(Object.entries(split).map(([k, v]) => [k, round(v / 1000, 2)])) } : {}) };
      progress(JSON.stringify(row));
      results.push(row);
    }
    process.stdout.write(`${JSON.stringify({ persons, results })}\n`);
  } finally {
    await projector.stop();
    await readModel.close();
    await store.close();
    removeDir(dir);
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
