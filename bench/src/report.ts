/** The human-readable table: each figure beside its target and the raw ceiling it relates to. */
import type { Report } from './figures';

const fmt = (v: number | null | undefined, unit = '/s'): string => (v === null || v === undefined ? '—' : `${Math.round(v).toLocaleString('en-US')}${unit}`);
const fmtRatio = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : `${v.toFixed(2)}×`);
const verdict = (b: boolean | null | undefined): string => (b === null || b === undefined ? '—' : b ? 'yes' : 'NO');
/** A target that is a share of a bound measured in the same run: the share and what it comes to. */
const share = (ratio: number, of: number | null): string => (of === null ? `${ratio}× (bound unmeasured)` : `${fmt(ratio * of)} (${ratio}×)`);
const pct = (v: number | null, of: number | null): string => (v === null || of === null || of === 0 ? '' : `${((100 * v) / of).toFixed(1)}% of it`);

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r, i) => {
    const line = r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
    return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
  }).join('\n');
}

interface LargeLogDetails {
  log: { events: number; eventsByType: Record<string, number>; gib: number; seconds: number; eventsPerSec: number };
  resettle: { persons: number; claims: number; changedClaims: number; backPays: number; resettleSeconds: number; loadSeconds: number; endToEndClaimsPerSec: number; secondsFor1MClaims: { measured: boolean; resettleClaims: number; endToEnd: number } };
  rebuild: {
    events: number;
    batchSize: number;
    seconds: number;
    maxRssMb: number;
    rssBeforeMb: number;
    readModelGib: number;
    rssTargetApplies: boolean;
    rowsByTable: Record<string, number>;
    logReadRawEventsPerSec?: number;
    logReadParseEventsPerSec?: number;
    workers?: number;
    sequentialEventsPerSec?: number;
    writerOnlyEventsPerSec?: number;
    writesDiscardedEventsPerSec?: number;
    groups?: { projections: string[]; events: number; busyMs: number | null; waitedMs: number | null }[];
  };
}

/** Rows the rebuild left in the read model, per event, and the time the raw insert ceiling alone would take for them. */
function rowsNote(rebuild: LargeLogDetails['rebuild'], insertCeiling: number | null): string {
  const rows = Object.values(rebuild.rowsByTable).reduce((a, b) => a + b, 0);
  const top = Object.entries(rebuild.rowsByTable).sort(([, a], [, b]) => b - a).slice(0, 5).map(([k, v]) => `${k} ${fmt(v, '')}`).join(', ');
  const floor = insertCeiling ? `; at sqliteInsertBatchPerSec the inserts alone would take ${(rows / insertCeiling).toFixed(1)} s of the ${rebuild.seconds} s` : '';
  return `rebuild: ${fmt(rows, '')} read-model rows (${(rows / rebuild.events).toFixed(2)} per event; ${top})${floor}`;
}

type ResettleJobRun = { mode: 'job' | 'lean' | 'read'; claimsPerSec: number };
/** The best run of a kind in the resettleJob phase (bench/src/phases/resettle.ts), or null when it did not run. */
const bestResettle = (runs: ResettleJobRun[] | undefined, mode: ResettleJobRun['mode']): number | null => (runs ? Math.max(...runs.filter((x) => x.mode === mode).map((x) => x.claimsPerSec)) : null);

type SettleMonthRun = { persons: number; claims: number; personsPerSec: number; seconds: number; firstChunkSeconds: number; chunksSeconds: number; closeSeconds: number; cpuUsPerPerson: number };
const settleNote = (s: SettleMonthRun) =>
  `${fmt(s.persons, '')} persons / ${fmt(s.claims, '')} claims: ${s.seconds} s (decide everyone + first chunk ${s.firstChunkSeconds} s, other chunks ${s.chunksSeconds} s, close + projections ${s.closeSeconds} s), ${s.cpuUsPerPerson} µs CPU per person`;

type WorstRequest = { stallMs: number; maxStallMs: number; responseMs: number };
const worstOf = (r: Report) => (r.details.worstRequests ?? undefined) as Record<string, WorstRequest> | undefined;
const worstDetail = (r: Report, name: string): string => {
  const w = worstOf(r)?.[name];
  return w ? `${w.responseMs} ms (stall ≤ ${w.maxStallMs} ms)` : '—';
};
const worstKind = (r: Report): string => {
  const all = Object.entries(worstOf(r) ?? {});
  if (!all.length) return '—';
  const [name, w] = all.sort(([, a], [, b]) => b.stallMs - a.stallMs)[0];
  return `${name} ${w.stallMs} ms`;
};

