/**
 * The embedded read model: one SQLite file, a writer connection for projectors, a reader for
 * queries. What it holds and how it writes a batch; the batching itself is the engine's
 * (engine/batched-read-model.ts), the same as on PostgreSQL.
 */
import Database from 'better-sqlite3';
import { Month, Payer } from '@benefit/shared';
import { EventStore, SqliteEventStore } from '@benefit/event-store';
import { PersonDoc, ReadModelTx } from '../read-model';
import { exactInteger } from '../exact-integer';
import { Batch, ClaimAdjusted } from '../engine/batch';
import { BatchedReadModel } from '../engine/batched-read-model';
import { RowWriter } from '../engine/row-writer';

/** The read model's tables; exported for the bench's lean write-path prototype, which writes the same rows. */
export const READ_MODEL_SCHEMA = `
CREATE TABLE IF NOT EXISTS checkpoints (projection TEXT PRIMARY KEY, position INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS persons (
  person_id TEXT PRIMARY KEY, region_code TEXT NOT NULL, scheme TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS persons_region ON persons (region_code, scheme);
CREATE TABLE IF NOT EXISTS claims (
  claim_id TEXT PRIMARY KEY, person_id TEXT NOT NULL, region_code TEXT NOT NULL,
  position INTEGER NOT NULL, recorded_at TEXT NOT NULL, adjudicated TEXT NOT NULL, adjusted TEXT);
CREATE TABLE IF NOT EXISTS corrections (
  region_code TEXT NOT NULL, applied_month TEXT NOT NULL, original_month TEXT NOT NULL, payer TEXT NOT NULL, amount_fen INTEGER NOT NULL,
  PRIMARY KEY (region_code, applied_month, original_month, payer));
CREATE INDEX IF NOT EXISTS corrections_original ON corrections (region_code, original_month);
CREATE TABLE IF NOT EXISTS claim_ledger_months (claim_id TEXT PRIMARY KEY, month TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS claims_person ON claims (person_id);
CREATE TABLE IF NOT EXISTS counters (
  person_id TEXT NOT NULL, year INTEGER NOT NULL, key TEXT NOT NULL, used_fen INTEGER NOT NULL, limit_fen INTEGER,
  PRIMARY KEY (person_id, year, key));
CREATE TABLE IF NOT EXISTS account_balances (person_id TEXT PRIMARY KEY, balance_fen INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS account_entries (
  person_id TEXT NOT NULL, position INTEGER NOT NULL, month TEXT NOT NULL, kind TEXT NOT NULL,
  amount_fen INTEGER NOT NULL, reference TEXT, PRIMARY KEY (person_id, position, kind));
CREATE TABLE IF NOT EXISTS ledger (
  region_code TEXT NOT NULL, month TEXT NOT NULL, payer TEXT NOT NULL, institution_id TEXT NOT NULL,
  amount_fen INTEGER NOT NULL, claims INTEGER NOT NULL, PRIMARY KEY (region_code, month, payer, institution_id));
CREATE TABLE IF NOT EXISTS settled_months (region_code TEXT NOT NULL, month TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (region_code, month));
CREATE TABLE IF NOT EXISTS settlements (region_code TEXT NOT NULL, month TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (region_code, month));
CREATE TABLE IF NOT EXISTS bed_days (
  region_code TEXT NOT NULL, month TEXT NOT NULL, institution_id TEXT NOT NULL, stays INTEGER NOT NULL, bed_days INTEGER NOT NULL,
  amount_fen INTEGER NOT NULL, PRIMARY KEY (region_code, month, institution_id));
CREATE TABLE IF NOT EXISTS accruals (
  region_code TEXT NOT NULL, month TEXT NOT NULL, kind TEXT NOT NULL, payer TEXT NOT NULL, amount_fen INTEGER NOT NULL,
  city_fen INTEGER NOT NULL, town_fen INTEGER NOT NULL, persons INTEGER NOT NULL, PRIMARY KEY (region_code, month, kind, payer));
CREATE TABLE IF NOT EXISTS warnings (
  person_id TEXT NOT NULL, kind TEXT NOT NULL, year INTEGER NOT NULL, raised_on TEXT NOT NULL, claim_id TEXT NOT NULL,
  threshold_fen INTEGER NOT NULL, burden_fen INTEGER NOT NULL, citation TEXT NOT NULL, PRIMARY KEY (person_id, kind, year));
CREATE TABLE IF NOT EXISTS fund_years (
  region_code TEXT NOT NULL, year INTEGER NOT NULL, payer TEXT NOT NULL, amount_fen INTEGER NOT NULL, claims INTEGER NOT NULL,
  PRIMARY KEY (region_code, year, payer));
CREATE TABLE IF NOT EXISTS access_log (
  person_id TEXT NOT NULL, position INTEGER NOT NULL, day TEXT NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL, role TEXT, token_id TEXT,
  route TEXT NOT NULL, what TEXT NOT NULL, reason TEXT, PRIMARY KEY (person_id, position));
CREATE INDEX IF NOT EXISTS access_log_position ON access_log (position, person_id);
CREATE TABLE IF NOT EXISTS reconciliation_entries (
  institution_id TEXT NOT NULL, day TEXT NOT NULL, position INTEGER NOT NULL, claim_id TEXT NOT NULL, kind TEXT NOT NULL,
  total_fen INTEGER NOT NULL, fund_fen INTEGER NOT NULL, shares TEXT NOT NULL, PRIMARY KEY (institution_id, day, position));
`;

