/** The parameter book as recorded so far, refreshed from the `parameters` stream before each use. */
import { Inject, Injectable } from '@nestjs/common';
import { EventStore } from '@benefit/event-store';
import { PARAMETER_STREAM, ParameterRecorded } from '@benefit/domain';
import { ParameterBook, ParameterRecord, parameterBook } from '@benefit/policy';
import { EVENT_STORE } from './tokens';

@Injectable()
export class ParametersService {
  private book: ParameterBook = parameterBook();
  private readonly records: ParameterRecord[] = [];

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The book with every value recorded so far (also by other processes). */
  async current(): Promise<ParameterBook> {
    const newer = await this.store.readStream(PARAMETER_STREAM, { fromRevision: this.book.revision + 1 });
    if (newer.length === 0) return this.book;
    for (const e of newer) {
      if (e.revision <= this.book.revision) continue;
      const d = (e as unknown as ParameterRecorded & { revision: number }).data;
      this.records.push({ ...d, recordedAt: e.metadata.recordedAt, revision: e.revision });
    }
    this.book = parameterBook([...this.records], newer[newer.length - 1].revision);
    return this.book;
  }

  history(key: string): ParameterRecord[] {
    return this.records.filter((r) => r.key === key);
  }
}
