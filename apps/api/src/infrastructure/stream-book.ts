/**
 * A book of dated records (the parameters, the catalogue) kept current from its stream: records
 * appended through this process are seen at once, records appended by another process (a second
 * api) within REFRESH_MS. Only the revisions not yet read are read again.
 */
import { EventStore, RecordedEvent } from '@benefit/event-store';

const REFRESH_MS = 200;

export class StreamBook<R, B extends { revision: number }> {
  private book: B;
  private readonly records: R[] = [];
  private checkedAt = 0;

  constructor(
    private readonly store: EventStore,
    private readonly streamId: string,
    private readonly recordOf: (event: RecordedEvent) => R,
    private readonly build: (records: R[], revision: number) => B,
  ) {
    this.book = build([], -1);
  }

  /** The book with every record so far; `fresh` reads the stream whatever the age. */
  async current(fresh = false): Promise<B> {
    const now = Date.now();
    if (!fresh && now - this.checkedAt < REFRESH_MS) return this.book;
    this.checkedAt = now;
    const newer = await this.store.readStream(this.streamId, { fromRevision: this.book.revision + 1 });
    if (newer.length === 0) return this.book;
    for (const e of newer) if (e.revision > this.book.revision) this.records.push(this.recordOf(e));
    this.book = this.build([...this.records], newer[newer.length - 1].revision);
    return this.book;
  }

  /** Every record read so far, oldest first. */
  recorded(): readonly R[] {
    return this.records;
  }
}
