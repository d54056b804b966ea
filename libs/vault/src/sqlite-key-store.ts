/**
 * The key store in SQLite (DATA_DIR/keys.db), apart from the event log so that it can be backed
 * up, restored and destroyed apart from it.
 *
 * - `secure_delete = ON`: SQLite overwrites with zeros the bytes a write frees, so an erased
 *   person's wrapped key does not linger in a free page of the file.
 * - A rollback journal, not WAL: in WAL mode the destroyed key's page would stay in the -wal file
 *   until the next checkpoint; a journal holds the old page only while the transaction runs.
 *   (What the file system keeps of freed blocks is beyond any database: see README.)
 * - `synchronous = FULL`: a data key lost at a power cut makes its person's events unreadable
 *   for good, so every new key is on disk before the registration that uses it is recorded.
 * - The file is 0600 in a 0700 directory.
 */
import Database from 'better-sqlite3';
import { ownerOnlyDatabase } from '@benefit/shared';
import { KeyRecord, KeyRow, KeyStore, KeyUsage, NewKey, Rewrap, recordOf } from './key-store';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS person_keys (
  person_id TEXT PRIMARY KEY,
  key_id TEXT,
  wrapped BLOB,
  erased_at TEXT,
  CHECK ((erased_at IS NULL AND key_id IS NOT NULL AND wrapped IS NOT NULL) OR (erased_at IS NOT NULL AND key_id IS NULL AND wrapped IS NULL))
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS person_keys_by_master ON person_keys (key_id) WHERE key_id IS NOT NULL;
`;

export class SqliteKeyStore implements KeyStore {
  readonly db: Database.Database;
  private readonly q;

  constructor(readonly filename: string) {
    if (filename !== ':memory:') ownerOnlyDatabase(filename);
    this.db = new Database(filename);
    this.db.pragma('journal_mode = DELETE');
    this.db.pragma('secure_delete = ON');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(SCHEMA);
    this.q = {
      get: this.db.prepare<[string], KeyRow>('SELECT person_id, key_id, wrapped, erased_at FROM person_keys WHERE person_id = ?'),
      create: this.db.prepare<[string, string, Buffer]>('INSERT INTO person_keys (person_id, key_id, wrapped) VALUES (?, ?, ?) ON CONFLICT (person_id) DO NOTHING'),
      erase: this.db.prepare<[string, string]>(
        `INSERT INTO person_keys (person_id, erased_at) VALUES (?, ?)
         ON CONFLICT (person_id) DO UPDATE SET key_id = NULL, wrapped = NULL, erased_at = coalesce(person_keys.erased_at, excluded.erased_at)`,
      ),
      rewrap: this.db.prepare<[string, Buffer, string, string]>('UPDATE person_keys SET key_id = ?, wrapped = ? WHERE person_id = ? AND key_id = ?'),
      others: this.db.prepare<[string, string, number], KeyRow>(
        'SELECT person_id, key_id, wrapped, erased_at FROM person_keys WHERE key_id IS NOT NULL AND key_id <> ? AND person_id > ? ORDER BY person_id LIMIT ?',
      ),
      usage: this.db.prepare<[], { key_id: string | null; n: number }>('SELECT key_id, count(*) AS n FROM person_keys GROUP BY key_id'),
    };
  }

  async get(personId: string): Promise<KeyRecord | null> {
    const row = this.q.get.get(personId);
    return row ? recordOf(row) : null;
  }

  async create(keys: readonly NewKey[]): Promise<KeyRecord[]> {
    return this.db.transaction(() =>
      keys.map((k) => {
        this.q.create.run(k.personId, k.keyId, k.wrapped);
        return recordOf(this.q.get.get(k.personId)!);
      }),
    )();
  }

  async erase(personId: string, erasedAt: string): Promise<void> {
    this.q.erase.run(personId, erasedAt);
  }

  async rewrap(changes: readonly Rewrap[]): Promise<number> {
    // one transaction per batch: one journal sync for the batch instead of one per key
    return this.db.transaction(() => changes.reduce((n, c) => n + this.q.rewrap.run(c.toKeyId, c.wrapped, c.personId, c.fromKeyId).changes, 0))();
  }

  async wrappedByOthers(exceptKeyId: string, afterPersonId: string, limit: number) {
    return this.q.others.all(exceptKeyId, afterPersonId, limit).map(recordOf) as Extract<KeyRecord, { state: 'active' }>[];
  }

  async usage(): Promise<KeyUsage> {
    const out: KeyUsage = { byMasterKey: {}, erased: 0 };
    for (const r of this.q.usage.all()) {
      if (r.key_id === null) out.erased = r.n;
      else out.byMasterKey[r.key_id] = r.n;
    }
    return out;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
