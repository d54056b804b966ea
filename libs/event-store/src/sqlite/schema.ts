/** The log's table and the statements the adapter runs on it. */
import Database from 'better-sqlite3';

export interface EventRow {
  position: number;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

/** What a read returns (`event_id` is inside `metadata` too: not read twice). */
const COLUMNS = 'position, stream_id, revision, type, data, metadata, recorded_at';

/** The log's table; exported so the benchmark measures raw SQLite on exactly this schema. */
export const EVENTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY AUTOINCREMENT,
  stream_id   TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  event_id    TEXT    NOT NULL UNIQUE,
  recorded_at TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
);`;

export interface Statements {
  revision: Database.Statement<[string], { revision: number | null }>;
  insert: Database.Statement<[string, number, string, string, string, string, string]>;
  forwards: Database.Statement<[string, number, number], EventRow>;
  backwards: Database.Statement<[string, number, number], EventRow>;
  all: Database.Statement<[number, number], EventRow>;
  head: Database.Statement<[], { position: number | null }>;
  dataVersion: Database.Statement<[], number>;
  begin: Database.Statement;
  commit: Database.Statement;
  rollback: Database.Statement;
  savepoint: Database.Statement;
  release: Database.Statement;
  rollbackTo: Database.Statement;
}

export function prepareStatements(db: Database.Database): Statements {
  return {
    revision: db.prepare('SELECT max(revision) AS revision FROM events WHERE stream_id = ?'),
    insert: db.prepare('INSERT INTO events (stream_id, revision, type, data, metadata, event_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    forwards: db.prepare(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?`),
    backwards: db.prepare(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`),
    all: db.prepare(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position ASC LIMIT ?`),
    head: db.prepare('SELECT max(position) AS position FROM events'),
    dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    savepoint: db.prepare('SAVEPOINT request'),
    release: db.prepare('RELEASE request'),
    rollbackTo: db.prepare('ROLLBACK TO request'),
  };
}
