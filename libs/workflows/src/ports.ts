/**
 * What the workflows need from the world, as small interfaces (after Emmett's workflows and the
 * EventSourcing.NodeJS slices): the api hands them its storage and services, the CLI and the
 * bench their own, a spec the real SQLite store with in-memory fakes. Nothing here knows Nest.
 */
import type { CommandRunner } from '@benefit/domain';
import type { EventStore } from '@benefit/event-store';
import type { CatalogueBook, ParameterBook } from '@benefit/policy';
import type { ReadQueries } from '@benefit/projections';

/** Decides and appends (the generic CommandRunner), and folds a stream without deciding. */
export type Commands = Pick<CommandRunner, 'handle' | 'load'>;

/** The log itself: its head (for read-your-writes of other processes' writes) and a stream (a key's owner). */
export type Log = Pick<EventStore, 'headPosition' | 'readStream'>;

/** The read model catching up with the log (ProjectionWaiter). */
export interface Views {
  /** Resolves once every projection has applied the event at `position`. */
  waitFor(position: number): Promise<void>;
}

/** The read queries the workflows answer from. */
export type Queries = Pick<ReadQueries, 'claim' | 'settlement' | 'settledMonths' | 'personIdsInRegion'>;

/** The parameter book as recorded so far; `fresh` reads its stream whatever the age of the copy held. */
export interface ParameterSource {
  current(fresh?: boolean): Promise<ParameterBook>;
}

/** The catalogue (医保目录) as recorded so far; `fresh` as for the parameters. */
export interface CatalogueSource {
  current(fresh?: boolean): Promise<CatalogueBook>;
}

/** The instant a command is taken at: today in China and the filing time derive from it. */
export interface Clock {
  now(): Date;
}

/** Progress of long jobs; fields carry counts and months, never a person (STYLE.md, privacy). */
export interface WorkLog {
  info(fields: Record<string, unknown>, message: string): void;
}

export interface Ports {
  commands: Commands;
  log: Log;
  views: Views;
  queries: Queries;
  parameters: ParameterSource;
  catalogue: CatalogueSource;
  clock: Clock;
  logger: WorkLog;
}

/** The wall clock, for the api (the CLI's generator brings its simulated one). */
export const wallClock: Clock = { now: () => new Date() };

/** The views include everything the log holds now: writes of other processes too. */
export async function viewsCaughtUp(ports: Pick<Ports, 'log' | 'views'>): Promise<void> {
  await ports.views.waitFor(await ports.log.headPosition());
}

/**
 * A decision made visible: the views wait for its last event, or — when it wrote nothing (a
 * retry) — for the log's head, so the answer includes what is already recorded.
 */
export async function madeVisible(ports: Pick<Ports, 'log' | 'views'>, position: number | null): Promise<void> {
  await ports.views.waitFor(position ?? (await ports.log.headPosition()));
}
