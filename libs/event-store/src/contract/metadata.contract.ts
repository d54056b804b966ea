/** What an event carries besides its type: its metadata (ids, actor, authorisation, time) and its data, round-tripped. */
import { randomUUID } from 'node:crypto';
import { EventStore, RecordedEvent } from '../event-store.port';
import { ContractContext, ev, evs } from './kit.contract';

export function metadataContract(t: ContractContext): void {
  let store: EventStore;
  const { stream, ours } = t;
  beforeEach(() => {
    store = t.store;
  });

  describe('metadata and data', () => {
    it('the role and token id that authorised an event are kept when given, and absent when not', async () => {
      const id = stream();
      await store.append(id, [ev('Authorised', {}, { actor: 'clerk-wang', role: 'clerk', tokenId: 'b1c4e0a2-jti' }), ev('Plain', {}, { actor: 'system:settlement' })], 'no_stream');
      const [authorised, plain] = await store.readStream(id);
      expect(authorised.metadata).toMatchObject({ actor: 'clerk-wang', role: 'clerk', tokenId: 'b1c4e0a2-jti' });
      expect(plain.metadata.actor).toBe('system:settlement');
      expect(plain.metadata.role).toBeUndefined();
      expect(plain.metadata.tokenId).toBeUndefined();
    });

    it('every event carries eventId, correlationId, causationId, actor and recordedAt', async () => {
      const id = stream();
      const given = { eventId: randomUUID(), correlationId: randomUUID(), causationId: randomUUID(), actor: 'user:42' };
      const startedAt = Date.now();
      await store.append(id, [ev('Given', {}, given), ev('Defaulted'), ev('Defaulted')], 'no_stream');
      const finishedAt = Date.now();
      const [withGiven, d1, d2] = await store.readStream(id);

      expect(withGiven.metadata).toMatchObject(given);
      for (const e of [withGiven, d1, d2]) {
        const m = e.metadata;
        expect(typeof m.eventId).toBe('string');
        expect(m.eventId.length).toBeGreaterThan(0);
        expect(typeof m.correlationId).toBe('string');
        expect(m.correlationId.length).toBeGreaterThan(0);
        expect(typeof m.actor).toBe('string');
        expect(m.actor.length).toBeGreaterThan(0);
        // A canonical ISO-8601 instant that is plausibly "now" (leeway for a remote server's clock).
        expect(new Date(m.recordedAt).toISOString()).toBe(m.recordedAt);
        const at = Date.parse(m.recordedAt);
        expect(at).toBeGreaterThanOrEqual(startedAt - 60_000);
        expect(at).toBeLessThanOrEqual(finishedAt + 60_000);
      }
      expect(d1.metadata.causationId).toBeNull();
      expect(d2.metadata.causationId).toBeNull();
      expect(new Set([withGiven, d1, d2].map((e) => e.metadata.eventId)).size).toBe(3);
    });

    it('generated event ids are unique across appends', async () => {
      const id = stream();
      await store.append(id, evs(3), 'no_stream');
      await store.append(id, evs(3), 2);
      const ids = (await store.readStream(id)).map((e) => e.metadata.eventId);
      expect(new Set(ids).size).toBe(6);
    });

    it('data round-trips: nested objects, arrays, unicode, integers, booleans, null', async () => {
      const id = stream();
      const data = {
        patient: { name: '张三', idCard: '11010519491231002X', tags: ['医保', 'commercial'] },
        bill: { totalFen: 123_456_789, lines: [{ code: 'A01', qty: 3, priceFen: 0 }, { code: 'B02', qty: -1, priceFen: 4_500 }] },
        maxSafe: Number.MAX_SAFE_INTEGER,
        flags: { settled: false, reviewed: true, note: null },
        emoji: '🏥',
      };
      const start = await store.headPosition();
      await store.append(id, [ev('Billed', data)], 'no_stream');
      const [read] = await store.readStream(id);
      expect(read.type).toBe('Billed');
      expect(read.data).toEqual(data);
      // Both read paths must decode the same event identically.
      // (as plain objects: an adapter may hand over events whose data is a getter on a class)
      const plain = (e: RecordedEvent) => ({ streamId: e.streamId, revision: e.revision, position: e.position, type: e.type, data: e.data, metadata: e.metadata });
      expect(ours(await store.readAll({ after: start, maxCount: 100 })).map(plain)).toEqual([plain(read)]);
    });
  });
}
