/** The human-readable table: each figure beside its target and the raw ceiling it relates to. */
import type { Report } from './main';

const fmt = (v: number | null | undefined, unit = '/s'): string => (v === null || v === undefined ? '—' : `${Math.round(v).toLocaleString('en-US')}${unit}`);
const fmtRatio = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : `${v.toFixed(2)}×`);
const verdict = (b: boolean | null | undefined): string => (b === null || b === undefined ? '—' : b ? 'yes' : 'NO');
const pct = (v: number | null, of: number | null): string => (v === null || of === null || of === 0 ? '' : `${((100 * v) / of).toFixed(1)}% of it`);

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r, i) => {
    const line = r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
    return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
  }).join('\n');
}

export function renderTable(r: Report): string {
  const d = r.details as Record<string, Record<string, unknown> | undefined>;
  const hist = d.history as { warm: { shortPerSec: number; longPerSec: number }; cold: { shortPerSec: number; longPerSec: number } } | undefined;
  const rows: string[][] = [
    ['figure', 'measured', 'target', 'met', 'related raw ceiling', 'ceiling', 'share'],
    ['submitClaimBusPerSec', fmt(r.submitClaimBusPerSec), fmt(r.targets.submitClaimBusPerSec), verdict(r.meetsTargets.submitClaimBusPerSec), 'sqliteCommitPerSec', fmt(r.sqliteCommitPerSec), pct(r.submitClaimBusPerSec, r.sqliteCommitPerSec)],
    ['submitClaimHttpPerSec', fmt(r.submitClaimHttpPerSec), fmt(r.targets.submitClaimHttpPerSec), verdict(r.meetsTargets.submitClaimHttpPerSec), 'submitClaimBusPerSec', fmt(r.submitClaimBusPerSec), pct(r.submitClaimHttpPerSec, r.submitClaimBusPerSec)],
    ['catchUpEventsPerSec', fmt(r.catchUpEventsPerSec), fmt(r.targets.catchUpEventsPerSec), verdict(r.meetsTargets.catchUpEventsPerSec), 'sqliteReadParsePerSec', fmt(r.sqliteReadParsePerSec), pct(r.catchUpEventsPerSec, r.sqliteReadParsePerSec)],
    ['historySlowdown (warm)', fmtRatio(r.historySlowdown), `≤ ${fmtRatio(r.targets.historySlowdown)}`, verdict(r.meetsTargets.historySlowdown), 'claims/s at 10 / 1,000', hist ? `${fmt(hist.warm.shortPerSec)} / ${fmt(hist.warm.longPerSec)}` : '—', ''],
    ['historySlowdownCold', fmtRatio(r.historySlowdownCold), '(none)', '—', 'claims/s at 10 / 1,000', hist ? `${fmt(hist.cold.shortPerSec)} / ${fmt(hist.cold.longPerSec)}` : '—', ''],
  ];
  const raw: string[][] = [
    ['raw SQLite ceiling (same run, fresh file, WAL + synchronous=NORMAL)', 'measured'],
    ['sqliteInsertBatchPerSec  (rows/s, 5,000-row transactions, ~1 KB JSON)', fmt(r.sqliteInsertBatchPerSec)],
    ['sqliteCommitPerSec       (single-row transactions/s)', fmt(r.sqliteCommitPerSec)],
    ['sqliteReadParsePerSec    (rows/s read by position + JSON.parse)', fmt(r.sqliteReadParsePerSec)],
  ];
  const bus = d.bus as { latencyMs: { p50: number; p99: number }; eventsPerClaim: number; projectorTransactionsPerClaim: number } | undefined;
  const http = d.http as { latencyMs: { p50: number; p99: number }; projectorTransactionsPerClaim: number; healthGetPerSec: number } | undefined;
  const cu = d.catchUp as
    | { events: number; adapterReadParseEventsPerSec: number; rawReadParseEventsPerSec: number; readParseHandledTypesOnlyEventsPerSec: number; avgEventDataBytes: number; eventsByType: Record<string, number>; eachProjectionAloneEventsPerSec: Record<string, number> }
    | undefined;
  type Side = { p50: number; p99: number };
  const h = d.history as { warm: { untrimmed: { ratio: number }; latencyMs: { short: Side; long: Side } }; cold: { untrimmed: { ratio: number }; latencyMs: { short: Side; long: Side } } } | undefined;
  const notes = [
    bus && `bus: latency p50 ${bus.latencyMs.p50} ms, p99 ${bus.latencyMs.p99} ms; ${bus.eventsPerClaim} events (${bus.eventsPerClaim} event-store commits) and ${bus.projectorTransactionsPerClaim} read-model transactions per claim`,
    bus && r.sqliteCommitPerSec !== null && `bus: commit-bound ceiling of today's write path = sqliteCommitPerSec / ${bus.eventsPerClaim} commits per claim = ${fmt(r.sqliteCommitPerSec / bus.eventsPerClaim)}`,
    http && `http: latency p50 ${http.latencyMs.p50} ms, p99 ${http.latencyMs.p99} ms; ${http.projectorTransactionsPerClaim} read-model transactions per claim; GET /health alone from the same clients ${fmt(http.healthGetPerSec)}`,
    cu && `catch-up: ${cu.events.toLocaleString('en-US')} events (${Object.entries(cu.eventsByType).map(([k, v]) => `${k} ${v}`).join(', ')}; avg ${cu.avgEventDataBytes} B of data)`,
    cu && `catch-up: read+parse of this log without projections: the adapter's readAll ${fmt(cu.adapterReadParseEventsPerSec)}, plain SQL + JSON.parse ${fmt(cu.rawReadParseEventsPerSec)}, the same for handled types only ${fmt(cu.readParseHandledTypesOnlyEventsPerSec)}`,
    cu && `catch-up: each projection alone: ${Object.entries(cu.eachProjectionAloneEventsPerSec).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`,
    h && `history: per-claim p50 ${h.warm.latencyMs.short.p50} / ${h.warm.latencyMs.long.p50} ms warm, ${h.cold.latencyMs.short.p50} / ${h.cold.latencyMs.long.p50} ms cold (10 / 1,000 earlier claims); ratios over all claims (untrimmed): warm ${fmtRatio(h.warm.untrimmed.ratio)}, cold ${fmtRatio(h.cold.untrimmed.ratio)}`,
    d.registerBusPerSec !== undefined && `setup: RegisterPatient through the bus ${fmt(d.registerBusPerSec as unknown as number)}`,
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
