/**
 * The RowWriter a replay group runs its BatchTx against, away from the writer: `flush` keeps the
 * batch as a part of the current transaction (the single writer writes the parts, in order, when the
 * transaction is handed over), and the reads answer as the read model would inside that transaction
 * on the writer: the rows committed before it (read on a read-only connection) with the parts of the
 * transactions handed over but not yet committed, and the parts flushed in this one, laid over them.
 *
 * A read by key (a person, a claim) never waits for the writer: the newest part holding the key is
 * the answer, and a key no uncommitted part holds is as the store has it, whatever commits meanwhile.
 * A read of a sum (a month's ledger or bed days, the settled months) waits until every transaction
 * handed over is committed, so that no delta is counted twice or missed; a settlement is rare.
 */
import Database from 'better-sqlite3';
import { Month, Payer, RegionCode } from '@benefit/shared';
import { BedDayRow, PersonDoc } from '../read-model';
import { exactInteger } from '../exact-integer';
import { Batch, ClaimAdjusted } from '../engine/batch';
import { RowWriter } from '../engine/row-writer';

/** Byte-wise, as SQLite's BINARY collation orders UTF-8 text. */
const binary = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

export class ReplayRows implements RowWriter {
  /** The batches flushed in the current transaction, oldest first. */
  parts: Batch[] = [];
  /** Transactions handed over, oldest first, until the writer committed them. */
  private inFlight: { seq: number; parts: Batch[] }[] = [];
  private readonly q;

  /**
   * `committed` blocks until the writer committed every transaction this group handed over;
   * `committedSeq` is the last one it committed (transactions are committed in the order handed over).
   */
  constructor(
    readModel: Database.Database,
    private readonly committed: () => void,
    private readonly committedSeq: () => number,
  ) {
    this.q = {
      person: readModel.prepare<[string], { doc: string }>('SELECT doc FROM persons WHERE person_id = ?'),
      settled: readModel.prepare<[string], { month: string }>('SELECT month FROM settled_months WHERE region_code = ?'),
      ledger: readModel
        .prepare<[string, string], { institution_id: string; payer: string; amount_fen: bigint }>('SELECT institution_id, payer, amount_fen FROM ledger WHERE region_code = ? AND month = ?')
        .safeIntegers(true),
      bedDays: readModel
        .prepare<[string, string], { institution_id: string; stays: bigint; bed_days: bigint; amount_fen: bigint }>(
          'SELECT institution_id, stays, bed_days, amount_fen FROM bed_days WHERE region_code = ? AND month = ?',
        )
        .safeIntegers(true),
      claimLedgerMonth: readModel.prepare<[string], { month: string }>('SELECT month FROM claim_ledger_months WHERE claim_id = ?'),
      adjusted: readModel.prepare<[string], { adjusted: string | null }>('SELECT adjusted FROM claims WHERE claim_id = ?'),
    };
  }

  /** The parts of the transaction, handed to the writer; the next transaction starts with none. */
  take(): Batch[] {
    const parts = this.parts;
    this.parts = [];
    return parts;
  }

  /** The transaction `seq` was handed over with `parts`: keyed reads see them until it is committed. */
  handedOver(seq: number, parts: Batch[]): void {
    this.prune();
    this.inFlight.push({ seq, parts });
  }

  /** Drops what the writer committed (it commits in the order handed over). */
  private prune(): void {
    const committed = this.committedSeq();
    while (this.inFlight.length > 0 && this.inFlight[0].seq <= committed) this.inFlight.shift();
  }

  async flush(batch: Batch): Promise<void> {
    this.parts.push(batch);
  }

  async setCheckpoints(): Promise<void> {
    throw new Error('invariant: a replay group hands its checkpoints to the writer with its parts');
  }

  /** The newest value `get` finds in the parts not yet committed (this transaction's last), else undefined. */
  private newest<T>(get: (b: Batch) => T | undefined): T | undefined {
    for (let i = this.parts.length - 1; i >= 0; i--) {
      const v = get(this.parts[i]);
      if (v !== undefined) return v;
    }
    this.prune();
    for (let t = this.inFlight.length - 1; t >= 0; t--) {
      const parts = this.inFlight[t].parts;
      for (let i = parts.length - 1; i >= 0; i--) {
        const v = get(parts[i]);
        if (v !== undefined) return v;
      }
    }
    return undefined;
  }

