/**
 * The parameter book as recorded so far, kept current from its stream (stream-book.ts). Each
 * decision names the parameter revision it used in its policyVersion, so a late one is visible
 * and re-settleable.
 */
import { Inject, Injectable } from '@nestjs/common';
import { EventStore } from '@benefit/event-store';
import { PARAMETER_STREAM, ParameterRecorded } from '@benefit/domain';
import { ParameterBook, ParameterRecord, parameterBook } from '@benefit/policy';
import { StreamBook } from './stream-book';
import { EVENT_STORE } from './tokens';

@Injectable()
export class ParametersService {
  private readonly book: StreamBook<ParameterRecord, ParameterBook>;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.book = new StreamBook(
      store,
      PARAMETER_STREAM,
      (e) => ({ ...(e.data as ParameterRecorded['data']), recordedAt: e.metadata.recordedAt, revision: e.revision }),
      parameterBook,
    );
  }

  /** The book with every value recorded so far; `fresh` reads the stream whatever the age. */
  current(fresh = false): Promise<ParameterBook> {
    return this.book.current(fresh);
  }

  history(key: string): ParameterRecord[] {
    return this.book.recorded().filter((r) => r.key === key);
  }
}
