/**
 * Snapshots of folded states in their own SQLite file, DATA_DIR/snapshots.db (issue 13.2): apart
 * from the log, so that the log's file holds only facts and this one can be deleted at any time
 * (the next cold load of each stream folds it from the log and writes it again). Not backed up
 * for the same reason.
 *
 * One row per stream and fold, replaced in place, and the chunks it names (a long history's claim
 * records, written once each and read only when a decision reads them: snapshots.claims.ts) in a
 * table beside it. `synchronous = NORMAL` under WAL: a power cut may lose the last snapshots
 * written, never corrupt the file, and a lost snapshot costs one fold.
 */
import Database from 'better-sqlite3';
import { Snapshot, SnapshotStore } from '@benefit/domain';
import { ownerOnlyDatabase } from '@benefit/shared';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS snapshot_rows (
  stream_id TEXT NOT NULL,
  fold TEXT NOT NULL,
  fold_version INTEGER NOT NULL,
  revision INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  state TEXT NOT NULL,
  chunks TEXT NOT NULL,
  PRIMARY KEY (stream_id, fold)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS snapshot_chunks (
  stream_id TEXT NOT NULL,
  fold TEXT NOT NULL,
  id TEXT NOT NULL,
  bytes BLOB NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS snapshot_chunks_by_id ON snapshot_chunks (stream_id, fold, id);
-- the layout before chunks: one row with every claim record in it (a cache, dropped)
DROP TABLE IF EXISTS snapshots`;

interface SnapshotRow {
  fold_version: number;
  revision: number;
  event_id: string;
  state: string;
  chunks: string;
}

export class SqliteSnapshotStore implements SnapshotStore {
  private readonly db: Database.Database;
  private readonly readRow: Database.Statement<[string, string], SnapshotRow>;
  private readonly writeRow: Database.Statement<[string, string, number, number, string, string, string]>;
  private readonly readChunkRow: Database.Statement<[string, string, string], { bytes: Buffer }>;
  private readonly hasChunk: Database.Statement<[string, string, string], { one: number }>;
  private readonly writeChunk: Database.Statement<[string, string, string, Buffer]>;
  private readonly chunkIds: Database.Statement<[string, string], { id: string }>;
  private readonly deleteChunk: Database.Statement<[string, string, string]>;
  private readonly writeAll: (s: Snapshot, newChunks: Map<string, Buffer>) => void;

  constructor(filename: string) {
    // owner-only before SQLite first opens it: a snapshot holds a person's money facts
    if (filename !== ':memory:') ownerOnlyDatabase(filename);
    this.db = new Database(filename);
    // a chunk of claim records is some 150 KB: 64 KB pages read it in a sixteenth of the page hops
    // (takes effect when the file is created, before WAL)
    this.db.pragma('page_size = 65536');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(SCHEMA);
    this.readRow = this.db.prepare('SELECT fold_version, revision, event_id, state, chunks FROM snapshot_rows WHERE stream_id = ? AND fold = ?');
    this.writeRow = this.db.prepare('INSERT OR REPLACE INTO snapshot_rows (stream_id, fold, fold_version, revision, event_id, state, chunks) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.readChunkRow = this.db.prepare('SELECT bytes FROM snapshot_chunks WHERE stream_id = ? AND fold = ? AND id = ?');
    this.hasChunk = this.db.prepare('SELECT 1 AS one FROM snapshot_chunks WHERE stream_id = ? AND fold = ? AND id = ?');
    this.writeChunk = this.db.prepare('INSERT OR IGNORE INTO snapshot_chunks (stream_id, fold, id, bytes) VALUES (?, ?, ?, ?)');
    this.chunkIds = this.db.prepare('SELECT id FROM snapshot_chunks WHERE stream_id = ? AND fold = ?');
    this.deleteChunk = this.db.prepare('DELETE FROM snapshot_chunks WHERE stream_id = ? AND fold = ? AND id = ?');
    this.writeAll = this.db.transaction((s: Snapshot, newChunks: Map<string, Buffer>) => {
      for (const id of s.chunks) {
        if (!newChunks.has(id) && !this.hasChunk.get(s.streamId, s.fold, id)) throw new Error(`snapshot of ${s.streamId} names chunk ${id}, which is not stored`);
      }
      const previous = this.readRow.get(s.streamId, s.fold);
      for (const [id, bytes] of newChunks) this.writeChunk.run(s.streamId, s.fold, id, bytes);
      this.writeRow.run(s.streamId, s.fold, s.foldVersion, s.revision, s.eventId, s.state, JSON.stringify(s.chunks));
      // chunks named by neither this snapshot nor the one it replaces (a state in memory may still read those)
      const kept = new Set([...s.chunks, ...(previous ? (JSON.parse(previous.chunks) as string[]) : [])]);
      for (const { id } of this.chunkIds.all(s.streamId, s.fold)) if (!kept.has(id)) this.deleteChunk.run(s.streamId, s.fold, id);
    });
  }

  async read(streamId: string, fold: string): Promise<Snapshot | null> {
    const row = this.readRow.get(streamId, fold);
    return row ? { streamId, fold, foldVersion: row.fold_version, revision: row.revision, eventId: row.event_id, state: row.state, chunks: JSON.parse(row.chunks) as string[] } : null;
  }

  async write(s: Snapshot, newChunks: Map<string, Buffer> = new Map()): Promise<void> {
    this.writeAll(s, newChunks);
  }

  readChunk(streamId: string, fold: string, id: string): Buffer | null {
    return this.readChunkRow.get(streamId, fold, id)?.bytes ?? null;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
