/**
 * Unit tests of the KurrentDB adapter against a fake of the client (no server needed). The
 * contract suite against a real server is kurrentdb-contract.spec.ts; the subscription's tests are
 * kurrentdb-subscription.spec.ts.
 */
import { randomUUID } from 'node:crypto';
import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  StreamDeletedError,
  AccessDeniedError,
} from '@kurrent/kurrentdb-client';
import { RecordedEvent, WrongExpectedRevisionError } from '../event-store.port';
import { KurrentDbEventStore } from './kurrentdb-event-store';
import { ev, evs, rejection, setup } from './testing/fake-store';


describe('KurrentDbEventStore (fake client)', () => {
  describe('append: expected revision → streamState', () => {
    it.each([
      ['any', ANY],
      ['no_stream', NO_STREAM],
    ] as const)("'%s' is sent as %s", async (expected, streamState) => {
      const { client, store } = setup();
      await store.append('s-1', [ev('A')], expected);
      expect(client.appendCalls[0].options?.streamState).toBe(streamState);
    });

    it("'stream_exists' is sent as STREAM_EXISTS", async () => {
      const { client, store } = setup();
      await store.append('s-1', [ev('A')], 'no_stream');
      await store.append('s-1', [ev('B')], 'stream_exists');
      expect(client.appendCalls[1].options?.streamState).toBe(STREAM_EXISTS);
    });

    it('a number is sent as a bigint revision', async () => {
      const { client, store } = setup();
      await store.append('s-1', evs(3), 'no_stream');
      const result = await store.append('s-1', [ev('B')], 2);
      expect(client.appendCalls[1].options?.streamState).toBe(2n);
      expect(result.nextExpectedRevision).toBe(3);
    });

    it.each([-1, 1.5, Number.NaN])('rejects the invalid revision %s before calling the server', async (bad) => {
      const { client, store } = setup();
      await expect(store.append('s-1', [ev('A')], bad)).rejects.toThrow(RangeError);
      expect(client.appendCalls).toHaveLength(0);
    });

    it('returns numbers: nextExpectedRevision and the commit position of the last event', async () => {
      const { client, store } = setup();
      const first = await store.append('s-1', evs(3), 'no_stream');
      expect(first.nextExpectedRevision).toBe(2);
      expect(first.position).toBe(Number(client.log[2].commit));
      const [, , third] = await store.readStream('s-1');
      expect(first.position).toBe(third.position);
    });

    it('serialises every event before sending anything (a BigInt fails the whole append)', async () => {
      const { client, store } = setup();
      await expect(store.append('s-1', [ev('Good'), ev('Bad', { n: BigInt(1) })], 'any')).rejects.toThrow();
      expect(client.appendCalls).toHaveLength(0);
    });

    it('refuses a non-UUID event id (KurrentDB ids are UUIDs)', async () => {
      const { store } = setup();
      await expect(store.append('s-1', [ev('A', {}, { eventId: 'not-a-uuid' })], 'any')).rejects.toThrow(/UUID/);
    });
  });

  describe('append: WrongExpectedVersionError → WrongExpectedRevisionError', () => {
    it("'no_stream' on an existing stream reports the actual revision", async () => {
      const { store } = setup();
      await store.append('s-1', evs(2), 'no_stream');
      const error = await rejection(store.append('s-1', [ev('Again')], 'no_stream'));
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error).toMatchObject({ streamId: 's-1', expected: 'no_stream', actual: 1 });
      expect((error as Error).message).toContain('s-1');
    });

    it("'stream_exists' on an absent stream reports -1", async () => {
      const { store } = setup();
      const error = await rejection(store.append('s-1', [ev('X')], 'stream_exists'));
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error).toMatchObject({ streamId: 's-1', expected: 'stream_exists', actual: -1 });
    });

    it.each([0, 5])('an exact revision (%s) at odds with the stream reports it as a number', async (expected) => {
      const { store } = setup();
      await store.append('s-1', evs(2), 'no_stream');
      const error = await rejection(store.append('s-1', [ev('Late')], expected));
      expect(error).toMatchObject({ streamId: 's-1', expected, actual: 1 });
      expect((error as WrongExpectedRevisionError).actual).toStrictEqual(1);
    });

    it('an exact revision on an absent stream reports -1', async () => {
      const { store } = setup();
      expect(await rejection(store.append('s-1', [ev('X')], 0))).toMatchObject({ streamId: 's-1', expected: 0, actual: -1 });
    });

    it('other client errors pass through unchanged', async () => {
      const { client, store } = setup();
      const denied = new AccessDeniedError();
      client.appendToStream = async () => {
        throw denied;
      };
      expect(await rejection(store.append('s-1', [ev('X')], 'any'))).toBe(denied);
    });

    it('a non-throwing failure (throwOnAppendFailure=false) still raises, with the actual revision read back', async () => {
      const { client, store } = setup();
      await store.append('s-1', evs(3), 'no_stream');
      client.appendToStream = async () => ({ success: false, nextExpectedRevision: 1n, position: undefined });
      expect(await rejection(store.append('s-1', [ev('X')], 7))).toMatchObject({ streamId: 's-1', expected: 7, actual: 2 });
    });
  });

  describe('appendMulti → multiStreamAppend', () => {
    it('sends one request per write with its streamState and returns per-stream revision and position', async () => {
      const { client, store } = setup();
      await store.append('b', [ev('Opened')], 'no_stream');
      const [ra, rb] = await store.appendMulti([
        { streamId: 'a', events: evs(2), expected: 'no_stream' },
        { streamId: 'b', events: [ev('Next')], expected: 0 },
      ]);
      const [request] = client.multiCalls;
      expect(request.map((r) => [r.streamName, r.expectedState, r.events.length])).toEqual([
        ['a', NO_STREAM, 2],
        ['b', 0n, 1],
      ]);
      expect(ra.nextExpectedRevision).toBe(1);
      expect(rb.nextExpectedRevision).toBe(1);
      const a = await store.readStream('a');
      const b = await store.readStream('b');
      expect(ra.position).toBe(a[1].position);
      expect(rb.position).toBe(b[1].position);
      expect(rb.position).toBeGreaterThan(ra.position);
    });

    it('maps every expected revision kind', async () => {
      const { client, store } = setup();
      await store.append('x', [ev('Opened')], 'no_stream');
      await store.append('y', [ev('Opened')], 'no_stream');
      await store.appendMulti([
        { streamId: 'w', events: [ev('E')], expected: 'any' },
        { streamId: 'x', events: [ev('E')], expected: 'stream_exists' },
        { streamId: 'y', events: [ev('E')], expected: 0 },
        { streamId: 'z', events: [ev('E')], expected: 'no_stream' },
      ]);
      expect(client.multiCalls[0].map((r) => r.expectedState)).toEqual([ANY, STREAM_EXISTS, 0n, NO_STREAM]);
    });

    it('a failed check names the failing stream, with the expected value given for it', async () => {
      const { client, store } = setup();
      await store.append('b', [ev('Opened')], 'no_stream');
      const error = await rejection(
        store.appendMulti([
          { streamId: 'a', events: [ev('Key')], expected: 'no_stream' },
          { streamId: 'b', events: [ev('Late')], expected: 'no_stream' },
        ]),
      );
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error).toMatchObject({ streamId: 'b', expected: 'no_stream', actual: 0 });
      expect(client.log.map((e) => e.streamId)).toEqual(['b']); // the fake is atomic too: nothing written
    });

    it('metadata is string-valued as multiStreamAppend requires (null causationId omitted)', async () => {
      const { client, store } = setup();
      await store.appendMulti([{ streamId: 'a', events: [ev('E', {}, { causationId: null, actor: 'user:1' })], expected: 'any' }]);
      const metadata = client.multiCalls[0][0].events[0].metadata as Record<string, unknown>;
      expect(Object.keys(metadata).sort()).toEqual(['actor', 'correlationId']);
      expect(Object.values(metadata).every((v) => typeof v === 'string')).toBe(true);
    });

    it('refuses a stream named twice, before calling the server', async () => {
      const { client, store } = setup();
      await expect(
        store.appendMulti([
          { streamId: 'a', events: [ev('E')], expected: 'any' },
          { streamId: 'a', events: [ev('F')], expected: 'any' },
        ]),
      ).rejects.toThrow(/twice/);
      expect(client.multiCalls).toHaveLength(0);
    });
  });

  describe('readStream / streamRevision', () => {
    let store: KurrentDbEventStore;
    const revisions = (events: RecordedEvent[]) => events.map((e) => e.revision);
    beforeEach(async () => {
      ({ store } = setup());
      await store.append('s', evs(5), 'no_stream');
      await store.append('other', evs(2), 'no_stream');
    });

    it('forwards, backwards, inclusive fromRevision, maxCount', async () => {
      expect(revisions(await store.readStream('s'))).toEqual([0, 1, 2, 3, 4]);
      expect(revisions(await store.readStream('s', { direction: 'backwards' }))).toEqual([4, 3, 2, 1, 0]);
      expect(revisions(await store.readStream('s', { fromRevision: 2 }))).toEqual([2, 3, 4]);
      expect(revisions(await store.readStream('s', { direction: 'backwards', fromRevision: 2 }))).toEqual([2, 1, 0]);
      expect(revisions(await store.readStream('s', { direction: 'backwards', fromRevision: 3, maxCount: 2 }))).toEqual([3, 2]);
      expect(revisions(await store.readStream('s', { maxCount: 2 }))).toEqual([0, 1]);
    });

    it('an absent stream (StreamNotFoundError) reads as empty and has revision -1', async () => {
      expect(await store.readStream('absent')).toEqual([]);
      expect(await store.readStream('absent', { direction: 'backwards' })).toEqual([]);
      expect(await store.streamRevision('absent')).toBe(-1);
      expect(await store.streamRevision('s')).toBe(4);
    });

    it('other read errors are not swallowed', async () => {
      const { client, store: s2 } = setup();
      client.readStream = () =>
        (async function* () {
          throw new StreamDeletedError(undefined, 'gone');
        })();
      await expect(s2.readStream('gone')).rejects.toBeInstanceOf(StreamDeletedError);
    });
  });

  describe('metadata mapping', () => {
    it('eventId is the event id; correlation/causation/actor come from the metadata JSON; recordedAt from created', async () => {
      const { client, store } = setup();
      const given = { eventId: randomUUID(), correlationId: randomUUID(), causationId: randomUUID(), actor: 'user:42' };
      await store.append('s', [ev('Given', { a: 1 }, given), ev('Defaulted')], 'no_stream');
      expect(client.log[0].id).toBe(given.eventId);
      expect(client.log[0].metadata).toEqual({ correlationId: given.correlationId, causationId: given.causationId, actor: 'user:42' });

      const [withGiven, defaulted] = await store.readStream('s');
      expect(withGiven.metadata).toEqual({ ...given, recordedAt: '2026-03-01T08:00:00.000Z' });
      expect(withGiven.data).toEqual({ a: 1 });
      expect(defaulted.metadata.causationId).toBeNull();
      expect(defaulted.metadata.actor).toBe('anonymous');
      expect(defaulted.metadata.eventId).toMatch(/^[0-9a-f-]{36}$/);
      expect(defaulted.metadata.eventId).toBe(client.log[1].id);
      expect(defaulted.metadata.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('the role and token id that authorised an event travel in the metadata JSON, and are read back', async () => {
      const { client, store } = setup();
      await store.append('s', [ev('Authorised', {}, { actor: 'his-h1', role: 'hospital', tokenId: 'jti-1' })], 'no_stream');
      expect(client.log[0].metadata).toMatchObject({ actor: 'his-h1', role: 'hospital', tokenId: 'jti-1' });
      const [read] = await store.readStream('s');
      expect(read.metadata).toMatchObject({ actor: 'his-h1', role: 'hospital', tokenId: 'jti-1' });
    });

    it('tolerates foreign events: no metadata, or metadata as bytes', async () => {
      const { client, store } = setup();
      client.put('foreign', 'Imported', { x: 1 }, undefined);
      client.put('foreign', 'Imported', { x: 2 }, new TextEncoder().encode(JSON.stringify({ actor: 'etl', correlationId: 'c-1' })));
      const [first, second] = await store.readStream('foreign');
      expect(first.metadata).toMatchObject({ eventId: client.log[0].id, correlationId: client.log[0].id, causationId: null, actor: 'anonymous' });
      expect(second.metadata).toMatchObject({ actor: 'etl', correlationId: 'c-1' });
    });
  });

  describe('readAll / headPosition', () => {
    it('`after` is exclusive although the server read is inclusive; the request starts at that position', async () => {
      const { client, store } = setup();
      await store.append('s', evs(3), 'no_stream');
      const [e0, e1, e2] = await store.readStream('s');
      expect(await store.readAll({ after: e0.position, maxCount: 100 })).toEqual([e1, e2]);
      expect(await store.readAll({ after: e0.position, maxCount: 1 })).toEqual([e1]);
      expect(await store.readAll({ after: e2.position, maxCount: 100 })).toEqual([]);
      const last = client.readAllCalls[client.readAllCalls.length - 1];
      expect(last.fromPosition).toEqual({ commit: BigInt(e2.position), prepare: BigInt(e2.position) });
      expect(last.filter).toMatchObject({ filterOn: 'eventType', regex: '^[^$].*' });
    });

    it('skips system events ($-types filtered by the server, $-streams here) and still fills the page', async () => {
      const { client, store } = setup();
      client.put('$stats-127.0.0.1:2113', '$statsCollected');
      await store.append('s', evs(2), 'no_stream');
      client.put('$$s', 'Weird'); // a $-stream with an ordinary type passes the server's type filter
      client.put('$$s', 'Weird');
      await store.append('t', evs(2), 'no_stream');
      const page = await store.readAll({ after: 0, maxCount: 3 });
      expect(page.map((e) => `${e.streamId}@${e.revision}`)).toEqual(['s@0', 's@1', 't@0']);
      const rest = await store.readAll({ after: page[2].position, maxCount: 3 });
      expect(rest.map((e) => `${e.streamId}@${e.revision}`)).toEqual(['t@1']);
    });

    it('`after: 0` reads from START', async () => {
      const { client, store } = setup();
      await store.append('s', evs(1), 'no_stream');
      await store.readAll({ after: 0, maxCount: 10 });
      expect(client.readAllCalls[0].fromPosition).toBe('start');
    });

    it('pages with positions that are byte offsets chain without gaps or duplicates', async () => {
      const { store } = setup();
      for (let i = 0; i < 4; i++) await store.append(`s${i % 2}`, evs(3), 'any');
      const seen: RecordedEvent[] = [];
      let after = 0;
      for (;;) {
        const page = await store.readAll({ after, maxCount: 5 });
        if (page.length === 0) break;
        expect(page[0].position).toBeGreaterThan(after);
        seen.push(...page);
        after = page[page.length - 1].position;
      }
      expect(seen).toHaveLength(12);
      for (let i = 1; i < seen.length; i++) expect(seen[i].position).toBeGreaterThan(seen[i - 1].position);
    });

    it('headPosition is 0 on an empty log, else the last non-system event (read backwards, 1 event)', async () => {
      const { client, store } = setup();
      expect(await store.headPosition()).toBe(0);
      const result = await store.append('s', evs(2), 'no_stream');
      client.put('$stats', '$statsCollected');
      expect(await store.headPosition()).toBe(result.position);
      const call = client.readAllCalls[client.readAllCalls.length - 1];
      expect(call).toMatchObject({ direction: 'backwards', fromPosition: 'end', maxCount: 1 });
    });

    it('refuses positions that a JS number cannot hold exactly', async () => {
      const { client, store } = setup();
      await store.append('s', evs(1), 'no_stream');
      client.log[0].commit = 2n ** 53n + 1n;
      await expect(store.readStream('s')).rejects.toThrow(/JS number/);
    });
  });
});
