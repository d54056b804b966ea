/**
 * The storage path of a claim without the claim: the events SubmitClaim records (ClaimAdjudicated
 * + its claim-id KeyReserved), decided beforehand and untimed, then appended through the adapter's
 * `appendMulti` with the bus's concurrency (group commit) and projected by every projection before
 * each append counts as done (read-your-writes). No deciding, no CommandBus, no view: what is left
 * bounds `submitClaimBusPerSec` for this storage design on this machine.
 */
import * as path from 'node:path';
import { PersonState, claimDecider, claimStream, enrollmentDecider, initialPersonState, reserveKey } from '@benefit/domain';
import { SqliteEventStore, StreamWrite } from '@benefit/event-store';
import { ALL_PROJECTIONS, Projector, SqliteReadModel, projectInAppend } from '@benefit/projections';
import { Claim } from '@benefit/policy';
import { claimBody, personIdOf, registration } from './fixtures';
import { WRITTEN_UNDER, personWrite } from './large-log';
import { nowMs, perSec, progress, removeDir, runPool, tempDir } from './util';

export interface StorePath {
  claimsPerSec: number;
  claims: number;
  cpuUsPerClaim: number;
}

export async function measureStorePath(opts: { persons: number; claims: number; inFlight: number }): Promise<StorePath> {
  const dir = tempDir('store-path');
  // the app's storage path: projections in the appending transaction, WAL checkpoints on a worker (libs/runtime storage.ts)
  const store = new SqliteEventStore({ filename: path.join(dir, 'events.db'), checkpointOnWorker: true });
  const readModel = new SqliteReadModel(path.join(dir, 'readmodel.db'));
  const projector = new Projector(store, readModel, ALL_PROJECTIONS);
  projectInAppend(store, readModel, projector);
  try {
    const states: PersonState[] = [];
    /** The writes of person i's decision; person i's state moves on to include them. */
    const append = (i: number, events: { type: string; data: unknown }[], keys: StreamWrite[] = []): StreamWrite[] => {
      const { writes, state } = personWrite(personIdOf(i), states[i], events, keys);
      states[i] = state;
      return writes;
    };
    for (let i = 0; i < opts.persons; i++) {
      states.push(initialPersonState());
      await store.appendMulti(append(i, enrollmentDecider.decide({ type: 'RegisterPatient', data: registration(personIdOf(i), i) }, states[i])));
    }
    await projector.catchUp();
    // every claim decided up front, in the order it will be appended (round-robin over persons)
    const writes: StreamWrite[][] = [];
    for (let k = 0; k < opts.claims; k++) {
      const i = k % opts.persons;
      const claim = claimBody(`SP-${String(k).padStart(7, '0')}`, personIdOf(i), k) as Claim;
      const events = claimDecider.decide({ type: 'SubmitClaim', data: claim }, states[i], { params: WRITTEN_UNDER, today: '2026-11-22' });
      writes.push(append(i, events, [reserveKey(claimStream(claim.claimId), { key: claim.claimId, personId: claim.personId, requestHash: `h${k}` })]));
    }
    progress(`store path: ${opts.claims} decided claims appended and projected, ${opts.inFlight} in flight`);
    const cpu0 = process.cpuUsage();
    const started = nowMs();
    await runPool(opts.claims, opts.inFlight, async (k) => {
      const results = await store.appendMulti(writes[k]);
      await projector.waitFor(Math.max(...results.map((r) => r.position)));
    });
    const ms = nowMs() - started;
    const cpu = process.cpuUsage(cpu0);
    return { claimsPerSec: perSec(opts.claims, ms), claims: opts.claims, cpuUsPerClaim: (cpu.user + cpu.system) / opts.claims };
  } finally {
    await projector.stop();
    await readModel.close();
    await store.close();
    removeDir(dir);
  }
}
