/**
 * A decision that holds a unique key (a claim id, a resident id: reservations.ts): the key's
 * stream is written in the same atomic append as the decision, expecting no stream, so a refused
 * request writes neither and of two requests for one key exactly one lands.
 */
import { CommandMeta, Decider, KeyOwner, RunResult, keyOwner, reserveKey } from '@benefit/domain';
import { WrongExpectedRevisionError } from '@benefit/event-store';
import { Ports } from './ports';

export interface HeldKey {
  streamId: string;
  owner: KeyOwner;
  /** Called with the key's holder when it is not this request; throws the conflict to answer. */
  onTaken: (holder: KeyOwner | null) => void;
}

/** Another request holds the key: a different person, or the same person with a different body. */
const heldByAnother = (holder: KeyOwner | null, owner: KeyOwner): boolean =>
  !holder || holder.personId !== owner.personId || holder.requestHash !== owner.requestHash;

/** Times the same request, decided concurrently in another process, is decided again. */
const KEY_RETRIES = 3;

/**
 * Decides and appends the key alongside. A decision that writes nothing (a retry of a recorded
 * one) must still own the key. A lost race for the key stream is decided again when the winner
 * was this same request (deciding again returns what it recorded), else answered by `onTaken`.
 */
export async function decideHoldingKey<C, S, E extends { type: string; data: unknown }, Ctx>(
  ports: Pick<Ports, 'commands' | 'log'>,
  decider: Decider<C, S, E, Ctx>,
  command: C,
  context: Ctx,
  meta: CommandMeta,
  key: HeldKey,
): Promise<RunResult<S, E>> {
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await ports.commands.handle(decider, command, context, meta, (events) => (events.length ? [reserveKey(key.streamId, key.owner)] : []));
      if (result.events.length === 0) {
        const holder = await keyOwner(ports.log, key.streamId);
        if (heldByAnother(holder, key.owner)) key.onTaken(holder);
      }
      return result;
    } catch (err) {
      if (!(err instanceof WrongExpectedRevisionError) || err.streamId !== key.streamId || attempt >= KEY_RETRIES) throw err;
      const holder = await keyOwner(ports.log, key.streamId);
      if (heldByAnother(holder, key.owner)) key.onTaken(holder);
    }
  }
}
