/**
 * The storage of one process: the event log (SQLite under DATA_DIR, or KurrentDB when
 * EVENTSTORE_CONNECTION_STRING names one), the read model (SQLite under DATA_DIR by default,
 * PostgreSQL when READMODEL_URL names one) and the projector between. The api, the projector and
 * the CLI open them here, so that each works against the storage the deployment is configured with.
 */
import * as path from 'node:path';
import { Logger } from 'pino';
import { EventStore, SqliteEventStore, adapterOf, createKurrentDbEventStore } from '@benefit/event-store';
import { ownerOnlyDatabase, ownerOnlyDir } from '@benefit/shared';
import { SNAPSHOT_CODECS, SNAPSHOT_EVERY, Snapshotting, withCurrentSchemas } from '@benefit/domain';
import { ALL_PROJECTIONS, CheckpointWatcher, ProjectionWaiter, projectInAppend, Projector, ReadModelStore, ReadQueries, SqliteQueries, SqliteReadModel } from '@benefit/projections';
import { AppConfig } from './config';
import { SqliteSnapshotStore } from './snapshots';

export interface Storage {
  store: EventStore;
  readModel: ReadModelStore;
  queries: ReadQueries;
  /** The projections run here (inline), or null when a projector process runs them. */
  projector: Projector | null;
  /** What commands wait on for read-your-writes. */
  projections: ProjectionWaiter;
  /** Snapshots of folded states for the command runner (`new CommandRunner(store, { snapshotting })`). */
  snapshotting: Snapshotting;
  close(): Promise<void>;
}

/** Where the embedded store keeps its files under DATA_DIR. */
export const storageFiles = (dataDir: string) => ({
  events: path.join(dataDir, 'events.db'),
  readModel: path.join(dataDir, 'readmodel.db'),
  snapshots: path.join(dataDir, 'snapshots.db'),
});

/**
 * Snapshots under DATA_DIR whatever the log: a local cache checked against the log on every
 * read (libs/domain/src/snapshots.ts), so a KurrentDB deployment keeps its own beside each api.
 * A failure is logged without the stream (a person's id) and the command goes on without it.
 */
export function openSnapshots(config: AppConfig, logger: Logger): Snapshotting {
  return {
    store: new SqliteSnapshotStore(storageFiles(config.dataDir).snapshots),
    codecs: SNAPSHOT_CODECS,
    every: SNAPSHOT_EVERY,
    onError: (err, what) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, `snapshot ${what} failed; the state is folded from the log`),
  };
}

/**
 * The event log: KurrentDB/EventStoreDB when EVENTSTORE_CONNECTION_STRING is set, else SQLite under
 * DATA_DIR; read through the upcasting store, so every reader sees each event in its current schema.
 */
export async function openEventStore(config: AppConfig): Promise<EventStore> {
  if (config.eventStoreUrl) return withCurrentSchemas(await createKurrentDbEventStore(config.eventStoreUrl));
  // owner-only before SQLite first opens it: its -wal and -shm files take the same mode
  const filename = storageFiles(config.dataDir).events;
  ownerOnlyDatabase(filename);
  return withCurrentSchemas(new SqliteEventStore({ filename, synchronous: config.sqliteSynchronous, checkpointOnWorker: true }));
}

/**
 * `log`: where the embedded read model's claim views find their events (an api projecting in the
 * append keeps no copy of the claim in its row); a reader that asks for claims passes it.
 */
export async function openReadModel(config: AppConfig, log?: EventStore): Promise<{ readModel: ReadModelStore; queries: ReadQueries }> {
  if (config.readModelUrl) {
    const { openPostgresReadModel, PostgresQueries } = await import('@benefit/projections/postgres');
    const readModel = await openPostgresReadModel(config.readModelUrl);
    return { readModel, queries: new PostgresQueries(readModel) };
  }
  // names and ids in it are sealed, but the rest (statuses, diagnoses, amounts) is personal too
  const file = storageFiles(config.dataDir).readModel;
  ownerOnlyDatabase(file);
  const readModel = new SqliteReadModel(file);
  if (log) readModel.readClaimsFrom(log);
  return { readModel, queries: new SqliteQueries(readModel) };
}

/**
 * Exactly one process may project into a shared read model: two would apply every event twice.
 * The writer holds a PostgreSQL advisory lock for its whole life; a second one is refused at boot.
 */
export class ReadModelWriterExists extends Error {
  constructor() {
    super('another process already projects into this read model (READMODEL_URL): run exactly one projector (apps/projector) and start the apis with PROJECTIONS=external');
    this.name = 'ReadModelWriterExists';
  }
}

export async function holdWriterLock(url: string): Promise<() => Promise<void>> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ held: boolean }>("SELECT pg_try_advisory_lock(hashtext('benefit-ledger projector ' || current_schema())) AS held");
  if (!rows[0].held) {
    await client.end();
    throw new ReadModelWriterExists();
  }
  return () => client.end();
}

/**
 * The lean write path (issue 13.1): with the embedded log and the embedded read model, the read
 * model's file is attached to the log's connection and each append is projected inside its own
 * transaction (one COMMIT for the events, their rows and the checkpoints). A PostgreSQL read model
 * or a KurrentDB log keeps the checkpointed catch-up after the commit: the same projections, run
 * by the Projector either way. `PROJECT_IN_APPEND=false` keeps the catch-up on SQLite too.
 */
function projectInAppendIfEmbedded(store: EventStore, readModel: ReadModelStore, projector: Projector, config: AppConfig): void {
  const log = adapterOf(store);
  if (config.projectInAppend === false || !(log instanceof SqliteEventStore) || !(readModel instanceof SqliteReadModel)) return;
  projectInAppend(log, readModel, projector, store);
}

export async function openStorage(config: AppConfig, logger: Logger, role: 'api' | 'projector' = 'api'): Promise<Storage> {
  ownerOnlyDir(config.dataDir);
  const store = await openEventStore(config);
  const { readModel, queries } = await openReadModel(config);
  const inline = role === 'projector' || config.projections !== 'external';
  const releaseLock = inline && config.readModelUrl ? await holdWriterLock(config.readModelUrl) : null;
  const snapshotting = openSnapshots(config, logger);
  const projector = inline
    ? new Projector(store, readModel, ALL_PROJECTIONS, { onProgress: (position, head) => logger.debug({ position, head }, 'projections caught up to') })
    : null;
  if (projector) projectInAppendIfEmbedded(store, readModel, projector, config);
  return {
    store,
    readModel,
    queries,
    projector,
    projections: projector ?? new CheckpointWatcher(readModel, ALL_PROJECTIONS),
    snapshotting,
    async close() {
      await projector?.stop();
      await snapshotting.store.close();
      await store.close();
      await readModel.close();
      await releaseLock?.();
    },
  };
}
