/**
 * What never leaves a process in clear: a resident id in a log line, or a sealed field in an event
 * shown to a caller (the API's event views, the CLI's audit).
 */
import { RecordedEvent } from '@benefit/event-store';
import { PiiVault, openPersonalFields } from '@benefit/vault';
import { payloadWithText } from '@benefit/domain';

/** Log fields pino replaces with [redacted]: resident ids, and request bodies (they carry them). */
export const REDACT_PATHS = ['idNumber', '*.idNumber', '*.*.idNumber', 'data.idNumber', 'req.body', 'body'];

/**
 * Events as the API serves them: names and resident ids opened through the vault (the id masked,
 * its first 6 and last 4 characters; both null once the person's identity is erased), so that a
 * full resident id never leaves the service and nothing sealed leaves it either.
 */
export interface EventView {
  position: number;
  streamId: string;
  revision: number;
  type: string;
  data: unknown;
  recordedAt: string;
  metadata: { eventId: string; correlationId: string; causationId: string | null; actor: string };
}

export async function eventView(e: RecordedEvent, vault: PiiVault, erased?: ReadonlySet<string>): Promise<EventView> {
  const { recordedAt, ...metadata } = e.metadata;
  // a claim stored in words is served with its lines' text (compact events, issue 13.1)
  const data = payloadWithText(e.type, e.data);
  return { position: e.position, streamId: e.streamId, revision: e.revision, type: e.type, data: await openPersonalFields(vault, data, erased), recordedAt, metadata };
}

/** A person whose erasure is among the events reads as erased, even where a crash left the key (the erasure sent again destroys it). */
export function eventViews(events: RecordedEvent[], vault: PiiVault): Promise<EventView[]> {
  const erased = new Set(events.filter((e) => e.type === 'PersonIdentityErased').map((e) => (e.data as { personId: string }).personId));
  return Promise.all(events.map((e) => eventView(e, vault, erased)));
}
