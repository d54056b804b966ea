/**
 * The executable definition of the `EventStore` port. Every adapter runs this suite:
 *
 *   runEventStoreContract('SQLite', async () => ({ store, cleanup }));
 *
 * The suite must also pass against a shared, long-lived server (KurrentDB), so:
 * - every test writes to its own fresh stream ids (random UUID prefix) and never assumes an empty log;
 * - assertions over `readAll` and subscriptions only look at events whose stream id carries the
 *   test's prefix, because other writers may interleave their own events.
 *
 * One file per concern under `contract/`: appends and optimistic concurrency (`append`), atomic
 * writes over several streams such as a key stream (`append-multi`), positions and reads
 * (`reads`), metadata and data (`metadata`), catch-up and live subscriptions (`subscribe`).
 */
import { randomUUID } from 'node:crypto';
import { EventStore, RecordedEvent, Subscription } from './event-store.port';
import { appendContract } from './contract/append.contract';
import { appendMultiContract } from './contract/append-multi.contract';
import { ContractContext, EventStoreFixture } from './contract/kit.contract';
import { metadataContract } from './contract/metadata.contract';
import { readsContract } from './contract/reads.contract';
import { subscribeContract } from './contract/subscribe.contract';

export type { EventStoreFixture };

export function runEventStoreContract(name: string, factory: () => Promise<EventStoreFixture>): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;
    let prefix: string;
    const subscriptions: Subscription[] = [];

    const context: ContractContext = {
      get store() {
        return store;
      },
      get prefix() {
        return prefix;
      },
      stream: (label = 's') => `${prefix}${label}-${randomUUID()}`,
      ours: (events: RecordedEvent[]) => events.filter((e) => e.streamId.startsWith(prefix)),
      subscribe: (options, handler) => {
        const sub = store.subscribeToAll(options, handler);
        subscriptions.push(sub);
        return sub;
      },
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

    appendContract(context);
    appendMultiContract(context);
    readsContract(context);
    metadataContract(context);
    subscribeContract(context);
  });
}
