/**
 * Runs the event-store contract against a real KurrentDB/EventStoreDB server, e.g.
 *
 *   EVENTSTORE_CONNECTION_STRING='kurrentdb://localhost:2113?tls=false' npx jest libs/event-store
 *
 * The adapter (`./kurrentdb-event-store`) is not written yet. It is loaded lazily, only when the
 * variable is set, so this spec compiles and the default test run stays green without it. The
 * adapter module is expected to export:
 *
 *   createKurrentDbEventStore(connectionString: string): Promise<EventStore>
 */
import { runEventStoreContract } from '../event-store.contract';
import { EventStore } from '../event-store.port';

interface KurrentDbAdapterModule {
  createKurrentDbEventStore(connectionString: string): Promise<EventStore>;
}

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  runEventStoreContract('KurrentDB', async () => {
    // A variable module path keeps the type-checker from resolving a file that may not exist yet.
    const modulePath = './kurrentdb-event-store';
    const adapter = require(modulePath) as KurrentDbAdapterModule;
    const store = await adapter.createKurrentDbEventStore(connectionString);
    // The server is shared: the contract uses unique stream ids, so there is nothing to delete.
    return { store, cleanup: () => store.close() };
  });
} else {
  describe.skip('EventStore contract: KurrentDB (skipped: set EVENTSTORE_CONNECTION_STRING to run against a real server)', () => {
    it('runs the contract against KurrentDB', () => undefined);
  });
}
