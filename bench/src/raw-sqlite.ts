/**
 * Raw SQLite ceilings, measured in the same run: better-sqlite3 on a fresh file with the
 * adapter's pragmas (WAL, synchronous=NORMAL) and the adapter's `events` table and indexes.
 * Nothing of the application runs here; the figures bound what the event store can do.
 * `sqliteCommitFullPerSec` is the single-row commit again with synchronous=FULL (the service's
 * default): one fsync per commit, what the log would be capped at without group commit.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { claimBody } from './fixtures';
import { EVENTS_SCHEMA } from '@benefit/event-store';
import { nowMs, perSec, progress, removeDir, tempDir } from './util';

/** The adapter's own schema: the ceiling is measured on exactly what the app writes. */
const SCHEMA = EVENTS_SCHEMA;

export interface RawCeilings {
  sqliteInsertBatchPerSec: number;
  sqliteCommitPerSec: number;
  sqliteCommitFullPerSec: number;
  sqliteReadParsePerSec: number;
  /** Bytes of the JSON `data` column of one row. */
  rowDataBytes: number;
  rows: number;
}

/** About 1 KB of JSON shaped like a ClaimAdjudicated event. */
function eventData(i: number) {
  const claim = claimBody(`RAW-${i}`, `NC-${String(i % 2000).padStart(6, '0')}`, i);
  return {
    claim: { ...claim, items: claim.items.slice(0, 3) },
    regionCode: 'nanchong',
    adjudication: { totalFen: 10_700 + (i % 1000), policyScopeFen: 7_700, year: 2023, shares: { basic_pooling: 2_000 + (i % 500), personal_account: 1_000, self_pay: 7_000 } },
  };
}

/**
 * Best of `rounds` rounds, each on a fresh file: a ceiling is the best the machine did (it may
 * be shared with other work while the bench runs).
 */
export function measureRawSqlite(opts: { batchRows: number; commitRows: number; txRows?: number; rounds?: number }): RawCeilings & { roundsMeasured: RawCeilings[] } {
  const roundsMeasured: RawCeilings[] = [];
  for (let r = 0; r < (opts.rounds ?? 3); r++) roundsMeasured.push(measureRound(opts));
  const best = (k: 'sqliteInsertBatchPerSec' | 'sqliteCommitPerSec' | 'sqliteCommitFullPerSec' | 'sqliteReadParsePerSec') => Math.max(...roundsMeasured.map((x) => x[k]));
  return {
    sqliteInsertBatchPerSec: best('sqliteInsertBatchPerSec'),
    sqliteCommitPerSec: best('sqliteCommitPerSec'),
    sqliteCommitFullPerSec: best('sqliteCommitFullPerSec'),
    sqliteReadParsePerSec: best('sqliteReadParsePerSec'),
    rowDataBytes: roundsMeasured[0].rowDataBytes,
    rows: roundsMeasured[0].rows,
    roundsMeasured,
  };
}

function measureRound(opts: { batchRows: number; commitRows: number; txRows?: number }): RawCeilings {
  const dir = tempDir('raw');
  const db = new Database(path.join(dir, 'raw.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 10000');
    db.exec(SCHEMA);
    const insert = db.prepare('INSERT INTO events (stream_id, revision, type, data, metadata, event_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const revisions = new Map<string, number>();
    const row = (i: number) => {
      const data = eventData(i);
      const streamId = `person-${data.claim.personId}`;
      const revision = (revisions.get(streamId) ?? -1) + 1;
      revisions.set(streamId, revision);
      const eventId = randomUUID();
      const metadata = JSON.stringify({ eventId, correlationId: randomUUID(), causationId: null, actor: 'bench' });
      insert.run(streamId, revision, 'ClaimAdjudicated', JSON.stringify(data), metadata, eventId, new Date().toISOString());
    };
    const rowDataBytes = Buffer.byteLength(JSON.stringify(eventData(0)));

    // 1. big transactions: the ceiling of a batched writer (JSON.stringify and uuids included, as in the adapter)
    const txRows = opts.txRows ?? 5_000;
    const batch = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) row(i);
    });
    let started = nowMs();
    for (let from = 0; from < opts.batchRows; from += txRows) batch.immediate(from, Math.min(from + txRows, opts.batchRows));
    const sqliteInsertBatchPerSec = perSec(opts.batchRows, nowMs() - started);
    progress(`raw sqlite: ${opts.batchRows} rows in transactions of ${txRows}: ${Math.round(sqliteInsertBatchPerSec)} rows/s (${rowDataBytes} B of JSON data each)`);

    // 2. one row per transaction (BEGIN IMMEDIATE … COMMIT), the way each append commits
    const single = db.transaction((i: number) => row(i));
    started = nowMs();
    for (let i = 0; i < opts.commitRows; i++) single.immediate(opts.batchRows + i);
    const sqliteCommitPerSec = perSec(opts.commitRows, nowMs() - started);
    progress(`raw sqlite: ${opts.commitRows} single-row transactions: ${Math.round(sqliteCommitPerSec)} commits/s`);

    // 2b. the same with synchronous=FULL: an fsync of the WAL per commit (fewer rows: each waits for the disk)
    const fullRows = Math.max(1, Math.floor(opts.commitRows / 5));
    db.pragma('synchronous = FULL');
    started = nowMs();
    for (let i = 0; i < fullRows; i++) single.immediate(opts.batchRows + opts.commitRows + i);
    const sqliteCommitFullPerSec = perSec(fullRows, nowMs() - started);
    db.pragma('synchronous = NORMAL');
    progress(`raw sqlite: ${fullRows} single-row transactions with synchronous=FULL: ${Math.round(sqliteCommitFullPerSec)} commits/s`);

    // 3. read everything back in pages of 2,000 by position and parse data + metadata (the projector's read)
    const page = db.prepare<[number, number], { position: number; data: string; metadata: string }>('SELECT * FROM events WHERE position > ? ORDER BY position ASC LIMIT ?');
    const rows = opts.batchRows + opts.commitRows + fullRows;
    started = nowMs();
    let after = 0;
    let read = 0;
    let checksum = 0;
    for (;;) {
      const got = page.all(after, 2_000);
      if (got.length === 0) break;
      for (const r of got) {
        const data = JSON.parse(r.data) as { adjudication: { totalFen: number } };
        const meta = JSON.parse(r.metadata) as { actor: string };
        checksum += data.adjudication.totalFen + meta.actor.length;
      }
      read += got.length;
      after = got[got.length - 1].position;
    }
    const sqliteReadParsePerSec = perSec(read, nowMs() - started);
    if (read !== rows || checksum === 0) throw new Error(`raw sqlite: read ${read} rows back, wrote ${rows}`);
    progress(`raw sqlite: read and parsed ${read} rows: ${Math.round(sqliteReadParsePerSec)} rows/s`);
    return { sqliteInsertBatchPerSec, sqliteCommitPerSec, sqliteCommitFullPerSec, sqliteReadParsePerSec, rowDataBytes, rows };
  } finally {
    db.close();
    removeDir(dir);
  }
}
