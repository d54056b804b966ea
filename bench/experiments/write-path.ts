/**
 * What an append costs, and what would make it cheaper: variants of the event store's write
 * path on raw better-sqlite3 (same pragmas and table as the adapter), each on a fresh file.
 * `node dist/bench/experiments/write-path.js [--json]` — evidence for docs/benchmarks.md, not part of
 * `npm run bench`.
 *
 * Each variant writes claims the way SubmitClaim does: per claim a KeyReserved event on a
 * `claim-…` stream and a ~1 KB ClaimAdjudicated event on a `person-…` stream, each append
 * first reading the stream's revision (the adapter's optimistic-concurrency check).
 */
import Database from 'better-sqlite3';
import { randomBytes, randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { claimBody } from '../src/fixtures';
import { nowMs, perSec, progress, removeDir, round, tempDir } from '../src/util';

const schema = (eventIdUnique: boolean) => `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY AUTOINCREMENT,
  stream_id   TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  event_id    TEXT    NOT NULL${eventIdUnique ? ' UNIQUE' : ''},
  recorded_at TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
);`;

/** Time-ordered ids (UUIDv7 layout): new ids land on the right-most page of the index. */
function uuidV7(): string {
  const ts = Date.now().toString(16).padStart(12, '0');
  const r = randomBytes(10).toString('hex');
  return `${ts.slice(0, 8)}-${ts.slice(8)}-7${r.slice(0, 3)}-${r.slice(3, 7)}-${r.slice(7, 19)}`;
}

interface Variant {
  name: string;
  eventIdUnique?: boolean;
  ids?: () => string;
  /** Appends (of one event each) per SQLite transaction. */
  appendsPerTx: number;
}

const VARIANTS: Variant[] = [
  { name: 'as today: 2 transactions per claim (KeyReserved, then ClaimAdjudicated), random UUID event_id UNIQUE', appendsPerTx: 1 },
  { name: 'time-ordered (UUIDv7) event ids, 2 transactions per claim', appendsPerTx: 1, ids: uuidV7 },
  { name: 'no UNIQUE index on event_id, 2 transactions per claim', appendsPerTx: 1, eventIdUnique: false },
  { name: 'both events of a claim in one transaction', appendsPerTx: 2 },
  { name: 'group commit: 64 claims (128 appends) per transaction', appendsPerTx: 128 },
  { name: 'group commit + UUIDv7 ids', appendsPerTx: 128, ids: uuidV7 },
];

function runVariant(v: Variant, claims: number) {
  const dir = tempDir('exp');
  const db = new Database(path.join(dir, 'events.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(schema(v.eventIdUnique ?? true));
    const revision = db.prepare<[string], { revision: number | null }>('SELECT max(revision) AS revision FROM events WHERE stream_id = ?');
    const insert = db.prepare('INSERT INTO events (stream_id, revision, type, data, metadata, event_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const ids = v.ids ?? randomUUID;
    const append = (streamId: string, type: string, data: unknown) => {
      const current = revision.get(streamId)?.revision ?? -1;
      const eventId = ids();
      const metadata = JSON.stringify({ eventId, correlationId: randomUUID(), causationId: null, actor: 'bench' });
      insert.run(streamId, current + 1, type, JSON.stringify(data), metadata, eventId, new Date().toISOString());
    };
    // the appends of claims [from, to): KeyReserved then ClaimAdjudicated for each
    const work: { streamId: string; type: string; data: unknown }[] = [];
    for (let i = 0; i < claims; i++) {
      const claim = claimBody(`EXP-${i}`, `NC-${String(i % 2000).padStart(6, '0')}`, i);
      work.push({ streamId: `claim-${claim.claimId}`, type: 'KeyReserved', data: { key: claim.claimId, personId: claim.personId, requestHash: randomBytes(32).toString('hex') } });
      work.push({ streamId: `person-${claim.personId}`, type: 'ClaimAdjudicated', data: { claim, regionCode: 'nanchong', adjudication: { totalFen: 10_700, shares: { basic_pooling: 2_000, self_pay: 8_700 } } } });
    }
    const tx = db.transaction((from: number, to: number) => {
      for (let k = from; k < to; k++) append(work[k].streamId, work[k].type, work[k].data);
    });
    const started = nowMs();
    for (let k = 0; k < work.length; k += v.appendsPerTx) tx.immediate(k, Math.min(k + v.appendsPerTx, work.length));
    const ms = nowMs() - started;
    return { variant: v.name, claimsPerSec: round(perSec(claims, ms)), appendsPerSec: round(perSec(work.length, ms)) };
  } finally {
    db.close();
    removeDir(dir);
  }
}

function main(): void {
  const json = process.argv.includes('--json');
  const claims = process.argv.includes('--quick') ? 2_000 : 10_000;
  // warm-up (JIT) on a throw-away file
  runVariant(VARIANTS[0], 1_000);
  // best of three rounds, the variants interleaved: the machine may be shared, a ceiling is the best it did
  const best = new Map<string, ReturnType<typeof runVariant>>();
  for (let round = 0; round < 3; round++) {
    for (const v of VARIANTS) {
      const r = runVariant(v, claims);
      if ((best.get(v.name)?.claimsPerSec ?? 0) < r.claimsPerSec) best.set(v.name, r);
    }
  }
  const results = VARIANTS.map((v) => {
    const r = best.get(v.name)!;
    progress(`${r.claimsPerSec.toLocaleString('en-US').padStart(8)} claims/s  ${r.appendsPerSec.toLocaleString('en-US').padStart(8)} appends/s  ${v.name}`);
    return r;
  });
  if (json) process.stdout.write(`${JSON.stringify({ claims, results })}\n`);
}

main();
