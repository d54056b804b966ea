/**
 * Runs a decision and makes it visible: the generic command runner appends the events, then
 * the projections catch up before the caller answers (read-your-writes).
 */
import { Injectable } from '@nestjs/common';
import { CommandMeta, CommandRunner, Fold, KeyOwner, Reservation, RunResult, releaseKey, reserveKey } from '@benefit/domain';
import { EventStore } from '@benefit/event-store';
import { DomainError } from '@benefit/shared';
import { Projector } from '@benefit/projections';

@Injectable()
export class DecisionsService {
  constructor(
    readonly store: EventStore,
    readonly runner: CommandRunner,
    readonly projector: Projector,
  ) {}

  async run<S, E extends { type: string; data: unknown }>(streamId: string, fold: Fold<S, E>, decide: (s: S) => E[], meta: CommandMeta): Promise<RunResult<S, E>> {
    const result = await this.runner.run(streamId, fold, decide, meta);
    // nothing new to write (a retry) still answers from views that include what is recorded
    await this.projector.waitFor(result.position ?? (await this.store.headPosition()));
    return result;
  }

  /** The current folded state, without deciding anything (pre-checks before a reservation). */
  async state<S, E extends { type: string; data: unknown }>(streamId: string, fold: Fold<S, E>): Promise<S> {
    return (await this.runner.load(streamId, fold)).state;
  }

  /**
   * Holds a unique key while `work` runs; gives it back if `work` is refused, so a refused
   * request records nothing that blocks a corrected one.
   */
  async withKey<T>(keyStream: string, owner: KeyOwner, meta: CommandMeta, onTaken: (r: Reservation & { outcome: 'taken' }) => never, work: (retry: boolean) => Promise<T>): Promise<T> {
    const reservation = await reserveKey(this.store, keyStream, owner, meta);
    if (reservation.outcome === 'taken') onTaken(reservation);
    try {
      return await work(reservation.outcome === 'retry');
    } catch (err) {
      // only a refusal (raised before anything was appended) gives the key back
      if (reservation.outcome === 'reserved' && err instanceof DomainError) await releaseKey(this.store, keyStream, reservation.revision, err instanceof Error ? err.message : String(err), meta);
      throw err;
    }
  }
}
