/**
 * What a backup says about itself (manifest.json), and the figures both sides compute the same
 * way: the log's count, head and digest, each file's SHA-256, and the ledger totals per region and
 * month. A restore recomputes every one of them from what it restored and compares.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { ALL_PROJECTIONS, Projector, SqliteReadModel } from '@benefit/projections';
import { SqliteEventStore } from '@benefit/event-store';
import { withCurrentSchemas } from '@benefit/domain';

export const BACKUP_FORMAT = 'benefit-ledger-backup/1';
export const MANIFEST_FILE = 'manifest.json';

/** region → month → payer → what the ledger holds for it. */
export type LedgerTotals = Record<string, Record<string, Record<string, { amountFen: number; claims: number }>>>;

export interface LogFigures {
  eventCount: number;
  /** The global position of the last event (0: an empty log). */
  headPosition: number;
  /** SHA-256 over every event row in position order (see `logFigures`). */
  logSha256: string;
}

export interface BackupManifest extends LogFigures {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  /** The DATA_DIR it was taken from, for the operator's eye only. */
  source: string;
  /** Each file copied, with its size and SHA-256 as written to the backup. */
  files: Record<string, { bytes: number; sha256: string }>;
  /** The master keys that wrap the data keys of keys.db: never copied here, a restore must be given them. */
  masterKeyIds: string[];
  /** What was deliberately left out, and why. */
  notCopied: Record<string, string>;
  ledgers: LedgerTotals;
  /** How long the copy, the digest and the ledger replay took. */
  millis: number;
}

/**
 * Count, head and digest of an events.db, read in one read transaction (a consistent snapshot even
 * while another process appends). The digest hashes each row's columns as stored (before any
 * upcasting), each value length-prefixed so that no two different logs hash alike by shifting text
 * between columns.
 */
export function logFigures(eventsDb: string): LogFigures {
  const db = new Database(eventsDb, { readonly: true, fileMustExist: true });
  try {
    return db.transaction(() => {
      const hash = createHash('sha256');
      let eventCount = 0;
      let headPosition = 0;
      const rows = db
        .prepare('SELECT position, stream_id, revision, type, data, metadata, event_id, recorded_at FROM events ORDER BY position')
        .raw()
        .iterate() as IterableIterator<unknown[]>;
      for (const row of rows) {
        for (const value of row) {
          const text = String(value);
          hash.update(`${Buffer.byteLength(text)}:`).update(text);
        }
        hash.update('\n');
        eventCount += 1;
        headPosition = Number(row[0]);
      }
      return { eventCount, headPosition, logSha256: hash.digest('hex') };
    })();
  } finally {
    db.close();
  }
}

export function sha256File(file: string): { bytes: number; sha256: string } {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  const buffer = Buffer.alloc(1 << 20);
  let bytes = 0;
  try {
    for (let n; (n = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0; ) {
      hash.update(buffer.subarray(0, n));
      bytes += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return { bytes, sha256: hash.digest('hex') };
}

/** Every row of the ledger projection summed by region, month and payer. */
export function ledgerTotals(readModel: SqliteReadModel): LedgerTotals {
  const rows = readModel.reader
    .prepare('SELECT region_code, month, payer, sum(amount_fen) AS amount_fen, sum(claims) AS claims FROM ledger GROUP BY region_code, month, payer ORDER BY region_code, month, payer')
    .safeIntegers(true)
    .all() as { region_code: string; month: string; payer: string; amount_fen: bigint; claims: bigint }[];
  const out: LedgerTotals = {};
  for (const r of rows) {
    const exact = (v: bigint) => {
      // a sum past 2^53 could not be written to JSON exactly: fail rather than round (libs/projections exact-integer)
      if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) throw new Error(`ledger ${r.region_code} ${r.month} ${r.payer}: ${v} is beyond 2^53`);
      return Number(v);
    };
    ((out[r.region_code] ??= {})[r.month] ??= {})[r.payer] = { amountFen: exact(r.amount_fen), claims: exact(r.claims) };
  }
  return out;
}

/**
 * Replays an events.db into the SQLite read model at `readModelFile` (every projection, from the
 * start) and returns its ledger totals. `onProgress` gets (position, head) as the replay goes.
 */
export async function replayLedgers(eventsDb: string, readModelFile: string, onProgress?: (position: number, head: number) => void): Promise<LedgerTotals> {
  const store = withCurrentSchemas(new SqliteEventStore({ filename: eventsDb }));
  const readModel = new SqliteReadModel(readModelFile);
  try {
    const projector = new Projector(store, readModel, ALL_PROJECTIONS, { batchSize: 5000, onProgress });
    await projector.rebuild();
    return ledgerTotals(readModel);
  } finally {
    await store.close();
    await readModel.close();
  }
}

/** The differences between two ledger totals, one line each (empty: they agree). */
export function compareLedgers(expected: LedgerTotals, actual: LedgerTotals): string[] {
  const lines: string[] = [];
  const keys = new Set<string>();
  for (const side of [expected, actual]) for (const [region, months] of Object.entries(side)) for (const [month, payers] of Object.entries(months)) for (const payer of Object.keys(payers)) keys.add(`${region} ${month} ${payer}`);
  for (const key of [...keys].sort()) {
    const [region, month, payer] = key.split(' ');
    const a = expected[region]?.[month]?.[payer];
    const b = actual[region]?.[month]?.[payer];
    if (a?.amountFen !== b?.amountFen || a?.claims !== b?.claims) {
      lines.push(`${key}: the backup recorded ${a ? `${a.amountFen} fen in ${a.claims} claims` : 'nothing'}, the restore has ${b ? `${b.amountFen} fen in ${b.claims} claims` : 'nothing'}`);
    }
  }
  return lines;
}
