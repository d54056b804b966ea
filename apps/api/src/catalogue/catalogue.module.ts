import { Module } from '@nestjs/common';
import { CatalogueController, RecordCatalogEntriesHandler } from './catalogue.controller';

/** The catalogue (医保目录): dated classes of item codes, read when a claim omits an item's class. */
@Module({ controllers: [CatalogueController], providers: [RecordCatalogEntriesHandler] })
export class CatalogueModule {}
