/** The embedded storage: event log and read model under DATA_DIR, and the projector between them. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Logger } from 'pino';
import { SqliteEventStore } from '@benefit/event-store';
import { ALL_PROJECTIONS, Projector, SqliteQueries, SqliteReadModel } from '@benefit/projections';

export interface Storage {
  store: SqliteEventStore;
  readModel: SqliteReadModel;
  queries: SqliteQueries;
  projector: Projector;
  close(): Promise<void>;
}

export function openStorage(dataDir: string, synchronous: 'NORMAL' | 'FULL', logger: Logger): Storage {
  fs.mkdirSync(dataDir, { recursive: true });
  const store = new SqliteEventStore({ filename: path.join(dataDir, 'events.db'), synchronous });
  const readModel = new SqliteReadModel(path.join(dataDir, 'readmodel.db'));
  const queries = new SqliteQueries(readModel);
  const projector = new Projector(store, readModel, ALL_PROJECTIONS, {
    onProgress: (position, head) => logger.debug({ position, head }, 'projections caught up to'),
  });
  return {
    store,
    readModel,
    queries,
    projector,
    async close() {
      await projector.stop();
      await store.close();
      readModel.close();
    },
  };
}
