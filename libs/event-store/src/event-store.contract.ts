/**
 * The executable definition of the `EventStore` port. Every adapter runs this suite:
 *
 *   runEventStoreContract('SQLite', async () => ({ store, cleanup }));
 *
 * The suite must also pass against a shared, long-lived server (KurrentDB), so:
 * - every test writes to its own fresh stream ids (random UUID prefix) and never assumes an empty log;
 * - assertions over `readAll` and subscriptions only look at events whose stream id carries the
 *   test's prefix, because other writers may interleave their own events.
 */
import { randomUUID } from 'node:crypto';
import {
  EventStore,
  NewEvent,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  WrongExpectedRevisionError,
} from './event-store.port';

export interface EventStoreFixture {
  store: EventStore;
  cleanup: () => Promise<void>;
}

/** Generous: a remote server under CI load can take a while to push live events. */
const WAIT_TIMEOUT_MS = 10_000;
/** How long we watch for something that must NOT happen (e.g. a handler call after stop()). */
const QUIET_PERIOD_MS = 300;
/**
 * No contract test needs this many handler calls. A subscription that re-delivers the same page
 * forever (e.g. `after` treated as inclusive) would otherwise spin on microtasks and exhaust memory.
 */
const MAX_HANDLER_CALLS = 10_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, condition: () => boolean, timeoutMs = WAIT_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}`);
    await sleep(5);
  }
}

function ev(type: string, data: unknown = {}, metadata?: NewEvent['metadata']): NewEvent {
  return { type, data, metadata };
}

/** `n` events of one type whose data records their index, so order mistakes are visible. */
function evs(n: number, type = 'Counted'): NewEvent[] {
  return Array.from({ length: n }, (_, i) => ev(type, { i }));
}

/** Awaits a rejection and returns it as a WrongExpectedRevisionError (fails the test otherwise). */
async function expectWrongRevision(promise: Promise<unknown>): Promise<WrongExpectedRevisionError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  return error as WrongExpectedRevisionError;
}

/** Records every handler call of a subscription, for assertions and waiting. */
class Recorder {
  readonly calls: { events: RecordedEvent[]; checkpoint: number }[] = [];

  readonly handler = async (events: RecordedEvent[], checkpoint: number): Promise<void> => {
    if (this.calls.length >= MAX_HANDLER_CALLS) throw new Error(`runaway subscription: ${MAX_HANDLER_CALLS} handler calls`);
    this.calls.push({ events: [...events], checkpoint });
  };

  get events(): RecordedEvent[] {
    return this.calls.flatMap((c) => c.events);
  }

  get lastCheckpoint(): number {
    return this.calls.length ? this.calls[this.calls.length - 1].checkpoint : -1;
  }

  until(what: string, condition: (r: Recorder) => boolean): Promise<void> {
    return waitFor(what, () => condition(this));
  }

  /**
   * Storing a checkpoint is only safe if every event up to it was delivered at or before that call:
   * each call's events lie after the previous checkpoint and at or before its own.
   */
  expectConsistentCheckpoints(after: number): void {
    let previous = after;
    for (const { events, checkpoint } of this.calls) {
      expect(checkpoint).toBeGreaterThanOrEqual(previous);
      for (const e of events) {
        expect(e.position).toBeGreaterThan(previous);
        expect(e.position).toBeLessThanOrEqual(checkpoint);
      }
      previous = checkpoint;
    }
  }
}

export function runEventStoreContract(name: string, factory: () => Promise<EventStoreFixture>): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;
    /** Unique per test: keeps tests independent on a shared server. */
    let prefix: string;
    const subscriptions: Subscription[] = [];

    const stream = (label = 's') => `${prefix}${label}-${randomUUID()}`;
    const ours = (events: RecordedEvent[]) => events.filter((e) => e.streamId.startsWith(prefix));
    const subscribe = (options: SubscribeOptions, handler: Recorder['handler']): Subscription => {
      const sub = store.subscribeToAll(options, handler);
      subscriptions.push(sub);
      return sub;
    };

    beforeEach(async () => {
      prefix = `contract_${randomUUID().replace(/-/g, '')}_`;
      ({ store, cleanup } = await factory());
    });

    afterEach(async () => {
      // Stop leftovers (a failed test may not reach its own stop()) before the store goes away.
      await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
      await cleanup();
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
        expect(ours(await store.readAll({ after: start, maxCount: 100 }))).toEqual([read]);
      });
    });

    describe('subscribeToAll', () => {
      it('delivers existing events after the checkpoint, then live events, in order', async () => {
        const id = stream();
        await store.append(id, evs(3), 'no_stream');
        const existing = await store.readStream(id);
        const recorder = new Recorder();
        // Start after the first event: it must not be delivered.
        subscribe({ after: existing[0].position, filter: { streamPrefixes: [prefix] } }, recorder.handler);
        await recorder.until('the 2 existing events', (r) => r.events.length >= 2);

        await store.append(id, evs(2, 'Live'), 2);
        await recorder.until('the 2 live events', (r) => r.events.length >= 4);
        const all = await store.readStream(id);
        expect(recorder.events).toEqual(all.slice(1));
        expect(recorder.lastCheckpoint).toBeGreaterThanOrEqual(all[4].position);
        recorder.expectConsistentCheckpoints(existing[0].position);
      });

      it('filters by stream prefix and by event type', async () => {
        const wanted = `${prefix}wanted-`;
        const a = `${wanted}${randomUUID()}`;
        const b = stream('unwanted');
        const byPrefix = new Recorder();
        const byType = new Recorder();
        const byBoth = new Recorder();
        const after = await store.headPosition();
        subscribe({ after, filter: { streamPrefixes: [wanted] } }, byPrefix.handler);
        subscribe({ after, filter: { streamPrefixes: [prefix], eventTypes: ['Keep', 'AlsoKeep'] } }, byType.handler);
        subscribe({ after, filter: { streamPrefixes: [wanted], eventTypes: ['Keep'] } }, byBoth.handler);

        await store.append(a, [ev('Keep'), ev('Drop'), ev('AlsoKeep')], 'no_stream');
        await store.append(b, [ev('Keep'), ev('Drop')], 'no_stream');
        const end = await store.append(a, [ev('Drop')], 2);
        // Everyone has seen the whole log up to our last event (checkpoints advance past filtered events).
        for (const r of [byPrefix, byType, byBoth]) await r.until('the end of our writes', (x) => x.lastCheckpoint >= end.position);

        const label = (events: RecordedEvent[]) => events.map((e) => `${e.streamId === a ? 'a' : 'b'}:${e.type}`);
        expect(label(byPrefix.events)).toEqual(['a:Keep', 'a:Drop', 'a:AlsoKeep', 'a:Drop']);
        expect(label(byType.events)).toEqual(['a:Keep', 'a:AlsoKeep', 'b:Keep']);
        expect(label(byBoth.events)).toEqual(['a:Keep']);
        for (const r of [byPrefix, byType, byBoth]) r.expectConsistentCheckpoints(after);
      });

      it('the checkpoint advances across filtered-out events and never runs ahead of delivery', async () => {
        const id = stream();
        const recorder = new Recorder();
        const start = await store.headPosition();
        subscribe({ after: start, filter: { streamPrefixes: [prefix], eventTypes: ['Wanted'] } }, recorder.handler);

        await store.append(id, [ev('Wanted')], 'no_stream');
        await recorder.until('the wanted event', (r) => r.events.length >= 1);
        // Only filtered-out events from here on: the handler must still learn the new checkpoint,
        // or a projection would re-read them after every restart.
        const tail = await store.append(id, evs(5, 'Ignored'), 0);
        await recorder.until('a checkpoint past the ignored events', (r) => r.lastCheckpoint >= tail.position);

        expect(recorder.events.map((e) => e.type)).toEqual(['Wanted']);
        recorder.expectConsistentCheckpoints(start);
      });

      it('resuming from a stored checkpoint neither repeats nor skips events', async () => {
        const id = stream();
        const first = new Recorder();
        const start = await store.headPosition();
        const sub = subscribe({ after: start, filter: { streamPrefixes: [prefix] } }, first.handler);
        await store.append(id, evs(3), 'no_stream');
        await first.until('3 events', (r) => r.events.length >= 3);
        await sub.stop();
        const checkpoint = first.lastCheckpoint;

        await store.append(id, evs(2, 'WhileDown'), 2);
        const second = new Recorder();
        subscribe({ after: checkpoint, filter: { streamPrefixes: [prefix] } }, second.handler);
        await second.until('the 2 events written while down', (r) => r.events.length >= 2);
        expect([...first.events, ...second.events]).toEqual(await store.readStream(id));
      });

      it('stop() ends the subscription: done resolves and the handler is not called again', async () => {
        const id = stream();
        const recorder = new Recorder();
        const sub = subscribe({ after: await store.headPosition(), filter: { streamPrefixes: [prefix] } }, recorder.handler);
        await store.append(id, [ev('Before')], 'no_stream');
        await recorder.until('the first event', (r) => r.events.length >= 1);

        await sub.stop();
        await expect(sub.done).resolves.toBeUndefined();
        const callsAtStop = recorder.calls.length;
        await store.append(id, [ev('After')], 0);
        await sleep(QUIET_PERIOD_MS);
        expect(recorder.calls).toHaveLength(callsAtStop);
        expect(recorder.events.map((e) => e.type)).toEqual(['Before']);
      });

      it('stop() right after subscribing: no handler call starts, even for existing events', async () => {
        const start = await store.headPosition();
        await store.append(stream(), evs(3), 'no_stream');
        const recorder = new Recorder();
        const sub = subscribe({ after: start, filter: { streamPrefixes: [prefix] } }, recorder.handler);
        await sub.stop();
        await sleep(QUIET_PERIOD_MS);
        expect(recorder.calls).toHaveLength(0);
        await expect(sub.done).resolves.toBeUndefined();
      });

      it('stop() waits for the running handler call to finish', async () => {
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let entered = false;
        let finished = false;
        const sub = subscribe({ after: await store.headPosition(), filter: { streamPrefixes: [prefix] } }, async () => {
          entered = true;
          await gate;
          finished = true;
        });
        await store.append(stream(), [ev('Slow')], 'no_stream');
        await waitFor('the handler to start', () => entered);

        let stopped = false;
        const stopping = sub.stop().then(() => (stopped = true));
        await sleep(50);
        expect(stopped).toBe(false); // still inside the handler
        release();
        await stopping;
        expect(finished).toBe(true);
      });

      it('a handler that throws makes done reject with its error', async () => {
        const sub = subscribe({ after: await store.headPosition(), filter: { streamPrefixes: [prefix] } }, async (events) => {
          if (events.length > 0) throw new Error('projection exploded');
        });
        await store.append(stream(), [ev('Boom')], 'no_stream');
        await expect(sub.done).rejects.toThrow('projection exploded');
      });

      it('batchSize bounds the events per handler call', async () => {
        const id = stream();
        const start = await store.headPosition();
        await store.append(id, evs(7), 'no_stream');
        const recorder = new Recorder();
        const sizes: number[] = [];
        subscribe({ after: start, batchSize: 3, filter: { streamPrefixes: [prefix] } }, async (events, checkpoint) => {
          sizes.push(events.length);
          await recorder.handler(events, checkpoint);
        });
        await recorder.until('all 7 events', (r) => r.events.length >= 7);
        expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
        expect(recorder.events).toEqual(await store.readStream(id));
        recorder.expectConsistentCheckpoints(start);
      });
    });
  });
}
