/**
 * The parameter book as recorded so far. Values recorded through this process are seen at once;
 * values recorded by another process (a second api) within REFRESH_MS. Each decision names the
 * parameter revision it used in its policyVersion, so a late one is visible and re-settleable.
 */
const REFRESH_MS = 200;

import { Inject, Injectable } from '@nestjs/common';
import { EventStore } from '@benefit/event-store';
import { PARAMETER_STREAM, ParameterRecorded } from '@benefit/domain';
import { ParameterBook, ParameterRecord, parameterBook } from '@benefit/policy';
import { EVENT_STORE } from './tokens';

@Injectable()
export class ParametersService {
  private book: ParameterBook = parameterBook();
  private readonly records: ParameterRecord[] = [];
  private checkedAt = 0;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The book with every value recorded so far; `fresh` reads the stream whatever the age. */
  async current(fresh = false): Promise<ParameterBook> {
    const now = Date.now();
    if (!fresh && now - this.checkedAt < REFRESH_MS) return this.book;
    this.checkedAt = now;
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
