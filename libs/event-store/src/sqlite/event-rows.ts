/** Events to rows and rows to events. */
import { authorisedBy, EventMetadata, RecordedEvent, StreamWrite } from '../event-store.port';
import { uuidV7 } from '../uuid-v7';
import { EventRow } from './schema';

/** An event serialised for its insert. */
export interface NewRow {
  type: string;
  data: string;
  metadata: string;
  eventId: string;
  recordedAt: string;
}

/** A write's events as rows to insert, metadata completed (ids, actor); throws before anything is written. */
export function toRows(w: StreamWrite, recordedAt: string, others: StreamWrite[]): NewRow[] {
  if (others.filter((o) => o.streamId === w.streamId).length > 1) throw new Error(`appendMulti names stream ${w.streamId} twice: merge its events into one write`);
  return w.events.map((e) => {
    const metadata = {
      eventId: e.metadata?.eventId ?? uuidV7(),
      correlationId: e.metadata?.correlationId ?? uuidV7(),
      causationId: e.metadata?.causationId ?? null,
      actor: e.metadata?.actor ?? 'anonymous',
      ...authorisedBy(e.metadata),
    };
    return { type: e.type, data: JSON.stringify(e.data), metadata: JSON.stringify(metadata), eventId: metadata.eventId, recordedAt };
  });
}

/**
 * Data and metadata are parsed when first read: a reader that skips an event by its type (a
 * projection that does not handle it) never pays for its JSON. Each read gets its own objects.
 */
export function toRecorded(row: EventRow): RecordedEvent {
  let data: unknown;
  let metadata: EventMetadata | undefined;
  return {
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    type: row.type,
    dataJson: row.data,
    get data() {
      return (data ??= JSON.parse(row.data));
    },
    get metadata() {
      return (metadata ??= { ...(JSON.parse(row.metadata) as Omit<EventMetadata, 'recordedAt'>), recordedAt: row.recorded_at });
    },
  };
}
