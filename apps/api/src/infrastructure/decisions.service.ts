/**
 * Runs a decision and makes it visible: the generic command runner appends the events, then
 * the projections catch up before the caller answers (read-your-writes). `ports` are the same
 * for the workflows of libs/workflows, which do that themselves.
 */
import { Injectable } from '@nestjs/common';
import { CommandMeta, CommandRunner, Decider, Fold, RunResult } from '@benefit/domain';
import { EventStore } from '@benefit/event-store';
import { ProjectionWaiter } from '@benefit/projections';
import { Ports, madeVisible, wallClock } from '@benefit/workflows';

@Injectable()
export class DecisionsService {
  /** The log, the runner, the views and the wall clock, as the workflows take them. */
  readonly ports: Pick<Ports, 'commands' | 'log' | 'views' | 'clock'>;

  constructor(
    readonly store: EventStore,
    readonly runner: CommandRunner,
    readonly projector: ProjectionWaiter,
  ) {
    this.ports = { commands: runner, log: store, views: projector, clock: wallClock };
  }

  /** Decides `command` with a decider object (libs/domain deciders.ts) and waits for the views. */
  async handle<C, S, E extends { type: string; data: unknown }, Ctx>(decider: Decider<C, S, E, Ctx>, command: C, context: Ctx, meta: CommandMeta): Promise<RunResult<S, E>> {
    const result = await this.runner.handle(decider, command, context, meta);
    // nothing new to write (a retry) still answers from views that include what is recorded
    await madeVisible(this.ports, result.position);
    return result;
  }

  /** The current folded state, without deciding anything. */
  async state<S, E extends { type: string; data: unknown }>(streamId: string, fold: Fold<S, E>): Promise<S> {
    return (await this.runner.load(streamId, fold)).state;
  }
}
