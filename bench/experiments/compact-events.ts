/**
 * `node dist/bench/experiments/compact-events.js [--quick] [--json]`: what ClaimAdjudicated
 * version 2 (explanation lines stored in words, issue 13.1 "compact events") saves against the
 * version-1 payload of the same decisions. Evidence for docs/benchmarks.md, not part of
 * `npm run bench`.
 *
 * The claims are decided by the real claim decider (the bench's five-item general-outpatient
 * bodies, an in-service Nanchong employee); each is written in both versions: version 2 as the
 * decider stores it, version 1 as the same adjudication with each line's text (`withLineText`)
 * and the empty bedDays and flags the old decider wrote. Interleaved rounds, each measuring per
 * claim, for both payloads:
 * - bytes of the stored JSON (UTF-8);
 * - serialise: JSON.stringify and the UTF-8 encoding the SQLite binding does;
 * - parse: UTF-8 decoding and JSON.parse, what every rebuild, cold load and re-settlement pays;
 * - store: inserts into the adapter's `events` table, 64 claims per transaction (WAL, NORMAL), and
 *   the same rows read back and parsed.
 */
import Database from 'better-sqlite3';
import * as path from 'node:path';
import { ClaimAdjudicated, claimDecider, enrollmentDecider, evolvePerson, initialPersonState, withLineText } from '@benefit/domain';
import { EVENTS_SCHEMA } from '@benefit/event-store';
import { Claim } from '@benefit/policy';
import { claimBody, personIdOf, registration } from '../src/fixtures';
import { WRITTEN_UNDER } from '../src/large-log';
import { nowMs, progress, removeDir, round, tempDir } from '../src/util';

const GROUP = 64;

/** The same decisions as version 2 stores them and as version 1 did. */
function payloads(claims: number): { v1: unknown[]; v2: unknown[] } {
  const register = { type: 'RegisterPatient' as const, data: registration(personIdOf(0), 0) };
  let state = enrollmentDecider.decide(register, initialPersonState()).reduce(evolvePerson, initialPersonState());
  const v1: unknown[] = [];
  const v2: unknown[] = [];
  for (let i = 0; i < claims; i++) {
    const events = claimDecider.decide({ type: 'SubmitClaim', data: claimBody(`CE-${i}`, personIdOf(0), i) as Claim }, state, { params: WRITTEN_UNDER, today: '2026-11-22' });
    const { v: _v, ...data } = (events[0] as ClaimAdjudicated).data;
    v2.push(events[0].data);
    v1.push({ claim: data.claim, regionCode: data.regionCode, adjudication: withLineText(data.regionCode, data.adjudication), bedDays: data.bedDays ?? null, flags: data.flags ?? [] });
    state = events.reduce(evolvePerson, state);
  }
  return { v1, v2 };
}

interface Round {
  bytes: number;
  serialiseUs: number;
  parseUs: number;
  storeUs: number;
  readParseUs: number;
}

function measure(data: unknown[]): Round {
  const n = data.length;
  let t = nowMs();
  const buffers: Buffer[] = [];
  for (const d of data) buffers.push(Buffer.from(JSON.stringify(d), 'utf8'));
  const serialiseUs = ((nowMs() - t) * 1000) / n;
  const bytes = buffers.reduce((sum, b) => sum + b.length, 0) / n;
  t = nowMs();
  let sink = 0;
  for (const b of buffers) sink += (JSON.parse(b.toString('utf8')) as { adjudication: { totalFen: number } }).adjudication.totalFen;
  const parseUs = ((nowMs() - t) * 1000) / n;

  const dir = tempDir('compact-events');
  const db = new Database(path.join(dir, 'events.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(EVENTS_SCHEMA);
    const insert = db.prepare('INSERT INTO events (stream_id, revision, type, data, metadata, event_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const metadata = JSON.stringify({ eventId: 'e', correlationId: 'c', causationId: null, actor: 'bench' });
    t = nowMs();
    for (let from = 0; from < n; from += GROUP) {
      db.transaction(() => {
        for (let k = from; k < Math.min(from + GROUP, n); k++) insert.run('person-CE', k, 'ClaimAdjudicated', JSON.stringify(data[k]), metadata, `e-${k}`, 't');
      }).immediate();
    }
    const storeUs = ((nowMs() - t) * 1000) / n;
    t = nowMs();
    for (const row of db.prepare('SELECT data FROM events ORDER BY position').iterate() as Iterable<{ data: string }>) sink += (JSON.parse(row.data) as { adjudication: { totalFen: number } }).adjudication.totalFen;
    const readParseUs = ((nowMs() - t) * 1000) / n;
    if (sink === 0) throw new Error('nothing read');
    return { bytes, serialiseUs, parseUs, storeUs, readParseUs };
  } finally {
    db.close();
    removeDir(dir);
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
  const quick = process.argv.includes('--quick');
  const claims = quick ? 2_000 : 20_000;
  const rounds = quick ? 3 : 7;
  const { v1, v2 } = payloads(claims);
  measure(v1.slice(0, 1_000)); // warm-up (JIT)
  measure(v2.slice(0, 1_000));
  const runs: Record<'v1' | 'v2', Round[]> = { v1: [], v2: [] };
  for (let r = 0; r < rounds; r++) {
    // interleaved, the order swapped each round
    const order: ('v1' | 'v2')[] = r % 2 === 0 ? ['v1', 'v2'] : ['v2', 'v1'];
    for (const v of order) runs[v].push(measure(v === 'v1' ? v1 : v2));
  }
  const medianOf = (rs: Round[]): Round => ({
    bytes: round(median(rs.map((x) => x.bytes)), 1),
    serialiseUs: round(median(rs.map((x) => x.serialiseUs)), 2),
    parseUs: round(median(rs.map((x) => x.parseUs)), 2),
    storeUs: round(median(rs.map((x) => x.storeUs)), 2),
    readParseUs: round(median(rs.map((x) => x.readParseUs)), 2),
  });
  const summary = { v1: medianOf(runs.v1), v2: medianOf(runs.v2) };
  const ratio = (k: keyof Round) => round(summary.v2[k] / summary.v1[k], 3);
  const result = { claims, rounds, median: summary, v2OverV1: { bytes: ratio('bytes'), serialiseUs: ratio('serialiseUs'), parseUs: ratio('parseUs'), storeUs: ratio('storeUs'), readParseUs: ratio('readParseUs') } };
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    for (const v of ['v1', 'v2'] as const) {
      const s = summary[v];
      progress(`${v}: ${s.bytes} B a claim; serialise ${s.serialiseUs} µs, parse ${s.parseUs} µs, store ${s.storeUs} µs, read + parse ${s.readParseUs} µs (median of ${rounds} × ${claims})`);
    }
    progress(`v2 / v1: ${JSON.stringify(result.v2OverV1)}`);
  }
}

main();
