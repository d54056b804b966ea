/**
 * Events in and out: the port's `NewEvent` as the client's `EventData`, and a KurrentDB event as
 * the port's `RecordedEvent` (metadata rules in the header of `kurrentdb-event-store.ts`).
 */
import { EventData, ResolvedEvent, jsonEvent } from '@kurrent/kurrentdb-client';
import { authorisedBy, EventMetadata, NewEvent, RecordedEvent } from '../event-store.port';
import { uuidV7 } from '../uuid-v7';
import { NO_POSITION, toSafeNumber } from './positions';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type StoredMetadata = { correlationId?: unknown; causationId?: unknown; actor?: unknown; role?: unknown; tokenId?: unknown };

type KRecordedEvent = NonNullable<ResolvedEvent['event']>;

/** `$`-prefixed streams or event types (`$stats-…`, `$metadata`, links `$>`): never returned by the adapter. */
export function isSystem(streamId: string, type: string): boolean {
  return streamId.startsWith('$') || type.startsWith('$');
}

export function toEventData(events: NewEvent[]): EventData[] {
  return events.map((e) => {
    JSON.stringify(e.data); // throws (e.g. on BigInt) before any request is sent
    const id = e.metadata?.eventId ?? uuidV7();
    if (!UUID.test(id)) throw new Error(`KurrentDB event ids are UUIDs: ${id} is not`);
    const metadata: Record<string, string> = {
      correlationId: e.metadata?.correlationId ?? uuidV7(),
      actor: e.metadata?.actor ?? 'anonymous',
      ...authorisedBy(e.metadata),
    };
    if (e.metadata?.causationId != null) metadata.causationId = e.metadata.causationId;
    return jsonEvent({ id, type: e.type, data: e.data as Record<string, unknown>, metadata });
  });
}

export function toRecorded(event: KRecordedEvent): RecordedEvent {
  if (!event.position || event.position.commit >= NO_POSITION) throw new Error(`event ${event.streamId}@${event.revision} has no $all position: KurrentDB >= 22.6 is required`);
  const stored = readMetadata(event.metadata);
  const metadata: EventMetadata = {
    eventId: event.id,
    correlationId: typeof stored.correlationId === 'string' ? stored.correlationId : event.id,
    causationId: typeof stored.causationId === 'string' ? stored.causationId : null,
    actor: typeof stored.actor === 'string' ? stored.actor : 'anonymous',
    ...(typeof stored.role === 'string' ? { role: stored.role } : {}),
    ...(typeof stored.tokenId === 'string' ? { tokenId: stored.tokenId } : {}),
    recordedAt: event.created.toISOString(),
  };
  return {
    streamId: event.streamId,
    revision: toSafeNumber(event.revision, 'revision'),
    position: toSafeNumber(event.position.commit, 'position'),
    type: event.type,
    data: event.isJson ? event.data : parseBinary(event.data as Uint8Array),
    metadata,
  };
}

function readMetadata(metadata: unknown): StoredMetadata {
  if (metadata instanceof Uint8Array) {
    try {
      return readMetadata(JSON.parse(Buffer.from(metadata).toString('utf8')));
    } catch {
      return {};
    }
  }
  return typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) ? (metadata as StoredMetadata) : {};
}

/** Events written by other tools as binary: JSON if it parses, else the raw bytes. */
function parseBinary(data: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    return data;
  }
}
