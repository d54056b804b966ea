/** What the adapter's unit specs share: event builders, waiting, and a store over a fake client. */
import { NewEvent } from '../../event-store.port';
import { KurrentDbEventStore, KurrentDbEventStoreOptions } from '../kurrentdb-event-store';
import { FakeKurrentDbClient } from './fake-kurrentdb-client';

export const ev = (type: string, data: unknown = {}, metadata?: NewEvent['metadata']): NewEvent => ({ type, data, metadata });
export const evs = (n: number, type = 'Counted'): NewEvent[] => Array.from({ length: n }, (_, i) => ev(type, { i }));

export async function waitFor(what: string, condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

export function setup(options: KurrentDbEventStoreOptions = {}) {
  const client = new FakeKurrentDbClient();
  const sleeps: number[] = [];
  const store = new KurrentDbEventStore(client, {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...options,
  });
  return { client, store, sleeps };
}
