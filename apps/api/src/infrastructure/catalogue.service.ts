/** The catalogue (医保目录) as recorded so far, kept current like the parameter book. */
import { Inject, Injectable } from '@nestjs/common';
import { EventStore } from '@benefit/event-store';
import { CATALOG_STREAM, catalogEntryOf } from '@benefit/domain';
import { CatalogueBook, CatalogueEntry, catalogueBook } from '@benefit/policy';
import { StreamBook } from './stream-book';
import { EVENT_STORE } from './tokens';

@Injectable()
export class CatalogueService {
  private readonly book: StreamBook<CatalogueEntry, CatalogueBook>;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.book = new StreamBook(store, CATALOG_STREAM, (e) => catalogEntryOf(e.data, e.revision), catalogueBook);
  }

  /** The book with every entry recorded so far; `fresh` reads the stream whatever the age. */
  current(fresh = false): Promise<CatalogueBook> {
    return this.book.current(fresh);
  }
}
