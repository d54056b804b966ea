/**
 * Upcasting on read (STYLE.md §10): `upcasting(store, schemas)` is an EventStore that hands every
 * reader — a fold, a projection, a subscription, an audit — each event in the current version of
 * its schema, whatever version was written. Writes pass through untouched, so neither adapter
 * knows about versions and an old log is never rewritten.
 *
 * - A payload's version is its `data.v` when that is a number, else 1: events written before
 *   versioning carry none and are version 1. `v` in data is reserved for this.
 * - A schema names its current version and the lifts from each older one (`lifts[n]`: n → n+1);
 *   a payload is lifted step by step, so a lift is written once, for the version it replaces.
 * - A payload newer than the schema was written by a newer build: reading it as if it were the
 *   current shape could move money wrongly, so reading it throws.
 * - Types the registry does not name are handed on as they are.
 *
 * Cost: an event already in its current version is handed on as the same object, unparsed (the
 * SQLite adapter parses a payload only when a reader asks, and a projection skips most types
 * unread). Only an older one is replaced, by a copy with the lifted payload and without
 * `dataJson`, so that a reader that stores the JSON stores the lifted shape. The version is read
 * from the stored JSON's head (`{"v":2,…`: a versioned payload writes `v` first), which is enough
 * to lift an old payload or refuse a newer build's without parsing the current ones (a claim
 * read for a projection that skips it stays unparsed).
 */
import { EventStore, RecordedEvent, SubscriptionHandler } from './event-store.port';

/** Turns a payload of one version into the next. */
export type Lift = (data: never) => unknown;

export interface EventSchema {
  /** The version this build writes and every reader is handed. */
  current: number;
  /** `lifts[n]` turns version n into version n + 1, for every n below `current` a log may hold. */
  lifts?: Readonly<Record<number, Lift>>;
}

/** One schema per event type. */
export type SchemaRegistry = Readonly<Record<string, EventSchema>>;

export function schemaVersionOf(data: unknown): number {
  const v = (data as { v?: unknown } | null | undefined)?.v;
  return typeof v === 'number' ? v : 1;
}

/** The payload in the current version of its type's schema. */
export function upcastData(type: string, data: unknown, registry: SchemaRegistry): unknown {
  const schema = registry[type];
  if (!schema) return data;
  let version = schemaVersionOf(data);
  if (version > schema.current) {
    throw new Error(`invariant: ${type} schema version ${version} is newer than this build's ${schema.current}: the log was written by a newer build`);
  }
  for (; version < schema.current; version++) {
    const lift = schema.lifts?.[version];
    if (!lift) throw new Error(`invariant: ${type} has no lift from schema version ${version} to ${version + 1}`);
    data = lift(data as never);
  }
  return data;
}

/** Lifts must run without a gap up to the current version: a gap would only show on an old log. */
function assertLiftsComplete(registry: SchemaRegistry): void {
  for (const [type, schema] of Object.entries(registry)) {
    const from = Object.keys(schema.lifts ?? {}).map(Number);
    if (from.length === 0) continue;
    for (let v = Math.min(...from); v < schema.current; v++) {
      if (!schema.lifts?.[v]) throw new Error(`invariant: ${type} lifts from ${Math.min(...from)} but none from ${v} to ${v + 1}`);
    }
    if (Math.max(...from) >= schema.current) throw new Error(`invariant: ${type} lifts beyond its current version ${schema.current}`);
  }
}

const V_FIRST = '{"v":';

/**
 * The version an event was written in, from the stored JSON's head where the adapter has it (a
 * versioned payload writes `v` first; one without `v` first is version 1), so that a payload
 * already in its current version is handed on unparsed; else from the parsed payload.
 */
function storedVersion(event: RecordedEvent): number {
  if (event.dataJson === undefined) return schemaVersionOf(event.data);
  if (!event.dataJson.startsWith(V_FIRST)) return 1;
  const v = parseInt(event.dataJson.slice(V_FIRST.length), 10);
  return Number.isInteger(v) ? v : 1;
}

/** The event as the current schema has it: itself when current, else a copy with the payload lifted. */
function upcastEvent(event: RecordedEvent, schema: EventSchema, registry: SchemaRegistry): RecordedEvent {
  const version = storedVersion(event);
  if (version === schema.current) return event;
  const data = upcastData(event.type, event.data, registry); // throws for a newer version
  return { streamId: event.streamId, revision: event.revision, position: event.position, type: event.type, data, metadata: event.metadata };
}

/** `store` with every event read handed on in the current version of its schema. */
export function upcasting(store: EventStore, registry: SchemaRegistry): EventStore {
  assertLiftsComplete(registry);
  const read = (e: RecordedEvent): RecordedEvent => {
    const schema = registry[e.type];
    return schema ? upcastEvent(e, schema, registry) : e;
  };
  const upcastAll = (events: RecordedEvent[]) => events.map(read);
  const wrapper: EventStore & { [ADAPTER]?: EventStore } = {
    append: (streamId, events, expected) => store.append(streamId, events, expected),
    appendMulti: (writes) => store.appendMulti(writes),
    readStream: async (streamId, options) => upcastAll(await store.readStream(streamId, options)),
    streamRevision: (streamId) => store.streamRevision(streamId),
    readAll: async (options) => upcastAll(await store.readAll(options)),
    headPosition: () => store.headPosition(),
    subscribeToAll: (options, handler: SubscriptionHandler) => store.subscribeToAll(options, (events, checkpoint) => handler(upcastAll(events), checkpoint)),
    close: () => store.close(),
  };
  wrapper[ADAPTER] = store;
  return wrapper;
}

const ADAPTER = Symbol('the adapter an upcasting store reads through');

/** The adapter under an upcasting store (itself for any other store): for measuring it, never for reading. */
export function adapterOf(store: EventStore): EventStore {
  return (store as { [ADAPTER]?: EventStore })[ADAPTER] ?? store;
}
