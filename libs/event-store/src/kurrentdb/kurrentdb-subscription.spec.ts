/** Unit tests of the adapter's subscription (`kurrentdb-subscription.ts`) against a fake of the client. */
import { AccessDeniedError, UnavailableError } from '@kurrent/kurrentdb-client';
import { RecordedEvent } from '../event-store.port';
import { KurrentDbEventStore } from './kurrentdb-event-store';
import { backoffDelay, isTransientError, toServerFilter } from './kurrentdb-subscription';
import { FakeKurrentDbClient } from './testing/fake-kurrentdb-client';
import { ev, evs, setup, waitFor } from './testing/fake-store';

describe('KurrentDbEventStore (fake client)', () => {
  describe('subscribeToAll', () => {
    /** Records handler calls; checks the checkpoint discipline of the port. */
    function recorder() {
      const calls: { events: RecordedEvent[]; checkpoint: number }[] = [];
      return {
        calls,
        events: () => calls.flatMap((c) => c.events),
        last: () => (calls.length ? calls[calls.length - 1].checkpoint : -1),
        handler: async (events: RecordedEvent[], checkpoint: number) => {
          if (calls.length > 1000) throw new Error('runaway');
          calls.push({ events: [...events], checkpoint });
        },
        expectConsistent(after: number) {
          let previous = after;
          for (const c of calls) {
            expect(c.checkpoint).toBeGreaterThanOrEqual(previous);
            for (const e of c.events) {
              expect(e.position).toBeGreaterThan(previous);
              expect(e.position).toBeLessThanOrEqual(c.checkpoint);
            }
            previous = c.checkpoint;
          }
        },
      };
    }

    it('delivers existing then live events after the checkpoint, in pages of at most batchSize', async () => {
      const { client, store } = setup();
      await store.append('p-s', evs(7), 'no_stream');
      const existing = await store.readStream('p-s');
      const r = recorder();
      const sub = store.subscribeToAll({ after: existing[0].position, batchSize: 3, filter: { streamPrefixes: ['p-'] } }, r.handler);
      await waitFor('6 existing', () => r.events().length >= 6);
      await store.append('p-s', evs(2, 'Live'), 6);
      await waitFor('2 live', () => r.events().length >= 8);
      await sub.stop();

      expect(r.events()).toEqual((await store.readStream('p-s')).slice(1));
      expect(Math.max(...r.calls.map((c) => c.events.length))).toBeLessThanOrEqual(3);
      r.expectConsistent(existing[0].position);
      expect(client.subscribeCalls[0].fromPosition).toEqual({ commit: BigInt(existing[0].position), prepare: BigInt(existing[0].position) });
      expect(client.subscribeCalls[0].filter).toMatchObject({ filterOn: 'streamName', prefixes: ['p-'], checkpointInterval: 1 });
    });

    it('stream prefixes filter on the server, event types here; checkpoints advance across filtered-out events', async () => {
      const { client, store } = setup();
      const r = recorder();
      const sub = store.subscribeToAll({ after: 0, filter: { streamPrefixes: ['want-'], eventTypes: ['Keep'] } }, r.handler);
      await store.append('want-1', [ev('Keep'), ev('Drop')], 'no_stream');
      const tail = await store.append('other-1', evs(3, 'Keep'), 'no_stream'); // dropped by the server: a checkpoint message
      await waitFor('a checkpoint past the filtered writes', () => r.last() >= tail.position);
      await sub.stop();
      expect(r.events().map((e) => `${e.streamId}:${e.type}`)).toEqual(['want-1:Keep']);
      r.expectConsistent(0);
      expect(client.subscribeCalls[0].fromPosition).toBe('start');
    });

    it('server filters: stream prefixes, else event-type prefixes, else no system events', () => {
      expect(toServerFilter({ streamPrefixes: ['a-'], eventTypes: ['T'] })).toMatchObject({ filterOn: 'streamName', prefixes: ['a-'] });
      expect(toServerFilter({ eventTypes: ['T', 'U'] })).toMatchObject({ filterOn: 'eventType', prefixes: ['T', 'U'] });
      expect(toServerFilter(undefined)).toMatchObject({ filterOn: 'eventType', regex: '^[^$].*' });
      expect(toServerFilter({ streamPrefixes: [] })).toMatchObject({ regex: '^[^$].*' });
    });

    it('event types are matched exactly although the server filters them by prefix; system events are skipped', async () => {
      const { client, store } = setup();
      const r = recorder();
      const sub = store.subscribeToAll({ after: 0, filter: { eventTypes: ['Keep'] } }, r.handler);
      await store.append('a', [ev('Keep'), ev('KeepMore')], 'no_stream');
      client.put('$$a', 'Keep'); // a $-stream
      const end = await store.append('b', [ev('Keep')], 'no_stream');
      await waitFor('the end', () => r.last() >= end.position);
      await sub.stop();
      expect(r.events().map((e) => `${e.streamId}:${e.type}`)).toEqual(['a:Keep', 'b:Keep']);
    });

    it('reconnects after a transient error with backoff, resuming from the last handled checkpoint, without duplicates', async () => {
      const { client, store, sleeps } = setup({ reconnect: { initialDelayMs: 100, maxDelayMs: 1_000 } });
      await store.append('p-s', evs(2), 'no_stream');
      const r = recorder();
      const sub = store.subscribeToAll({ after: 0, filter: { streamPrefixes: ['p-'] } }, r.handler);
      await waitFor('2 events', () => r.events().length >= 2);
      const checkpoint = r.last();

      client.failSubscription(0, new UnavailableError());
      await waitFor('a second subscription', () => client.subscribeCalls.length === 2);
      expect(sleeps).toEqual([75]); // attempt 1: 100ms, equal jitter with random 0.5 → 50 + 25
      expect(client.subs[0].cancelled).toBe(true);
      expect(client.subscribeCalls[1].fromPosition).toEqual({ commit: BigInt(checkpoint), prepare: BigInt(checkpoint) });

      await store.append('p-s', evs(2, 'After'), 1);
      await waitFor('4 events', () => r.events().length >= 4);
      await sub.stop();
      expect(r.events()).toEqual(await store.readStream('p-s'));
      r.expectConsistent(0);
    });

    it('backs off exponentially while reconnects keep failing, and resets after progress', async () => {
      const client = new FakeKurrentDbClient();
      const sleeps: number[] = [];
      let failuresLeft = 3;
      const store = new KurrentDbEventStore(client, {
        reconnect: { initialDelayMs: 100, maxDelayMs: 350 },
        random: () => 0,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
      });
      const original = client.subscribeToAll.bind(client);
      client.subscribeToAll = (options) => {
        const sub = original(options);
        if (failuresLeft-- > 0) queueMicrotask(() => client.failSubscription(client.subs.length - 1, new UnavailableError()));
        return sub;
      };
      const r = recorder();
      const s = store.subscribeToAll({ after: 0 }, r.handler);
      await waitFor('4 subscriptions', () => client.subscribeCalls.length === 4);
      await store.append('x', [ev('E')], 'any');
      await waitFor('the event', () => r.events().length === 1);
      expect(sleeps).toEqual([50, 100, 175]); // d = 100, 200, min(400, 350); delay in [d/2, d)
      client.failSubscription(3, new UnavailableError());
      await waitFor('a fifth subscription', () => client.subscribeCalls.length === 5);
      expect(sleeps[3]).toBe(50); // progress reset the attempts
      await s.stop();
    });

    it('backoffDelay: exponential, capped, jittered within [d/2, d)', () => {
      const o = { initialDelayMs: 100, maxDelayMs: 1_000, maxAttempts: Infinity };
      expect([1, 2, 3, 4, 5, 10].map((a) => backoffDelay(a, o, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
      expect(backoffDelay(3, o, () => 0.999)).toBe(399);
    });

    it('a non-transient error ends the subscription: done rejects, no reconnect', async () => {
      const { client, store } = setup();
      const sub = store.subscribeToAll({ after: 0 }, async () => undefined);
      await waitFor('subscribed', () => client.subs.length === 1);
      const denied = new AccessDeniedError();
      client.failSubscription(0, denied);
      await expect(sub.done).rejects.toBe(denied);
      expect(client.subscribeCalls).toHaveLength(1);
      expect(isTransientError(denied)).toBe(false);
      expect(isTransientError(new UnavailableError())).toBe(true);
      expect(isTransientError(new Error('x'))).toBe(false);
    });

    it('gives up after maxAttempts consecutive failures', async () => {
      const { client, store } = setup({ reconnect: { maxAttempts: 1 } });
      const sub = store.subscribeToAll({ after: 0 }, async () => undefined);
      await waitFor('subscribed', () => client.subs.length === 1);
      client.failSubscription(0, new UnavailableError());
      await waitFor('resubscribed', () => client.subs.length === 2);
      const last = new UnavailableError(undefined, 'still down');
      client.failSubscription(1, last);
      await expect(sub.done).rejects.toBe(last);
    });

    it('a handler that throws makes done reject with its error (never retried)', async () => {
      const { client, store } = setup();
      const sub = store.subscribeToAll({ after: 0 }, async (events) => {
        if (events.length) throw new Error('projection exploded');
      });
      await store.append('s', [ev('Boom')], 'no_stream');
      await expect(sub.done).rejects.toThrow('projection exploded');
      expect(client.subscribeCalls).toHaveLength(1);
      expect(client.subs[0].cancelled).toBe(true);
    });

    it('stop() waits for the running handler call; no call starts afterwards; the client subscription is cancelled', async () => {
      const { client, store } = setup();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let calls = 0;
      let finished = false;
      const sub = store.subscribeToAll({ after: 0 }, async () => {
        calls += 1;
        await gate;
        finished = true;
      });
      await store.append('s', [ev('Slow')], 'no_stream');
      await waitFor('the handler to start', () => calls === 1);
      let stopped = false;
      const stopping = sub.stop().then(() => (stopped = true));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(stopped).toBe(false);
      release();
      await stopping;
      expect(finished).toBe(true);
      await store.append('s', [ev('After')], 0);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(calls).toBe(1);
      await expect(sub.done).resolves.toBeUndefined();
      expect(client.subs[0].cancelled).toBe(true);
    });

    it('stop() during the reconnect backoff ends the subscription without resubscribing', async () => {
      const client = new FakeKurrentDbClient();
      let sleeping!: () => void;
      const asleep = new Promise<void>((resolve) => (sleeping = resolve));
      const store = new KurrentDbEventStore(client, {
        sleep: (_ms, signal) =>
          new Promise<void>((resolve) => {
            sleeping();
            signal.addEventListener('abort', () => resolve());
          }),
      });
      const sub = store.subscribeToAll({ after: 0 }, async () => undefined);
      await waitFor('subscribed', () => client.subs.length === 1);
      client.failSubscription(0, new UnavailableError());
      await asleep;
      await sub.stop();
      await expect(sub.done).resolves.toBeUndefined();
      expect(client.subscribeCalls).toHaveLength(1);
    });

    it('close() stops subscriptions and disposes of the client', async () => {
      const { client, store } = setup();
      const sub = store.subscribeToAll({ after: 0 }, async () => undefined);
      await store.close();
      await expect(sub.done).resolves.toBeUndefined();
      expect(client.disposed).toBe(true);
    });
  });
});
