/**
 * Global positions and the two reads: `readStream` (forwards, backwards, pages) and `readAll`
 * (the whole log in pages after an exclusive position).
 */
import { EventStore, RecordedEvent } from '../event-store.port';
import { ContractContext, evs } from './kit.contract';

export function readsContract(t: ContractContext): void {
  let store: EventStore;
  const { stream, ours } = t;
  beforeEach(() => {
    store = t.store;
  });

  describe('global positions', () => {
    it('strictly increase in append order, across streams', async () => {
      const a = stream('a');
      const b = stream('b');
      const results = [
        await store.append(a, evs(2), 'no_stream'),
        await store.append(b, evs(1), 'no_stream'),
        await store.append(a, evs(3), 1),
        await store.append(b, evs(1), 0),
      ];
      const all = [...(await store.readStream(a)), ...(await store.readStream(b))].sort((x, y) => x.position - y.position);
      // Sorted by position, the events must come out in exactly the order they were appended.
      expect(all.map((e) => `${e.streamId === a ? 'a' : 'b'}${e.revision}`)).toEqual(['a0', 'a1', 'b0', 'a2', 'a3', 'a4', 'b1']);
      for (let i = 1; i < all.length; i++) expect(all[i].position).toBeGreaterThan(all[i - 1].position);
      for (let i = 1; i < results.length; i++) expect(results[i].position).toBeGreaterThan(results[i - 1].position);
    });

    it('headPosition moves to (at least) the position of the last append', async () => {
      const before = await store.headPosition();
      expect(before).toBeGreaterThanOrEqual(0);
      const result = await store.append(stream(), evs(2), 'no_stream');
      expect(result.position).toBeGreaterThan(before);
      const after = await store.headPosition();
      // Other writers on a shared server may have moved the head further.
      expect(after).toBeGreaterThanOrEqual(result.position);
      // Had the head stayed behind our events, reading after it would still return them.
      expect(ours(await store.readAll({ after, maxCount: 100 }))).toEqual([]);
    });
  });

  describe('readStream', () => {
    let id: string;
    const revisions = (events: RecordedEvent[]) => events.map((e) => e.revision);

    beforeEach(async () => {
      id = stream();
      await store.append(id, evs(5), 'no_stream');
      // Another stream interleaved, which must never leak into `id`'s reads.
      await store.append(stream('other'), evs(2), 'no_stream');
    });

    it('reads forwards by default', async () => {
      const read = await store.readStream(id);
      expect(revisions(read)).toEqual([0, 1, 2, 3, 4]);
      expect(read.every((e) => e.streamId === id)).toBe(true);
    });

    it('reads backwards from the end', async () => {
      expect(revisions(await store.readStream(id, { direction: 'backwards' }))).toEqual([4, 3, 2, 1, 0]);
    });

    it('fromRevision is inclusive in both directions', async () => {
      expect(revisions(await store.readStream(id, { fromRevision: 2 }))).toEqual([2, 3, 4]);
      expect(revisions(await store.readStream(id, { direction: 'backwards', fromRevision: 2 }))).toEqual([2, 1, 0]);
    });

    it('maxCount limits the page in both directions', async () => {
      expect(revisions(await store.readStream(id, { maxCount: 2 }))).toEqual([0, 1]);
      expect(revisions(await store.readStream(id, { direction: 'backwards', maxCount: 2 }))).toEqual([4, 3]);
      expect(revisions(await store.readStream(id, { fromRevision: 1, maxCount: 2 }))).toEqual([1, 2]);
      expect(revisions(await store.readStream(id, { direction: 'backwards', fromRevision: 3, maxCount: 2 }))).toEqual([3, 2]);
    });

    it('reading forwards past the end gives an empty list', async () => {
      expect(await store.readStream(id, { fromRevision: 5 })).toEqual([]);
    });

    it('an absent stream reads as empty and has revision -1', async () => {
      const absent = stream('absent');
      expect(await store.readStream(absent)).toEqual([]);
      expect(await store.readStream(absent, { direction: 'backwards' })).toEqual([]);
      expect(await store.streamRevision(absent)).toBe(-1);
      expect(await store.streamRevision(id)).toBe(4);
    });
  });

  describe('readAll', () => {
    it('pages with an exclusive `after` cover the whole log in order, without gaps or duplicates', async () => {
      const start = await store.headPosition();
      const a = stream('a');
      const b = stream('b');
      await store.append(a, evs(3), 'no_stream');
      await store.append(b, evs(2), 'no_stream');
      await store.append(a, evs(2), 2);
      const last = await store.append(b, evs(3), 1);
      const written = [...(await store.readStream(a)), ...(await store.readStream(b))].sort((x, y) => x.position - y.position);
      expect(written).toHaveLength(10);

      const maxCount = 3;
      const seen: RecordedEvent[] = [];
      let after = start;
      // Stop once past our last event: on a shared server the log keeps growing.
      while (after < last.position) {
        const page = await store.readAll({ after, maxCount });
        expect(page.length).toBeGreaterThan(0);
        expect(page.length).toBeLessThanOrEqual(maxCount);
        expect(page[0].position).toBeGreaterThan(after); // `after` is exclusive
        for (let i = 1; i < page.length; i++) expect(page[i].position).toBeGreaterThan(page[i - 1].position);
        seen.push(...page);
        after = page[page.length - 1].position;
      }
      expect(ours(seen)).toEqual(written);
    });

    it('`after` excludes the event at that position', async () => {
      const id = stream();
      await store.append(id, evs(3), 'no_stream');
      const [e0, e1, e2] = await store.readStream(id);
      expect(ours(await store.readAll({ after: e0.position, maxCount: 100 }))).toEqual([e1, e2]);
      expect(ours(await store.readAll({ after: e2.position, maxCount: 100 }))).toEqual([]);
    });

    it('`after: 0` reads from the beginning of the log', async () => {
      await store.append(stream(), evs(1), 'no_stream');
      const page = await store.readAll({ after: 0, maxCount: 1 });
      expect(page).toHaveLength(1);
      expect(page[0].position).toBeGreaterThan(0);
      // Nothing precedes the first event.
      const first = page[0];
      const again = await store.readAll({ after: 0, maxCount: 2 });
      expect(again[0]).toEqual(first);
    });
  });
}
