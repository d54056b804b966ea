/**
 * Runs a decision and makes it visible: the generic command runner appends the events, then
 * the projections catch up before the caller answers (read-your-writes).
 */
import { Injectable } from '@nestjs/common';
import { CommandMeta, CommandRunner, Fold, KeyOwner, RunResult, keyOwner, reserveKey } from '@benefit/domain';
import { EventStore, WrongExpectedRevisionError } from '@benefit/event-store';
import { ProjectionWaiter } from '@benefit/projections';

@Injectable()
export class DecisionsService {
  constructor(
    readonly store: EventStore,
    readonly runner: CommandRunner,
    readonly projector: ProjectionWaiter,
  ) {}

  async run<S, E extends { type: string; data: unknown }>(
    streamId: string,
    fold: Fold<S, E>,
    decide: (s: S) => E[],
    meta: CommandMeta,
    alongside?: Parameters<CommandRunner['run']>[4],
  ): Promise<RunResult<S, E>> {
    const result = await this.runner.run(streamId, fold, decide, meta, alongside as never);
    // nothing new to write (a retry) still answers from views that include what is recorded
    await this.projector.waitFor(result.position ?? (await this.store.headPosition()));
    return result;
  }

  /**
   * Runs a decision that holds a unique key: the key is written atomically with the decision's
   * events. When the key is already held, `onTaken` gets its owner (and may throw a conflict);
   * if it returns, the decision is run again (the holder was the same request, now decided).
   * A decision that writes nothing (a retry of a recorded one) must still own the key.
   */
  async runWithKey<S, E extends { type: string; data: unknown }>(
    streamId: string,
    fold: Fold<S, E>,
    decide: (s: S) => E[],
    meta: CommandMeta,
    key: { streamId: string; owner: KeyOwner; onTaken: (holder: KeyOwner | null) => void },
  ): Promise<RunResult<S, E>> {
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await this.run(streamId, fold, decide, meta, (events) => (events.length ? [reserveKey(key.streamId, key.owner)] : []));
        if (result.events.length === 0) {
          const holder = await keyOwner(this.store, key.streamId);
          if (!holder || holder.personId !== key.owner.personId || holder.requestHash !== key.owner.requestHash) key.onTaken(holder);
        }
        return result;
      } catch (err) {
        if (!(err instanceof WrongExpectedRevisionError) || err.streamId !== key.streamId || attempt >= 3) throw err;
        const holder = await keyOwner(this.store, key.streamId);
        if (!holder || holder.personId !== key.owner.personId || holder.requestHash !== key.owner.requestHash) key.onTaken(holder);
        // the same request was decided concurrently: deciding again returns what it recorded
      }
    }
  }

  /** The current folded state, without deciding anything. */
  async state<S, E extends { type: string; data: unknown }>(streamId: string, fold: Fold<S, E>): Promise<S> {
    return (await this.runner.load(streamId, fold)).state;
  }
}