  /** Every transaction handed over is committed: the store holds all but this transaction's parts. */
  private settle(): void {
    this.committed();
    this.inFlight = [];
  }

  async person(personId: string): Promise<PersonDoc | undefined> {
    // a copy: the projection changes the document it is given, and a part already flushed is not changed after
    const flushed = this.newest((b) => b.persons.get(personId)?.doc);
    if (flushed) return structuredClone(flushed);
    const row = this.q.person.get(personId);
    return row ? (JSON.parse(row.doc) as PersonDoc) : undefined;
  }

  async settledMonths(regionCode: RegionCode): Promise<Month[]> {
    this.settle();
    const months = this.q.settled.all(regionCode).map((r) => r.month as Month);
    for (const part of this.parts) for (const m of part.settledMonths) if (m.regionCode === regionCode && !months.includes(m.month)) months.push(m.month);
    return months;
  }

  async ledgerByInstitution(regionCode: RegionCode, month: Month): Promise<{ institutionId: string; payer: Payer; amountFen: number }[]> {
    this.settle();
    const rows = new Map<string, { institutionId: string; payer: Payer; amount: bigint }>();
    for (const r of this.q.ledger.all(regionCode, month)) rows.set(`${r.institution_id}\u0000${r.payer}`, { institutionId: r.institution_id, payer: r.payer as Payer, amount: r.amount_fen });
    for (const part of this.parts) {
      for (const d of part.ledger.values()) {
        if (d.regionCode !== regionCode || d.month !== month) continue;
        const key = `${d.institutionId}\u0000${d.payer}`;
        const row = rows.get(key);
        if (row) row.amount += BigInt(d.amountFen);
        else rows.set(key, { institutionId: d.institutionId, payer: d.payer, amount: BigInt(d.amountFen) });
      }
    }
    return [...rows.values()]
      .sort((a, b) => binary(a.institutionId, b.institutionId) || binary(a.payer, b.payer))
      .map((r) => ({ institutionId: r.institutionId, payer: r.payer, amountFen: exactInteger(r.amount, 'ledger.amount_fen') }));
  }

  async bedDays(regionCode: RegionCode, month: Month): Promise<BedDayRow[]> {
    this.settle();
    const rows = new Map<string, { stays: bigint; bedDays: bigint; amount: bigint }>();
    for (const r of this.q.bedDays.all(regionCode, month)) rows.set(r.institution_id, { stays: r.stays, bedDays: r.bed_days, amount: r.amount_fen });
    for (const part of this.parts) {
      for (const d of part.bedDays.values()) {
        if (d.regionCode !== regionCode || d.month !== month) continue;
        const row = rows.get(d.institutionId);
        if (row) {
          row.stays += BigInt(d.stays);
          row.bedDays += BigInt(d.bedDays);
          row.amount += BigInt(d.amountFen);
        } else rows.set(d.institutionId, { stays: BigInt(d.stays), bedDays: BigInt(d.bedDays), amount: BigInt(d.amountFen) });
      }
    }
    return [...rows]
      .sort(([a], [b]) => binary(a, b))
      .map(([institutionId, r]) => ({
        institutionId,
        stays: exactInteger(r.stays, 'bed_days.stays'),
        bedDays: exactInteger(r.bedDays, 'bed_days.bed_days'),
        amountFen: exactInteger(r.amount, 'bed_days.amount_fen'),
      }));
  }

  async claimLedgerMonth(claimId: string): Promise<Month | undefined> {
    const flushed = this.newest((b) => b.claimLedgerMonths.get(claimId));
    if (flushed !== undefined) return flushed;
    return this.q.claimLedgerMonth.get(claimId)?.month as Month | undefined;
  }

  async claimAdjusted(claimId: string): Promise<{ adjusted: ClaimAdjusted | null } | undefined> {
    // an `adjusted` flushed in this transaction is the newest; a claim re-put keeps its `adjusted` (the upsert leaves it)
    const flushed = this.newest((b) => b.adjustedClaims.get(claimId));
    if (flushed) return { adjusted: structuredClone(flushed) };
    // looked for before the store is read: a part committed in between is then found in one or the other
    const pending = this.newest((b) => (b.claims.has(claimId) ? true : undefined)) ?? false;
    const row = this.q.adjusted.get(claimId);
    if (row) return { adjusted: row.adjusted ? (JSON.parse(row.adjusted) as ClaimAdjusted) : null };
    return pending ? { adjusted: null } : undefined;
  }
}
