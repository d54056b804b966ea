/**
 * Snapshots of folded states in their own SQLite file, DATA_DIR/snapshots.db (issue 13.2): apart
 * from the log, so that the log's file holds only facts and this one can be deleted at any time
 * (the next cold load of each stream folds it from the log and writes it again). Not backed up
 * for the same reason.
 *
 * One row per stream and fold, replaced in place. `synchronous = NORMAL` under WAL: a power cut
 * may lose the last snapshots written, never corrupt the file, and a lost snapshot costs one fold.
 */
import Database from 'better-sqlite3';
import { Snapshot, SnapshotStore } from '@benefit/domain';
import { ownerOnlyDatabase } from '@benefit/shared';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS snapshots (
  stream_id TEXT NOT NULL,
  fold TEXT NOT NULL,
  fold_version INTEGER NOT NULL,
  revision INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  state TEXT NOT NULL,
  bulk BLOB,
  PRIMARY KEY (stream_id, fold)
) WITHOUT ROWID`;

interface SnapshotRow {
  fold_version: number;
  revision: number;
  event_id: string;
  state: string;
  bulk: Buffer | null;
}

export class SqliteSnapshotStore implements SnapshotStore {
  private readonly db: Database.Database;
  private readonly readRow: Database.Statement<[string, string], SnapshotRow>;
  private readonly writeRow: Database.Statement<[string, string, number, number, string, string, Buffer | null]>;

  constructor(filename: string) {
    // owner-only before SQLite first opens it: a snapshot holds a person's money facts
    if (filename !== ':memory:') ownerOnlyDatabase(filename);
    this.db = new Database(filename);
    // a long history's snapshot is megabytes: 64 KB pages read it in a sixteenth of the page hops
    // (takes effect when the file is created, before WAL)
    this.db.pragma('page_size = 65536');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(SCHEMA);
    this.readRow = this.db.prepare('SELECT fold_version, revision, event_id, state, bulk FROM snapshots WHERE stream_id = ? AND fold = ?');
    this.writeRow = this.db.prepare('INSERT OR REPLACE INTO snapshots (stream_id, fold, fold_version, revision, event_id, state, bulk) VALUES (?, ?, ?, ?, ?, ?, ?)');
  }

  async read(streamId: string, fold: string): Promise<Snapshot | null> {
    const row = this.readRow.get(streamId, fold);
    return row ? { streamId, fold, foldVersion: row.fold_version, revision: row.revision, eventId: row.event_id, state: row.state, bulk: row.bulk } : null;
  }

  async write(s: Snapshot): Promise<void> {
    this.writeRow.run(s.streamId, s.fold, s.foldVersion, s.revision, s.eventId, s.state, s.bulk);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