/** The name the read model's file is attached under on the log's connection (inline write path). */
const ATTACHED_AS = 'readmodel';

export class SqliteReadModel extends BatchedReadModel {
  readonly writer: Database.Database;
  readonly reader: Database.Database;
  private w;
  /** The log whose connection writes this read model (inline write path), or null: its own writer. */
  private shared: SqliteEventStore | null = null;
  /** Where a claim row without its JSON finds its ClaimAdjudicated (the log, read in current schemas). */
  private claimsLog: EventStore | null = null;

  constructor(private readonly filename: string) {
    super();
    this.writer = new Database(filename);
    this.writer.pragma('journal_mode = WAL');
    this.writer.pragma('synchronous = NORMAL');
    this.writer.pragma('busy_timeout = 10000');
    this.writer.exec(READ_MODEL_SCHEMA);
    this.reader = filename === ':memory:' ? this.writer : new Database(filename, { readonly: true });
    if (this.reader !== this.writer) this.reader.pragma('busy_timeout = 10000');
    this.w = statements(this.writer);
  }

  /**
   * The inline write path (issue 13.1): this file is attached to the log's connection and every
   * write of the read model goes through that connection from now on, so an append and its
   * projections commit in one transaction (SqliteEventStore.projectInline); this model's own writer
   * keeps only the schema it made. Its statements name tables without the schema: the log's file
   * must hold none of them (checked), so each name finds the attached one.
   */
  shareConnectionWith(store: SqliteEventStore, readLog: EventStore = store): void {
    if (this.filename === ':memory:') throw new Error('an in-memory read model cannot share the log\'s connection');
    const tables = this.writer.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r.name);
    const clash = store.db.prepare<[], { name: string }>("SELECT name FROM main.sqlite_master WHERE type = 'table'").all().find((r) => tables.includes(r.name) && r.name !== 'sqlite_sequence');
    if (clash) throw new Error(`the log's file has a table named ${clash.name}, as the read model has: it cannot be attached`);
    store.attach(this.filename, ATTACHED_AS);
    this.shared = store;
    this.claimsLog = readLog;
    this.w = statements(store.db);
  }

  /** Where claim rows without their JSON (written by a model sharing the log's connection) are read from, for a reader of this file. */
  readClaimsFrom(log: EventStore): void {
    this.claimsLog = log;
  }

  /**
   * The ClaimAdjudicated at `position`, as a claim row whose JSON is not copied names it: sharing
   * the log's connection, a claim row keeps only the position of its event (the 2 KB claim was
   * written twice before: in the log and in the row, 94% of the read model's bytes), and a claim
   * view is built from the event, read through `readLog` (upcasting: the current schema).
   */
  async claimEventAt(position: number): Promise<unknown> {
    if (!this.claimsLog) throw new Error(`invariant: the claim at position ${position} has no JSON and this read model reads no log`);
    const [event] = await this.claimsLog.readAll({ after: position - 1, maxCount: 1 });
    if (!event || event.position !== position || event.type !== 'ClaimAdjudicated') throw new Error(`invariant: the log has no ClaimAdjudicated at position ${position}, which a claim row names`);
    return event.data;
  }

  /**
   * A batch inside the append transaction the log holds open on the shared connection: rows and
   * checkpoints written there, committed or rolled back with the events (the caller calls
   * `rolledBack` when it rolls back).
   */
  async applyWithin(work: (tx: ReadModelTx) => Promise<void>, checkpoints: Map<string, number>): Promise<void> {
    if (!this.shared?.db.inTransaction) throw new Error('invariant: applyWithin runs inside the log\'s open append transaction');
    await this.applyBatch(this.rows, work, checkpoints);
  }

  /** The connection this model writes through: its own, or the log's when shared. */
  private get conn(): Database.Database {
    return this.shared?.db ?? this.writer;
  }

  async checkpoint(projection: string): Promise<number> {
    return this.checkpointSync(projection);
  }

  checkpointSync(projection: string): number {
    return this.w.checkpoint.get(projection)?.position ?? 0;
  }

  protected async writeTransaction(work: (rows: RowWriter) => Promise<void>): Promise<void> {
    // on the shared connection a catch-up waits for the append in progress, and holds the next
    if (this.shared) return this.shared.exclusive(() => this.ownTransaction(work));
    return this.ownTransaction(work);
  }

  private async ownTransaction(work: (rows: RowWriter) => Promise<void>): Promise<void> {
    this.w.begin.run();
    try {
      await work(this.rows);
      this.w.commit.run();
    } catch (err) {
      if (this.conn.inTransaction) this.w.rollback.run();
      throw err;
    }
  }

  protected async dropRows(projection: string, tables: string[]): Promise<void> {
    const drop = async () =>
      this.conn.transaction(() => {
        for (const t of tables) this.conn.exec(`DELETE FROM ${this.shared ? `${ATTACHED_AS}.` : ''}${t}`);
        this.w.setCheckpoint.run(projection, 0);
      })();
    await (this.shared ? this.shared.exclusive(drop) : drop());
  }

  async close(): Promise<void> {
    this.closeSync();
  }

  closeSync(): void {
    if (this.reader !== this.writer && this.reader.open) this.reader.close();
    if (this.writer.open) this.writer.close();
  }

  private readonly rows: RowWriter = {
    flush: async (batch) => this.flush(batch),
    setCheckpoints: async (checkpoints) => {
      for (const [name, position] of checkpoints) this.w.setCheckpoint.run(name, position);
    },
    person: async (personId) => {
      const row = this.w.getPerson.get(personId);
      return row ? (JSON.parse(row.doc) as PersonDoc) : undefined;
    },
    settledMonths: async (regionCode) => this.w.settled.all(regionCode).map((r) => r.month),
    ledgerByInstitution: async (regionCode, month) =>
      this.w.ledgerByInstitution.all(regionCode, month).map((r) => ({ institutionId: r.institution_id, payer: r.payer as Payer, amountFen: exactInteger(r.amount_fen, 'ledger.amount_fen') })),
    bedDays: async (regionCode, month) =>
      this.w.bedDays.all(regionCode, month).map((r) => ({
        institutionId: r.institution_id,
        stays: exactInteger(r.stays, 'bed_days.stays'),
        bedDays: exactInteger(r.bed_days, 'bed_days.bed_days'),
        amountFen: exactInteger(r.amount_fen, 'bed_days.amount_fen'),
      })),
    claimLedgerMonth: async (claimId) => this.w.claimLedgerMonth.get(claimId)?.month,
    claimAdjusted: async (claimId) => {
      const row = this.w.getAdjusted.get(claimId);
      return row ? { adjusted: row.adjusted ? (JSON.parse(row.adjusted) as ClaimAdjusted) : null } : undefined;
    },
  };

  /** One statement run per gathered row: in SQLite a prepared statement is as fast as a multi-row one. */
  private flush(b: Batch): void {
    const w = this.w;
    for (const { doc, version } of b.persons.values()) w.putPerson.run(doc.personId, doc.regionCode, doc.scheme, version, JSON.stringify(doc));
    for (const [personId, version] of b.versions) w.setVersion.run(version, personId);
    // sharing the log's connection, '' stands for "the event at `position`" (claimEventAt)
    for (const c of b.claims.values()) w.putClaim.run(c.claimId, c.personId, c.regionCode, c.position, c.recordedAt, this.shared ? '' : c.adjudicatedJson);
    for (const [claimId, adjusted] of b.adjustedClaims) w.setAdjusted.run(JSON.stringify(adjusted), claimId);
    for (const [claimId, month] of b.claimLedgerMonths) w.setClaimLedgerMonth.run(claimId, month);
    for (const c of b.counters.values()) w.addCounter.run(c.personId, c.year, c.key, c.deltaFen, c.limitFen);
    for (const e of b.accountEntries) w.addEntry.run(e.personId, e.position, e.month, e.kind, e.amountFen, e.reference);
    for (const [personId, delta] of b.balances) w.addBalance.run(personId, delta);
    for (const d of b.ledger.values()) w.addLedger.run(d.regionCode, d.month, d.payer, d.institutionId, d.amountFen, d.claims);
    for (const f of b.fundYears.values()) w.addFundYear.run(f.regionCode, f.year, f.payer, f.amountFen, f.claims);
    for (const c of b.corrections.values()) w.addCorrection.run(c.regionCode, c.appliedMonth, c.originalMonth, c.payer, c.amountFen);
    for (const r of b.bedDays.values()) w.addBedDays.run(r.regionCode, r.month, r.institutionId, r.stays, r.bedDays, r.amountFen);
    for (const a of b.accruals.values()) w.addAccrual.run(a.regionCode, a.month, a.kind, a.payer, a.amountFen, a.cityFinanceFen, a.townFinanceFen, a.persons);
    for (const m of b.settledMonths) w.markSettled.run(m.regionCode, m.month, m.position);
    for (const doc of b.settlements.values()) w.putSettlement.run(doc.regionCode, doc.month, JSON.stringify(doc));
    for (const x of b.warnings.values()) w.addWarning.run(x.personId, x.kind, x.year, x.raisedOn, x.claimId, x.thresholdFen, x.burdenFen, x.citation);
    for (const r of b.accessLog.values()) w.addAccessRecord.run(r.personId, r.position, r.day, r.at, r.actor, r.role, r.tokenId, r.route, JSON.stringify(r.what), r.reason);
    for (const r of b.reconciliation) w.addReconciliationEntry.run(r.institutionId, r.day, r.position, r.claimId, r.kind, r.totalFen, r.fundFen, JSON.stringify(r.shares));
  }
}

