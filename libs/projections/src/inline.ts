/**
 * The lean write path's wiring (issue 13.1), in one place for the service, the tools and the
 * bench: the read model attached to the log's connection, and the projector run by each append
 * inside its transaction. `readLog` is the log claim views read their events through (the
 * upcasting store over `log` in the service).
 */
import { EventStore, SqliteEventStore } from '@benefit/event-store';
import { Projector } from './projector';
import { SqliteReadModel } from './sqlite/sqlite-read-model';

export function projectInAppend(log: SqliteEventStore, readModel: SqliteReadModel, projector: Projector, readLog: EventStore = log): void {
  readModel.shareConnectionWith(log, readLog);
  log.projectInline(projector.inline(readModel));
}
