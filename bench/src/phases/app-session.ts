/**
 * The app the bus, http and history phases share (and whose log the catch-up phase rebuilds):
 * started once on SQLITE_SYNCHRONOUS=FULL, with its persons registered through the CommandBus.
 */
import { coalesceProjector } from '../../experiments/coalesce-projector';
import { BenchApp } from '../app';
import { Measured } from '../figures';
import { personIdOf } from '../fixtures';
import { countStoreCommits, countTransactions } from '../measure';
import { Sizes } from '../sizes';
import { perSec, progress, round, runPool } from '../util';

export interface AppSession {
  app: BenchApp;
  /** Read-model transactions (projector commits); a phase resets it before what it reports per claim. */
  projectorTx: ReturnType<typeof countTransactions>;
  /** Event-store write transactions (group-commit flushes), likewise. */
  storeTx: ReturnType<typeof countStoreCommits>;
}

export function sessionOf(app: BenchApp, experiments: string[]): AppSession {
  const session = { app, projectorTx: countTransactions(app.storage.readModel), storeTx: countStoreCommits(app.store) };
  if (experiments.includes('coalesce-projector')) coalesceProjector(app.storage.projector!);
  return session;
}

/** Setup of the app's phases: `sizes.persons` Nanchong in-service employees, registered through the bus. */
export async function registerPersons({ app }: AppSession, sizes: Sizes): Promise<Measured> {
  progress(`registering ${sizes.persons} Nanchong in-service employees through the CommandBus (${sizes.inFlight} in flight)`);
  const regMs = await runPool(sizes.persons, sizes.inFlight, async (i) => {
    await app.register(personIdOf(i), i);
  });
  const details = { registerBusPerSec: round(perSec(sizes.persons, regMs)) };
  progress(`registered ${sizes.persons} persons: ${Math.round(perSec(sizes.persons, regMs))}/s`);
  return { details };
}
