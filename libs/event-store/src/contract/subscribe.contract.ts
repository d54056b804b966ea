/**
 * `subscribeToAll`: catch-up then live delivery, filters, checkpoints that are safe to store,
 * resuming, stopping and handler failures.
 */
import { randomUUID } from 'node:crypto';
import { EventStore, RecordedEvent } from '../event-store.port';
import { ContractContext, QUIET_PERIOD_MS, ev, evs, sleep, waitFor } from './kit.contract';
import { Recorder } from './recorder.contract';

export function subscribeContract(t: ContractContext): void {
  let store: EventStore;
  let prefix: string;
  const { stream, subscribe } = t;
  beforeEach(() => {
    store = t.store;
    prefix = t.prefix;
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
}
