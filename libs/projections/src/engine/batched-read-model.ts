/**
 * The write side every read-model store shares, written once: a projector batch runs against a
 * BatchTx, whose rows the store writes in one flush, then the checkpoints, all in one transaction
 * (all or nothing). A store supplies only its transaction, its flush and its reads (RowWriter),
 * the checkpoint read, and the drop of a projection's rows.
 */
import { Month, RegionCode } from '@benefit/shared';
import { ReadModelStore, ReadModelTx } from '../read-model';
import { BatchTx } from './batch-tx';
import { RowWriter } from './row-writer';

export abstract class BatchedReadModel implements ReadModelStore {
  private readonly settled = new Map<RegionCode, Set<Month>>();

  abstract checkpoint(projection: string): Promise<number>;
  abstract close(): Promise<void>;
  /** Runs `work` in one write transaction: committed when it resolves, rolled back when it throws. */
  protected abstract writeTransaction(work: (rows: RowWriter) => Promise<void>): Promise<void>;
  /** Deletes every row of `tables` and sets the projection's checkpoint to 0, in one transaction. */
  protected abstract dropRows(projection: string, tables: string[]): Promise<void>;

  async transaction(work: (tx: ReadModelTx) => Promise<void>, checkpoints: Map<string, number>): Promise<void> {
    try {
      await this.writeTransaction((rows) => this.applyBatch(rows, work, checkpoints));
    } catch (err) {
      this.rolledBack();
      throw err;
    }
  }

  /** A batch over `rows`: the work gathered, written once, then the checkpoints (read when written). */
  protected async applyBatch(rows: RowWriter, work: (tx: ReadModelTx) => Promise<void>, checkpoints: Map<string, number>): Promise<void> {
    const tx = new BatchTx(rows, this.settled);
    await work(tx);
    await tx.flush();
    await rows.setCheckpoints(checkpoints);
  }

  /** What a rolled-back batch may have left in the caches: the settled months it marked. */
  rolledBack(): void {
    this.settled.clear();
  }

  /** Drops a projection's rows and its checkpoint: the projector then replays it from the start. */
  async reset(projection: string, tables: string[]): Promise<void> {
    try {
      await this.dropRows(projection, tables);
    } finally {
      this.settled.clear();
    }
  }
}