/** The writer's statements, prepared once. */
function statements(db: Database.Database) {
  return {
    getPerson: db.prepare<[string], { doc: string }>('SELECT doc FROM persons WHERE person_id = ?'),
    putPerson: db.prepare(
      `INSERT INTO persons (person_id, region_code, scheme, version, doc) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (person_id) DO UPDATE SET version = excluded.version, doc = excluded.doc`,
    ),
    setVersion: db.prepare('UPDATE persons SET version = ? WHERE person_id = ?'),
    putClaim: db.prepare(
      `INSERT INTO claims (claim_id, person_id, region_code, position, recorded_at, adjudicated) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (claim_id) DO UPDATE SET position = excluded.position, recorded_at = excluded.recorded_at, adjudicated = excluded.adjudicated`,
    ),
    addCounter: db.prepare(
      `INSERT INTO counters (person_id, year, key, used_fen, limit_fen) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (person_id, year, key) DO UPDATE SET used_fen = used_fen + excluded.used_fen, limit_fen = excluded.limit_fen`,
    ),
    addEntry: db.prepare('INSERT INTO account_entries (person_id, position, month, kind, amount_fen, reference) VALUES (?, ?, ?, ?, ?, ?)'),
    addBalance: db.prepare(
      `INSERT INTO account_balances (person_id, balance_fen) VALUES (?, ?)
       ON CONFLICT (person_id) DO UPDATE SET balance_fen = balance_fen + excluded.balance_fen`,
    ),
    addLedger: db.prepare(
      `INSERT INTO ledger (region_code, month, payer, institution_id, amount_fen, claims) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (region_code, month, payer, institution_id) DO UPDATE SET amount_fen = amount_fen + excluded.amount_fen, claims = claims + excluded.claims`,
    ),
    settled: db.prepare<[string], { month: string }>('SELECT month FROM settled_months WHERE region_code = ?'),
    markSettled: db.prepare('INSERT OR IGNORE INTO settled_months (region_code, month, position) VALUES (?, ?, ?)'),
    // amounts as BigInt, made numbers by exactInteger: a settlement never shows a rounded figure
    ledgerByInstitution: db
      .prepare<[string, string], { institution_id: string; payer: string; amount_fen: number | bigint }>(
        'SELECT institution_id, payer, amount_fen FROM ledger WHERE region_code = ? AND month = ? ORDER BY institution_id, payer',
      )
      .safeIntegers(true),
    putSettlement: db.prepare('INSERT OR REPLACE INTO settlements (region_code, month, doc) VALUES (?, ?, ?)'),
    addBedDays: db.prepare(
      `INSERT INTO bed_days (region_code, month, institution_id, stays, bed_days, amount_fen) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (region_code, month, institution_id) DO UPDATE SET stays = stays + excluded.stays, bed_days = bed_days + excluded.bed_days, amount_fen = amount_fen + excluded.amount_fen`,
    ),
    bedDays: db
      .prepare<[string, string], { institution_id: string; stays: number | bigint; bed_days: number | bigint; amount_fen: number | bigint }>(
        'SELECT institution_id, stays, bed_days, amount_fen FROM bed_days WHERE region_code = ? AND month = ? ORDER BY institution_id',
      )
      .safeIntegers(true),
    addAccrual: db.prepare(
      `INSERT INTO accruals (region_code, month, kind, payer, amount_fen, city_fen, town_fen, persons) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (region_code, month, kind, payer) DO UPDATE SET amount_fen = amount_fen + excluded.amount_fen,
         city_fen = city_fen + excluded.city_fen, town_fen = town_fen + excluded.town_fen, persons = persons + excluded.persons`,
    ),
    addWarning: db.prepare(
      'INSERT OR IGNORE INTO warnings (person_id, kind, year, raised_on, claim_id, threshold_fen, burden_fen, citation) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    addFundYear: db.prepare(
      `INSERT INTO fund_years (region_code, year, payer, amount_fen, claims) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (region_code, year, payer) DO UPDATE SET amount_fen = amount_fen + excluded.amount_fen, claims = claims + excluded.claims`,
    ),
    getAdjusted: db.prepare<[string], { adjusted: string | null }>('SELECT adjusted FROM claims WHERE claim_id = ?'),
    setAdjusted: db.prepare('UPDATE claims SET adjusted = ? WHERE claim_id = ?'),
    setClaimLedgerMonth: db.prepare('INSERT OR REPLACE INTO claim_ledger_months (claim_id, month) VALUES (?, ?)'),
    claimLedgerMonth: db.prepare<[string], { month: string }>('SELECT month FROM claim_ledger_months WHERE claim_id = ?'),
    addCorrection: db.prepare(
      `INSERT INTO corrections (region_code, applied_month, original_month, payer, amount_fen) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (region_code, applied_month, original_month, payer) DO UPDATE SET amount_fen = amount_fen + excluded.amount_fen`,
    ),
    addReconciliationEntry: db.prepare(
      'INSERT INTO reconciliation_entries (institution_id, day, position, claim_id, kind, total_fen, fund_fen, shares) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    // a person named twice in one read is one row (the recorder never does it; a replay must not stop on it)
    addAccessRecord: db.prepare(
      'INSERT OR IGNORE INTO access_log (person_id, position, day, at, actor, role, token_id, route, what, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    checkpoint: db.prepare<[string], { position: number }>('SELECT position FROM checkpoints WHERE projection = ?'),
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    setCheckpoint: db.prepare(
      'INSERT INTO checkpoints (projection, position) VALUES (?, ?) ON CONFLICT (projection) DO UPDATE SET position = excluded.position',
    ),
  };
}
