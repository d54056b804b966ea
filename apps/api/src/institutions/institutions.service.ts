/** The institution registry as recorded so far, kept current from its stream like the catalogue. */
import { Inject, Injectable } from '@nestjs/common';
import { EventStore } from '@benefit/event-store';
import { StreamBook } from '../infrastructure/stream-book';
import { EVENT_STORE } from '../infrastructure/tokens';
import { INSTITUTIONS_STREAM, InstitutionBook, InstitutionFact, institutionFactOf } from '@benefit/domain';

@Injectable()
export class InstitutionsService {
  private readonly book: StreamBook<InstitutionFact, InstitutionBook>;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.book = new StreamBook(store, INSTITUTIONS_STREAM, (e) => institutionFactOf(e.data, e.revision), (facts, revision) => new InstitutionBook(facts, revision));
  }

  /** The book with every fact recorded so far; `fresh` reads the stream whatever the age. */
  current(fresh = false): Promise<InstitutionBook> {
    return this.book.current(fresh);
  }
}
