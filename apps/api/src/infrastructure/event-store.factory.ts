/** The event log: KurrentDB/EventStoreDB when EVENTSTORE_CONNECTION_STRING is set, else SQLite under DATA_DIR. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EventStore, SqliteEventStore, createKurrentDbEventStore } from '@benefit/event-store';
import { AppConfig } from '../config';

export async function openEventStore(config: AppConfig): Promise<EventStore> {
  if (config.eventStoreUrl) return createKurrentDbEventStore(config.eventStoreUrl);
  fs.mkdirSync(config.dataDir, { recursive: true });
  return new SqliteEventStore({ filename: path.join(config.dataDir, 'events.db'), synchronous: config.sqliteSynchronous });
}
