export * from './event-store.port';
export * from './polling-subscription';
export * from './sqlite/sqlite-event-store';
export * from './uuid-v7';
export * from './kurrentdb/kurrentdb-event-store';
