/**
 * `appendMulti`: one atomic write over several streams, which is how a command claims its
 * idempotency key stream together with the events it causes.
 */
import { EventStore } from '../event-store.port';
import { ContractContext, ev, evs, expectWrongRevision } from './kit.contract';

export function appendMultiContract(t: ContractContext): void {
  let store: EventStore;
  const { stream } = t;
  beforeEach(() => {
    store = t.store;
  });

  describe('appendMulti: several streams, atomically', () => {
    it('writes every stream and returns one result per write, in order', async () => {
      const [a, b] = [stream('a'), stream('b')];
      await store.append(b, [ev('Opened')], 'no_stream');
      const [ra, rb] = await store.appendMulti([
        { streamId: a, events: evs(2), expected: 'no_stream' },
        { streamId: b, events: [ev('Next')], expected: 0 },
      ]);
      expect(ra.nextExpectedRevision).toBe(1);
      expect(rb.nextExpectedRevision).toBe(1);
      expect(rb.position).toBeGreaterThan(ra.position);
      expect((await store.readStream(a)).map((e) => e.type)).toEqual(['Counted', 'Counted']);
      expect((await store.readStream(b)).map((e) => e.type)).toEqual(['Opened', 'Next']);
    });

    it('a failed expected revision on one stream writes nothing on any, and names that stream', async () => {
      const [a, b] = [stream('a'), stream('b')];
      await store.append(b, [ev('Opened')], 'no_stream');
      const error = await expectWrongRevision(
        store.appendMulti([
          { streamId: a, events: [ev('Key')], expected: 'no_stream' },
          { streamId: b, events: [ev('Late')], expected: 'no_stream' },
        ]),
      );
      expect(error).toMatchObject({ streamId: b, expected: 'no_stream', actual: 0 });
      expect(await store.readStream(a)).toEqual([]);
      expect((await store.readStream(b)).map((e) => e.type)).toEqual(['Opened']);
    });

    it('two concurrent writes claiming the same key stream: exactly one lands, whole', async () => {
      const key = stream('key');
      const [p1, p2] = [stream('p1'), stream('p2')];
      const results = await Promise.allSettled([
        store.appendMulti([{ streamId: key, events: [ev('Reserved', { by: 1 })], expected: 'no_stream' }, { streamId: p1, events: [ev('Paid')], expected: 'any' }]),
        store.appendMulti([{ streamId: key, events: [ev('Reserved', { by: 2 })], expected: 'no_stream' }, { streamId: p2, events: [ev('Paid')], expected: 'any' }]),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const [winner] = await store.readStream(key);
      const winnerStream = (winner.data as { by: number }).by === 1 ? p1 : p2;
      const loserStream = winnerStream === p1 ? p2 : p1;
      expect(await store.streamRevision(winnerStream)).toBe(0);
      expect(await store.streamRevision(loserStream)).toBe(-1);
    });
  });
}
