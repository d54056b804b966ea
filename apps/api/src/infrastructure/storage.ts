/**
 * The storage of one process: the event log (SQLite under DATA_DIR), the read model (SQLite
 * under DATA_DIR by default, PostgreSQL when READMODEL_URL names one) and the projector between.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Logger } from 'pino';
import { SqliteEventStore } from '@benefit/event-store';
import { ALL_PROJECTIONS, Projector, ReadModelStore, ReadQueries, SqliteQueries, SqliteReadModel } from '@benefit/projections';
import { AppConfig } from '../config';

export interface Storage {
  store: SqliteEventStore;
  readModel: ReadModelStore;
  queries: ReadQueries;
  projector: Projector;
  close(): Promise<void>;
}

async function openReadModel(config: AppConfig): Promise<{ readModel: ReadModelStore; queries: ReadQueries }> {
  if (config.readModelUrl) {
    const { openPostgresReadModel, PostgresQueries } = await import('@benefit/projections/postgres');
    const readModel = await openPostgresReadModel(config.readModelUrl);
    return { readModel, queries: new PostgresQueries(readModel) };
  }
  const readModel = new SqliteReadModel(path.join(config.dataDir, 'readmodel.db'));
  return { readModel, queries: new SqliteQueries(readModel) };
}

export async function openStorage(config: AppConfig, logger: Logger): Promise<Storage> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const store = new SqliteEventStore({ filename: path.join(config.dataDir, 'events.db'), synchronous: config.sqliteSynchronous });
  const { readModel, queries } = await openReadModel(config);
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
      await readModel.close();
    },
  };
}
