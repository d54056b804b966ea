/**
 * Unique keys held by a small stream of their own (a claim id, a resident id). The key is
 * written in the same atomic append as the decision that uses it, expecting no stream: a
 * refused request writes neither, and of two requests for one key exactly one lands.
 */
import { EventStore, StreamWrite } from '@benefit/event-store';

export const KEY_RESERVED = 'KeyReserved';

export interface KeyOwner {
  /** What the key identifies: the claim id, or 'resident-id'. */
  key: string;
  personId: string;
  /** Hash of the request body: the same body again is a retry, a different one a conflict. */
  requestHash: string;
}

export const reserveKey = (streamId: string, owner: KeyOwner): StreamWrite => ({
  streamId,
  events: [{ type: KEY_RESERVED, data: owner }],
  expected: 'no_stream',
});

/** Who holds a key, or null when nobody does. */
export async function keyOwner(store: Pick<EventStore, 'readStream'>, streamId: string): Promise<KeyOwner | null> {
  const [first] = await store.readStream(streamId, { maxCount: 1 });
  return first?.type === KEY_RESERVED ? (first.data as KeyOwner) : null;
}
