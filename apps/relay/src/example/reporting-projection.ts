/**
 * Example downstream read model: amounts per payer and month, from the claims topic. Kafka
 * delivery from the relay is at least once, so every message is applied inside one SQLite
 * transaction together with its eventId in `processed`: a duplicate finds its id there and
 * changes nothing, and a crash between the two cannot happen (same transaction).
 *
 * Months: a ClaimAdjudicated counts in its service month (claim.serviceDate); a
 * ClaimSharesAdjusted (a correction) counts its deltas in the claim's original month, so a month's
 * total is the total as the claims now stand.
 */
import Database from 'better-sqlite3';

export interface IncomingEvent {
  eventId: string;
  type: string;
  /** The published value: the event's data (resident ids masked). */
  data: unknown;
}

export interface PayerMonthTotal {
  payer: string;
  month: string;
  amountFen: number;
  /** Adjudications counted (corrections are not counted again). */
  claims: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS processed (event_id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS payer_month_totals (
  payer      TEXT    NOT NULL,
  month      TEXT    NOT NULL,
  amount_fen INTEGER NOT NULL DEFAULT 0,
  claims     INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (payer, month)
);`;

interface ClaimAdjudicatedData {
  claim: { claimId: string; serviceDate: string };
  adjudication: { shares: Record<string, number> };
}
interface ClaimSharesAdjustedData {
  originalMonth: string;
  deltas: Record<string, number>;
}

export class ReportingProjection {
  readonly db: Database.Database;
  private readonly markProcessed: Database.Statement<[string]>;
  private readonly add: Database.Statement<[string, string, number, number]>;
  private readonly applyTx: (event: IncomingEvent) => boolean;
  duplicatesDropped = 0;

  constructor(filename = ':memory:') {
    this.db = new Database(filename);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(SCHEMA);
    this.markProcessed = this.db.prepare('INSERT OR IGNORE INTO processed (event_id) VALUES (?)');
    this.add = this.db.prepare(
      `INSERT INTO payer_month_totals (payer, month, amount_fen, claims) VALUES (?, ?, ?, ?)
       ON CONFLICT (payer, month) DO UPDATE SET amount_fen = amount_fen + excluded.amount_fen, claims = claims + excluded.claims`,
    );
    this.applyTx = this.db.transaction((event: IncomingEvent): boolean => {
      if (this.markProcessed.run(event.eventId).changes === 0) return false;
      if (event.type === 'ClaimAdjudicated') {
        const d = event.data as ClaimAdjudicatedData;
        const month = d.claim.serviceDate.slice(0, 7);
        for (const [payer, fen] of Object.entries(d.adjudication.shares)) if (fen !== 0) this.add.run(payer, month, fen, 1);
      } else if (event.type === 'ClaimSharesAdjusted') {
        const d = event.data as ClaimSharesAdjustedData;
        for (const [payer, fen] of Object.entries(d.deltas)) if (fen) this.add.run(payer, d.originalMonth, fen, 0);
      }
      return true;
    });
  }

  /** Applies one event; false when its eventId was already applied (a redelivery). */
  apply(event: IncomingEvent): boolean {
    const applied = this.applyTx(event);
    if (!applied) this.duplicatesDropped += 1;
    return applied;
  }

  totals(): PayerMonthTotal[] {
    return this.db
      .prepare('SELECT payer, month, amount_fen AS amountFen, claims FROM payer_month_totals ORDER BY month, payer')
      .all() as PayerMonthTotal[];
  }

  processedCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM processed').get() as { n: number }).n;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
