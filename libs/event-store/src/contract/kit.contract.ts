/**
 * What every part of the event-store contract shares: the fixture an adapter's spec provides,
 * the per-test context (its store and its own stream ids), event builders and waiting.
 */
import { EventStore, NewEvent, RecordedEvent, SubscribeOptions, Subscription, SubscriptionHandler, WrongExpectedRevisionError } from '../event-store.port';

export interface EventStoreFixture {
  store: EventStore;
  cleanup: () => Promise<void>;
}

/** The current test's store and stream ids; read inside a test or a beforeEach, never at describe time. */
export interface ContractContext {
  readonly store: EventStore;
  /** Unique per test: keeps tests independent on a shared server. */
  readonly prefix: string;
  /** A fresh stream id under the test's prefix. */
  stream(label?: string): string;
  /** The events of this test, among those other writers may interleave. */
  ours(events: RecordedEvent[]): RecordedEvent[];
  /** Subscribes and stops the subscription after the test, even when the test fails. */
  subscribe(options: SubscribeOptions, handler: SubscriptionHandler): Subscription;
}

/** Generous: a remote server under CI load can take a while to push live events. */
const WAIT_TIMEOUT_MS = 10_000;
/** How long we watch for something that must NOT happen (e.g. a handler call after stop()). */
export const QUIET_PERIOD_MS = 300;
/**
 * No contract test needs this many handler calls. A subscription that re-delivers the same page
 * forever (e.g. `after` treated as inclusive) would otherwise spin on microtasks and exhaust memory.
 */
export const MAX_HANDLER_CALLS = 10_000;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitFor(what: string, condition: () => boolean, timeoutMs = WAIT_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}`);
    await sleep(5);
  }
}

export function ev(type: string, data: unknown = {}, metadata?: NewEvent['metadata']): NewEvent {
  return { type, data, metadata };
}

/** `n` events of one type whose data records their index, so order mistakes are visible. */
export function evs(n: number, type = 'Counted'): NewEvent[] {
  return Array.from({ length: n }, (_, i) => ev(type, { i }));
}

/** Awaits a rejection and returns it as a WrongExpectedRevisionError (fails the test otherwise). */
export async function expectWrongRevision(promise: Promise<unknown>): Promise<WrongExpectedRevisionError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  return error as WrongExpectedRevisionError;
}
