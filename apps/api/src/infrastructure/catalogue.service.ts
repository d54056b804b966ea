/**
 * The catalogue (医保目录) as recorded so far, kept like the parameter book (parameters.service.ts):
 * entries recorded through this process are seen at once; entries recorded by another process
 * (a second api) within REFRESH_MS.
 */
const REFRESH_MS = 200;

import { Inject, Injectable } from '@nestjs/common';
import { EventStore } from '@benefit/event-store';
import { CATALOG_STREAM, catalogEntryOf } from '@benefit/domain';
import { CatalogueBook, CatalogueEntry, catalogueBook } from '@benefit/policy';
import { EVENT_STORE } from './tokens';

@Injectable()
export class CatalogueService {
  private book: CatalogueBook = catalogueBook();
  private readonly entries: CatalogueEntry[] = [];
  private checkedAt = 0;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The book with every entry recorded so far; `fresh` reads the stream whatever the age. */
  async current(fresh = false): Promise<CatalogueBook> {
    const now = Date.now();
    if (!fresh && now - this.checkedAt < REFRESH_MS) return this.book;
    this.checkedAt = now;
    const newer = await this.store.readStream(CATALOG_STREAM, { fromRevision: this.book.revision + 1 });
    if (newer.length === 0) return this.book;
    for (const e of newer) {
      if (e.revision <= this.book.revision) continue;
      this.entries.push(catalogEntryOf(e.data, e.revision));
    }
    this.book = catalogueBook(this.entries, newer[newer.length - 1].revision);
    return this.book;
  }
}
