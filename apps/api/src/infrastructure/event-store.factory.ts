/** The event log: KurrentDB/EventStoreDB when EVENTSTORE_CONNECTION_STRING is set, else SQLite under DATA_DIR. */
import * as path from 'node:path';
import { EventStore, SqliteEventStore, createKurrentDbEventStore } from '@benefit/event-store';
import { ownerOnlyDatabase } from '@benefit/shared';
import { AppConfig } from '../config';

export async function openEventStore(config: AppConfig): Promise<EventStore> {
  if (config.eventStoreUrl) return createKurrentDbEventStore(config.eventStoreUrl);
  // owner-only before SQLite first opens it: its -wal and -shm files take the same mode
  const filename = path.join(config.dataDir, 'events.db');
  ownerOnlyDatabase(filename);
  return new SqliteEventStore({ filename, synchronous: config.sqliteSynchronous });
}
