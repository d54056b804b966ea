/**
 * Where each event goes: its topic (one per bounded context), its key (the person, so that one
 * person's events keep their order in one partition) and the message itself. The value is the
 * event's data as JSON with every resident id masked: the full number never leaves the log.
 * Names and ids sealed for their person (`pii:v1:` envelopes) go out exactly as stored: a consumer
 * holds no key, and destroying the person's key (an erasure) shreds the copies downstream too.
 */
import { RecordedEvent } from '@benefit/event-store';
import { maskResidentId, maskResidentIdsIn } from '@benefit/shared';
import { ENVELOPE_PATTERN, isSealed } from '@benefit/vault';
import { PERSON_DATA_READ, payloadWithText } from '@benefit/domain';

export const CONTEXTS = ['persons', 'claims', 'accounts', 'settlements', 'parameters', 'other'] as const;
export type Context = (typeof CONTEXTS)[number];

const PERSON_TYPES = new Set([
  'PatientRegistered',
  'ReliefStatusTagged',
  'ReliefStatusRevoked',
  'EmploymentChanged',
  'ContributionBaseChanged',
  'WarningRaised',
  'PersonIdentityErased',
]);
const CLAIM_TYPES = new Set(['ClaimAdjudicated', 'ClaimSharesAdjusted']);
const SETTLEMENT_TYPES = new Set(['MonthSettled', 'GuardianshipRewardAccrued', 'PovertyPremiumAccrued']);

export function contextOf(event: Pick<RecordedEvent, 'streamId' | 'type'>): Context {
  const { type, streamId } = event;
  if (type === 'KeyReserved') {
    if (streamId.startsWith('claim-')) return 'claims';
    if (streamId.startsWith('resident-')) return 'persons';
    return 'other';
  }
  if (PERSON_TYPES.has(type)) return 'persons';
  if (CLAIM_TYPES.has(type)) return 'claims';
  if (type.startsWith('PersonalAccount')) return 'accounts';
  if (SETTLEMENT_TYPES.has(type)) return 'settlements';
  if (type === 'ParameterRecorded' || streamId === 'parameters') return 'parameters';
  return 'other';
}

/**
 * Recorded reads (PersonDataRead, the access log) stay in the log: they are oversight data about
 * who read whose records, served to auditors by GET /v1/access-log, not facts a downstream system
 * acts on. Published, they would copy every reader's identity and reasons to every consumer of a
 * person's topic. The relay's checkpoint still moves past them.
 */
export const isPublished = (event: Pick<RecordedEvent, 'type'>): boolean => event.type !== PERSON_DATA_READ;

export const topicOf = (prefix: string, context: Context): string => `${prefix}.${context}`;

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** The person the event is about; else its region (a settlement); else its stream. */
export function keyOf(event: Pick<RecordedEvent, 'streamId' | 'data'>): string {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const claim = data.claim as Record<string, unknown> | undefined;
  return str(data.personId) ?? str(claim?.personId) ?? str(data.regionCode) ?? event.streamId;
}

/** A deep copy of `value` with every `idNumber` string masked, unless it is sealed. */
function maskIdFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskIdFields);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = k === 'idNumber' && typeof v === 'string' && !isSealed(v) ? maskResidentId(v) : maskIdFields(v);
  }
  return out;
}

/**
 * An envelope, or a run shaped like a resident id: envelopes are matched whole first, so that
 * digits inside one (base64url may hold 18 in a row) are never taken for an id and mangled.
 */
const ENVELOPE_OR_ID = new RegExp(`${ENVELOPE_PATTERN.source}|\\d{17}[\\dXx]`, 'g');

/**
 * The event's data as published. `idNumber` fields are masked by name; any other run shaped like
 * a resident id (18 characters: 17 digits then a digit or X, e.g. typed into a free-text reason)
 * is masked too, as in every log line of the service. Sealed values pass unchanged.
 */
export function publishedValue(event: Pick<RecordedEvent, 'type' | 'data'>): string {
  // a claim stored in words goes out with its lines' text (compact events, issue 13.1)
  return JSON.stringify(maskIdFields(payloadWithText(event.type, event.data) ?? null)).replace(ENVELOPE_OR_ID, (m) => (isSealed(m) ? m : maskResidentId(m)));
}

export interface OutgoingMessage {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

export function toMessage(event: RecordedEvent, topicPrefix: string): OutgoingMessage {
  const meta = event.metadata;
  const headers: Record<string, string> = {
    eventId: meta.eventId,
    type: event.type,
    position: String(event.position),
    streamId: event.streamId,
    revision: String(event.revision),
    recordedAt: meta.recordedAt,
    correlationId: meta.correlationId,
    contentType: 'application/json',
  };
  if (meta.causationId) headers.causationId = meta.causationId;
  if (meta.actor) headers.actor = maskResidentIdsIn(meta.actor);
  return { topic: topicOf(topicPrefix, contextOf(event)), key: keyOf(event), value: publishedValue(event), headers };
}
