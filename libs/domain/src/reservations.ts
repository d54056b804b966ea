/**
 * Unique keys held by a small stream of their own (a claim id, a resident id): the last event
 * names the owner. A reservation whose command was then refused is released, so that a refused
 * request records nothing that blocks a corrected one.
 */
import { EventStore, WrongExpectedRevisionError } from '@benefit/event-store';
import { CommandMeta } from './command-runner';

export const KEY_RESERVED = 'KeyReserved';
export const KEY_RELEASED = 'KeyReleased';

export interface KeyOwner {
  /** What the key identifies: the claim id, or 'resident-id'. */
  key: string;
  personId: string;
  /** Hash of the request body: the same body again is a retry, a different one a conflict. */
  requestHash: string;
}

export type Reservation = { outcome: 'reserved' | 'retry'; revision: number } | { outcome: 'taken'; owner: KeyOwner };

const meta = (m: CommandMeta) => ({ actor: m.actor, correlationId: m.correlationId, causationId: m.causationId ?? null });

export async function reserveKey(store: EventStore, streamId: string, owner: KeyOwner, m: CommandMeta): Promise<Reservation> {
  for (;;) {
    const [last] = await store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    if (last && last.type === KEY_RESERVED) {
      const held = last.data as KeyOwner;
      if (held.personId === owner.personId && held.requestHash === owner.requestHash) return { outcome: 'retry', revision: last.revision };
      return { outcome: 'taken', owner: held };
    }
    try {
      const r = await store.append(streamId, [{ type: KEY_RESERVED, data: owner, metadata: meta(m) }], last ? last.revision : 'no_stream');
      return { outcome: 'reserved', revision: r.nextExpectedRevision };
    } catch (err) {
      if (!(err instanceof WrongExpectedRevisionError)) throw err;
    }
  }
}

/** Gives the key back after the command that reserved it was refused. */
export async function releaseKey(store: EventStore, streamId: string, revision: number, reason: string, m: CommandMeta): Promise<void> {
  try {
    await store.append(streamId, [{ type: KEY_RELEASED, data: { reason }, metadata: meta(m) }], revision);
  } catch (err) {
    if (!(err instanceof WrongExpectedRevisionError)) throw err; // someone else holds it now
  }
}
