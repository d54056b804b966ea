/**
 * Appends to one stream and optimistic concurrency: every form of expected revision, the
 * revision and position an append reports, and that a failed append writes nothing.
 */
import { EventStore, WrongExpectedRevisionError } from '../event-store.port';
import { ContractContext, ev, evs, expectWrongRevision } from './kit.contract';

export function appendContract(t: ContractContext): void {
  let store: EventStore;
  const { stream } = t;
  beforeEach(() => {
    store = t.store;
  });

  describe('append with expected revision', () => {
    it("'no_stream' succeeds on a new stream", async () => {
      const id = stream();
      const result = await store.append(id, [ev('Opened')], 'no_stream');
      expect(result.nextExpectedRevision).toBe(0);
      expect(await store.streamRevision(id)).toBe(0);
    });

    it("'no_stream' fails on an existing stream and reports the actual revision", async () => {
      const id = stream();
      await store.append(id, evs(2), 'no_stream');
      const error = await expectWrongRevision(store.append(id, [ev('Again')], 'no_stream'));
      expect(error).toMatchObject({ streamId: id, expected: 'no_stream', actual: 1 });
      expect(await store.streamRevision(id)).toBe(1);
    });

    it("'stream_exists' fails on an absent stream and succeeds once it exists", async () => {
      const id = stream();
      const error = await expectWrongRevision(store.append(id, [ev('X')], 'stream_exists'));
      expect(error).toMatchObject({ streamId: id, expected: 'stream_exists', actual: -1 });
      expect(await store.readStream(id)).toEqual([]);

      await store.append(id, [ev('Opened')], 'no_stream');
      const result = await store.append(id, [ev('X')], 'stream_exists');
      expect(result.nextExpectedRevision).toBe(1);
    });

    it('an exact revision succeeds at the current revision', async () => {
      const id = stream();
      await store.append(id, evs(2), 'no_stream');
      const result = await store.append(id, [ev('Next')], 1);
      expect(result.nextExpectedRevision).toBe(2);
    });

    it.each([
      ['behind', 0],
      ['ahead', 5],
    ])('an exact revision %s the current one fails with streamId/expected/actual', async (_label, expected) => {
      const id = stream();
      await store.append(id, evs(2), 'no_stream');
      const error = await expectWrongRevision(store.append(id, [ev('Late')], expected));
      expect(error).toMatchObject({ streamId: id, expected, actual: 1 });
      expect(error.message).toContain(id);
      expect(await store.streamRevision(id)).toBe(1);
    });

    it('an exact revision fails on an absent stream (actual -1)', async () => {
      const id = stream();
      const error = await expectWrongRevision(store.append(id, [ev('X')], 0));
      expect(error).toMatchObject({ streamId: id, expected: 0, actual: -1 });
      expect(await store.streamRevision(id)).toBe(-1);
    });

    it("'any' succeeds on an absent and on an existing stream", async () => {
      const id = stream();
      expect((await store.append(id, [ev('A')], 'any')).nextExpectedRevision).toBe(0);
      expect((await store.append(id, evs(2), 'any')).nextExpectedRevision).toBe(2);
    });

    it('revisions are 0-based and consecutive across appends; nextExpectedRevision chains', async () => {
      const id = stream();
      const first = await store.append(id, evs(3), 'no_stream');
      expect(first.nextExpectedRevision).toBe(2);
      const second = await store.append(id, evs(2, 'More'), first.nextExpectedRevision);
      expect(second.nextExpectedRevision).toBe(4);

      const read = await store.readStream(id);
      expect(read.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
      expect(read.map((e) => e.type)).toEqual(['Counted', 'Counted', 'Counted', 'More', 'More']);
      expect(read.map((e) => (e.data as { i: number }).i)).toEqual([0, 1, 2, 0, 1]);
      // AppendResult.position is the position of the last event written.
      expect(first.position).toBe(read[2].position);
      expect(second.position).toBe(read[4].position);
    });

    it('a multi-event append that fails on its expected revision writes nothing', async () => {
      const id = stream();
      await store.append(id, [ev('Opened')], 'no_stream');
      await expectWrongRevision(store.append(id, evs(3), 5));
      expect((await store.readStream(id)).map((e) => e.type)).toEqual(['Opened']);
    });

    it('a multi-event append that fails part-way (unserialisable event) writes nothing', async () => {
      const id = stream();
      // BigInt cannot be serialised to JSON: the second event fails after the first was prepared.
      const batch = [ev('Good', { ok: true }), ev('Bad', { amount: BigInt(1) })];
      await expect(store.append(id, batch, 'any')).rejects.toThrow();
      expect(await store.readStream(id)).toEqual([]);
      expect(await store.streamRevision(id)).toBe(-1);
      // The stream is still usable as a brand-new stream.
      expect((await store.append(id, [ev('Good')], 'no_stream')).nextExpectedRevision).toBe(0);
    });

    it('concurrent appends with the same expected revision: exactly one succeeds', async () => {
      const id = stream();
      await store.append(id, [ev('Opened')], 'no_stream');
      const attempts = Array.from({ length: 5 }, (_, i) => store.append(id, [ev('Racer', { i })], 0));
      const results = await Promise.allSettled(attempts);

      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      for (const r of lost) expect(r.reason).toBeInstanceOf(WrongExpectedRevisionError);

      const read = await store.readStream(id);
      expect(read.map((e) => e.type)).toEqual(['Opened', 'Racer']);
    });

    it("concurrent 'no_stream' appends to a new stream: exactly one succeeds", async () => {
      const id = stream();
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, (_, i) => store.append(id, [ev('Creator', { i })], 'no_stream')),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await store.streamRevision(id)).toBe(0);
    });
  });
}
