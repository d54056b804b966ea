/**
 * Given/when/then for workflows (after Emmett's WorkflowSpecification): the real SQLite event
 * store, the real projections into a SQLite read model, and in-memory fakes for what the api
 * keeps current itself (the parameter book, the catalogue), the clock and the log lines.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CommandMeta, CommandRunner, PersonEvent, personStream } from '@benefit/domain';
import { RecordedEvent, SqliteEventStore } from '@benefit/event-store';
import { CatalogueBook, ParameterBook, catalogueBook, parameterBook } from '@benefit/policy';
import { ALL_PROJECTIONS, Projector, SqliteQueries, SqliteReadModel } from '@benefit/projections';
import { Ports } from '../ports';

export const meta: CommandMeta = { actor: 'spec', correlationId: 'workflow-spec' };

export interface World extends Ports {
  /** The real runner, for history writers that take one (libs/projections/src/testing). */
  commands: CommandRunner;
  store: SqliteEventStore;
  /** Each log line, as the workflow wrote it. */
  lines: { fields: Record<string, unknown>; message: string }[];
  /** The instant `clock.now()` answers; a spec moves it. */
  at: Date;
  book: ParameterBook;
  catalogueBook: CatalogueBook;
  close(): Promise<void>;
}

/** An empty log and read model, the clock at `at` (an ISO instant), the book given. */
export function openWorld(at: string, book: ParameterBook = parameterBook()): World {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-'));
  const store = new SqliteEventStore({ filename: path.join(dir, 'events.db') });
  const readModel = new SqliteReadModel(path.join(dir, 'readmodel.db'));
  const projector = new Projector(store, readModel, ALL_PROJECTIONS);
  const world: World = {
    store,
    lines: [],
    at: new Date(at),
    book,
    catalogueBook: catalogueBook(),
    commands: new CommandRunner(store),
    log: store,
    views: projector,
    queries: new SqliteQueries(readModel),
    parameters: { current: async () => world.book },
    catalogue: { current: async () => world.catalogueBook },
    clock: { now: () => world.at },
    logger: { info: (fields, message) => world.lines.push({ fields, message }) },
    async close() {
      await projector.stop();
      await readModel.close();
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}

/** Given: events already recorded on a person's stream (as earlier commands recorded them). */
export async function given(world: World, personId: string, events: PersonEvent[]): Promise<void> {
  await world.store.append(personStream(personId), events.map((e) => ({ ...e, metadata: meta })), 'any');
}

/** Everything the log holds after `position`: what the step under test recorded. */
export async function recordedAfter(world: World, position: number): Promise<RecordedEvent[]> {
  return world.store.readAll({ after: position, maxCount: 100_000 });
}