export function renderTable(r: Report): string {
  const d = r.details as Record<string, Record<string, unknown> | undefined>;
  const ll = d.largeLog as unknown as LargeLogDetails | undefined;
  const rj = d.resettleJob as unknown as { events: number; runs: ResettleJobRun[] } | undefined;
  const sm = d.settleMonth as unknown as { small: SettleMonthRun; large: SettleMonthRun } | undefined;
  const hist = d.history as { warm: { shortPerSec: number; longPerSec: number }; cold: { shortPerSec: number; longPerSec: number } } | undefined;
  const rows: string[][] = [
    ['figure', 'measured', 'target', 'met', 'related raw ceiling', 'ceiling', 'share'],
    ['submitClaimBusPerSec (FULL, default)', fmt(r.submitClaimBusPerSec), fmt(r.targets.submitClaimBusPerSec), verdict(r.meetsTargets.submitClaimBusPerSec), 'storePathClaimsPerSec', fmt(r.storePathClaimsPerSec), pct(r.submitClaimBusPerSec, r.storePathClaimsPerSec)],
    ['submitClaimBusPerSec, of the commit ceiling', fmt(r.submitClaimBusPerSec), share(r.targets.submitClaimBusPerSecOfCommit, r.sqliteCommitPerSec), verdict(r.meetsTargets.submitClaimBusPerSecOfCommit), 'sqliteCommitPerSec', fmt(r.sqliteCommitPerSec), pct(r.submitClaimBusPerSec, r.sqliteCommitPerSec)],
    ['submitClaimBusPerSecFull (FULL, of NORMAL)', fmt(r.submitClaimBusPerSec), share(r.targets.submitClaimBusPerSecFull, r.submitClaimBusPerSecNormal), verdict(r.meetsTargets.submitClaimBusPerSecFull), 'submitClaimBusPerSecNormal', fmt(r.submitClaimBusPerSecNormal), pct(r.submitClaimBusPerSec, r.submitClaimBusPerSecNormal)],
    ['submitClaimHttpPerSec', fmt(r.submitClaimHttpPerSec), fmt(r.targets.submitClaimHttpPerSec), verdict(r.meetsTargets.submitClaimHttpPerSec), 'submitClaimBusPerSec', fmt(r.submitClaimBusPerSec), pct(r.submitClaimHttpPerSec, r.submitClaimBusPerSec)],
    ['httpEchoPerSec (bare Fastify, same clients and bodies)', fmt(r.httpEchoPerSec), '(none)', '—', 'submitClaimHttpPerSec', fmt(r.submitClaimHttpPerSec), pct(r.submitClaimHttpPerSec, r.httpEchoPerSec)],
    ['catchUpEventsPerSec (every core)', fmt(r.catchUpEventsPerSec), share(r.targets.catchUpEventsPerSec, r.catchUpLogReadParseEventsPerSec), verdict(r.meetsTargets.catchUpEventsPerSec), 'catchUpLogReadParseEventsPerSec', fmt(r.catchUpLogReadParseEventsPerSec), pct(r.catchUpEventsPerSec, r.catchUpLogReadParseEventsPerSec)],
    ['historySlowdown (warm)', fmtRatio(r.historySlowdown), `≤ ${fmtRatio(r.targets.historySlowdown)}`, verdict(r.meetsTargets.historySlowdown), 'claims/s at 10 / 1,000', hist ? `${fmt(hist.warm.shortPerSec)} / ${fmt(hist.warm.longPerSec)}` : '—', ''],
    ['historySlowdownCold', fmtRatio(r.historySlowdownCold), `≤ ${fmtRatio(r.targets.historySlowdownCold)}`, verdict(r.meetsTargets.historySlowdownCold), 'claims/s at 10 / 1,000', hist ? `${fmt(hist.cold.shortPerSec)} / ${fmt(hist.cold.longPerSec)}` : '—', ''],
    ['rebuildEventsPerSec (every core)', fmt(r.rebuildEventsPerSec), share(r.targets.rebuildEventsPerSec, r.logReadParseEventsPerSec), verdict(r.meetsTargets.rebuildEventsPerSec), 'logReadParseEventsPerSec', fmt(r.logReadParseEventsPerSec), pct(r.rebuildEventsPerSec, r.logReadParseEventsPerSec)],
    ['rebuildEventsPerSec (every core), absolute', fmt(r.rebuildEventsPerSec), fmt(r.targets.rebuildEventsPerSecFloor), verdict(r.meetsTargets.rebuildEventsPerSecFloor), 'rebuildEventsPerSecOneCore', fmt(r.rebuildEventsPerSecOneCore), pct(r.rebuildEventsPerSec, r.rebuildEventsPerSecOneCore)],
    ['resettleClaimsPerSec', fmt(r.resettleClaimsPerSec), '(none)', '—', 's for 1,000,000 claims', ll ? `${ll.resettle.secondsFor1MClaims.resettleClaims} s ${ll.resettle.secondsFor1MClaims.measured ? 'measured' : 'extrapolated'}` : '—', ''],
    ['rebuildPeakRssMb', fmt(r.rebuildPeakRssMb, ' MB'), `< ${fmt(r.targets.rebuildPeakRssMb, ' MB')}`, verdict(r.meetsTargets.rebuildPeakRssMb), 'events rebuilt', ll ? fmt(ll.rebuild.events, '') : '—', ll && !ll.rebuild.rssTargetApplies ? 'target is for 5M (--full)' : ''],
    ['resettleDryRunClaimsPerSec (job, end to end)', fmt(r.resettleDryRunClaimsPerSec), fmt(r.targets.resettleDryRunClaimsPerSec), verdict(r.meetsTargets.resettleDryRunClaimsPerSec), 'streams read + parsed (lean loop)', rj ? `${fmt(bestResettle(rj.runs, 'read'))} (${fmt(bestResettle(rj.runs, 'lean'))})` : '—', pct(r.resettleDryRunClaimsPerSec, bestResettle(rj?.runs, 'read'))],
    ['resettlePeakRssMb (the job\'s process)', fmt(r.resettlePeakRssMb, ' MB'), `< ${fmt(r.targets.resettlePeakRssMb, ' MB')}`, verdict(r.meetsTargets.resettlePeakRssMb), 'events in the log', rj ? fmt(rj.events, '') : '—', rj && rj.events < 5_000_000 ? 'target is for 5M (--full)' : ''],
    ['worstRequestMs (one request, the loop held)', fmt(r.worstRequestMs, ' ms'), `≤ ${fmt(r.targets.worstRequestMs, ' ms')}`, verdict(r.meetsTargets.worstRequestMs), 'the worst kind', worstKind(r), ''],
    ['worstSimulationRequestMs (200 overrides, 64 KB)', fmt(r.worstSimulationRequestMs, ' ms'), `≤ ${fmt(r.targets.worstRequestMs, ' ms')}`, verdict(r.worstSimulationRequestMs === null ? null : r.worstSimulationRequestMs <= r.targets.worstRequestMs), 'answered in', worstDetail(r, 'simulationAtTheCap'), ''],
    ['worstClaimRequestMs (1,000 items, 1 MB)', fmt(r.worstClaimRequestMs, ' ms'), `≤ ${fmt(r.targets.worstRequestMs, ' ms')}`, verdict(r.worstClaimRequestMs === null ? null : r.worstClaimRequestMs <= r.targets.worstRequestMs), 'answered in', worstDetail(r, 'claimOf1000Items'), ''],
    ['worstRefusedBodyMs (refused at 1 MB)', fmt(r.worstRefusedBodyMs, ' ms'), `≤ ${fmt(r.targets.worstRequestMs, ' ms')}`, verdict(r.worstRefusedBodyMs === null ? null : r.worstRefusedBodyMs <= r.targets.worstRequestMs), 'answered in', worstDetail(r, 'claimRefusedByValidation'), ''],
    ['settleMonthPersonsPerSec (40,000 persons, end to end)', fmt(r.settleMonthPersonsPerSec), fmt(r.targets.settleMonthPersonsPerSec), verdict(r.meetsTargets.settleMonthPersonsPerSec), 'persons/s at 10,000', fmt(sm?.small.personsPerSec), pct(r.settleMonthPersonsPerSec, sm?.small.personsPerSec ?? null)],
    ['settleMonthCliff (at 40,000 / at 10,000)', fmtRatio(r.settleMonthCliff), `≥ ${fmtRatio(r.targets.settleMonthCliff)}`, verdict(r.meetsTargets.settleMonthCliff), 'runner cache (states)', '20,000', ''],
  ];
  const raw: string[][] = [
    ['raw SQLite ceiling (same run, fresh file, WAL + synchronous=NORMAL)', 'measured'],
    ['sqliteInsertBatchPerSec  (rows/s, 5,000-row transactions, ~1 KB JSON)', fmt(r.sqliteInsertBatchPerSec)],
    ['sqliteCommitPerSec       (single-row transactions/s)', fmt(r.sqliteCommitPerSec)],
    ['sqliteCommitFullPerSec   (the same with synchronous=FULL: an fsync per commit)', fmt(r.sqliteCommitFullPerSec)],
    ['sqliteReadParsePerSec    (rows/s read by position + JSON.parse)', fmt(r.sqliteReadParsePerSec)],
    ['storePathClaimsPerSec    (claims/s: decided beforehand, appended and projected; no decide, bus or view)', fmt(r.storePathClaimsPerSec)],
  ];
  const bus = d.bus as { latencyMs: { p50: number; p99: number }; eventsPerClaim: number; eventStoreTransactionsPerClaim?: number | null; projectorTransactionsPerClaim: number } | undefined;
  const http = d.http as { latencyMs: { p50: number; p99: number }; eventStoreTransactionsPerClaim?: number | null; projectorTransactionsPerClaim: number; healthGetPerSec: number } | undefined;
  const busCommits = bus?.eventStoreTransactionsPerClaim ?? null;
  const busNormal = d.busNormal as { latencyMs: { p50: number; p99: number }; eventStoreTransactionsPerClaim: number | null } | undefined;
  const cu = d.catchUp as
    | { events: number; workers?: number; oneCoreEventsPerSec?: number; sequentialEventsPerSec?: number; writerOnlyEventsPerSec?: number; adapterReadParseEventsPerSec: number; rawReadParseEventsPerSec: number; readParseHandledTypesOnlyEventsPerSec: number; avgEventDataBytes: number; eventsByType: Record<string, number>; eachProjectionAloneEventsPerSec: Record<string, number> }
    | undefined;
  type Side = { p50: number; p99: number };
  const h = d.history as { warm: { untrimmed: { ratio: number }; latencyMs: { short: Side; long: Side } }; cold: { untrimmed: { ratio: number }; latencyMs: { short: Side; long: Side } } } | undefined;
  const notes = [
    bus && `bus: latency p50 ${bus.latencyMs.p50} ms, p99 ${bus.latencyMs.p99} ms; per claim ${bus.eventsPerClaim} events, ${busCommits ?? '?'} event-store transactions (group commit) and ${bus.projectorTransactionsPerClaim} read-model transactions`,
    bus && busCommits && r.sqliteCommitPerSec !== null && `bus: group commit: about ${Math.round(1 / busCommits)} claims per event-store transaction (one transaction per claim would cap the bus at sqliteCommitPerSec, ${fmt(r.sqliteCommitPerSec)}, and with FULL at sqliteCommitFullPerSec, ${fmt(r.sqliteCommitFullPerSec)}); commits are no longer the limit`,
    busNormal && `bus, SQLITE_SYNCHRONOUS=NORMAL (an app of its own, same claims and concurrency): ${fmt(r.submitClaimBusPerSecNormal)}, latency p50 ${busNormal.latencyMs.p50} ms, p99 ${busNormal.latencyMs.p99} ms, ${busNormal.eventStoreTransactionsPerClaim ?? '?'} event-store transactions per claim; FULL (the default) fsyncs once per group commit`,
    http && `http: latency p50 ${http.latencyMs.p50} ms, p99 ${http.latencyMs.p99} ms; per claim ${http.eventStoreTransactionsPerClaim ?? '?'} event-store and ${http.projectorTransactionsPerClaim} read-model transactions; GET /health alone from the same clients ${fmt(http.healthGetPerSec)}`,
    cu && `catch-up: ${cu.events.toLocaleString('en-US')} events (${Object.entries(cu.eventsByType).map(([k, v]) => `${k} ${v}`).join(', ')}; avg ${cu.avgEventDataBytes} B of data)`,
    cu && `catch-up: read+parse of this log without projections: the adapter's readAll ${fmt(cu.adapterReadParseEventsPerSec)}, plain SQL + JSON.parse ${fmt(cu.rawReadParseEventsPerSec)}, the same for handled types only ${fmt(cu.readParseHandledTypesOnlyEventsPerSec)}`,
    cu?.sequentialEventsPerSec &&
      `catch-up: over ${cu.workers} worker thread(s) and the writer ${fmt(r.catchUpEventsPerSec)}, on one core ${fmt(cu.oneCoreEventsPerSec)}, the sequential Projector.catchUp (the live service's) ${fmt(cu.sequentialEventsPerSec)}; the writer thread alone allows ${fmt(cu.writerOnlyEventsPerSec)}`,
    cu && `catch-up: each projection alone: ${Object.entries(cu.eachProjectionAloneEventsPerSec).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`,
    h && `history: per-claim p50 ${h.warm.latencyMs.short.p50} / ${h.warm.latencyMs.long.p50} ms warm, ${h.cold.latencyMs.short.p50} / ${h.cold.latencyMs.long.p50} ms cold (10 / 1,000 earlier claims); ratios over all claims (untrimmed): warm ${fmtRatio(h.warm.untrimmed.ratio)}, cold ${fmtRatio(h.cold.untrimmed.ratio)}`,
    d.registerBusPerSec !== undefined && `setup: RegisterPatient through the bus ${fmt(d.registerBusPerSec as unknown as number)}`,
    ll && `large log: ${fmt(ll.log.events, '')} events (${Object.entries(ll.log.eventsByType).map(([k, v]) => `${k} ${v}`).join(', ')}), ${ll.log.gib} GiB, written through the deciders and appendMulti in ${ll.log.seconds} s (${fmt(ll.log.eventsPerSec)})`,
    ll && `re-settlement dry run: ${fmt(ll.resettle.claims, '')} claims of ${fmt(ll.resettle.persons, '')} persons, ${fmt(ll.resettle.changedClaims, '')} change, ${fmt(ll.resettle.backPays, '')} back-pays; resettleClaims ${ll.resettle.resettleSeconds} s; reading + folding the streams ${ll.resettle.loadSeconds} s; end to end ${fmt(ll.resettle.endToEndClaimsPerSec)} (${ll.resettle.secondsFor1MClaims.endToEnd} s per 1,000,000 claims, ${ll.resettle.secondsFor1MClaims.measured ? 'measured' : 'extrapolated'})`,
    ll && `rebuild (child process, batches of ${ll.rebuild.batchSize}): ${fmt(ll.rebuild.events, '')} events in ${ll.rebuild.seconds} s; RSS ${ll.rebuild.rssBeforeMb} MB before, peak ${ll.rebuild.maxRssMb} MB; read model ${ll.rebuild.readModelGib} GiB`,
    ll && ll.rebuild.rowsByTable && rowsNote(ll.rebuild, r.sqliteInsertBatchPerSec),
    ll?.rebuild.writerOnlyEventsPerSec &&
      `rebuild over ${ll.rebuild.workers} worker thread(s) (${ll.rebuild.groups?.map((g) => `[${g.projections.join(', ')}]`).join(' ')}) and one writer: the writer thread alone allows ${fmt(ll.rebuild.writerOnlyEventsPerSec)} (events over its busy time), the workers alone with the writes discarded ${fmt(ll.rebuild.writesDiscardedEventsPerSec)}; the sequential Projector ${fmt(ll.rebuild.sequentialEventsPerSec)}`,
    ll?.rebuild.logReadRawEventsPerSec &&
      `rebuild: this log read back with nothing projected: ${fmt(ll.rebuild.logReadRawEventsPerSec)} (rows only), ${fmt(ll.rebuild.logReadParseEventsPerSec)} (rows + JSON.parse of every data): the rebuild reads and parses every event it projects`,
    sm && `settle month: ${settleNote(sm.small)}; ${settleNote(sm.large)}`,
  ].filter(Boolean);
  return [
    `benefit-ledger bench — ${r.date.slice(0, 19).replace('T', ' ')} UTC, ${r.mode} sizes${r.only ? `, only ${r.only}` : ''}`,
    ...(r.experiments.length ? [`EXPERIMENT (what-if, not the code as it is): ${r.experiments.join(', ')}`] : []),
    `machine: ${r.machine.cpus} cpus (${r.machine.cpuModel}), node ${r.machine.node}, ${r.machine.platform}/${r.machine.arch}; load average ${r.machine.loadAvgAtStart[0]} at start; RSS peak ${r.rssPeakMb} MB; ${r.durationSec} s`,
    '',
    table(rows),
    '',
    table(raw),
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
}
