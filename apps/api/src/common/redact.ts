/** Responses never carry a full resident id: events are masked on the way out. */
import { RecordedEvent } from '@benefit/event-store';
import { maskResidentId } from '@benefit/shared';

export interface EventView {
  position: number;
  streamId: string;
  revision: number;
  type: string;
  data: unknown;
  recordedAt: string;
  metadata: { eventId: string; correlationId: string; causationId: string | null; actor: string };
}

export function eventView(e: RecordedEvent): EventView {
  const data = e.data as Record<string, unknown>;
  const masked = typeof data?.idNumber === 'string' ? { ...data, idNumber: maskResidentId(data.idNumber) } : data;
  const { recordedAt, ...metadata } = e.metadata;
  return { position: e.position, streamId: e.streamId, revision: e.revision, type: e.type, data: masked, recordedAt, metadata };
}
