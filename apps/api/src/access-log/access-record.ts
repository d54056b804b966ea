/**
 * What a recorded read holds beside the persons (API.md "Access"): the caller's reason and what
 * identifies the read. Both come from the client, so both are cleaned here: no control character,
 * bounded length, and no resident id (a clerk may type one into a reason; the log must not keep it).
 */
import { AccessWhat } from '@benefit/domain';
import { invalid, maskResidentIdsIn } from '@benefit/shared';

export const ACCESS_REASON_HEADER = 'x-access-reason';
export const MAX_REASON_CHARS = 500;
const MAX_WHAT_CHARS = 128;

const CONTROL = /\p{Cc}/u;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Node hands header values over as latin1, one character per byte: a reason sent as UTF-8 bytes
 * (e.g. 复核医保待遇) is decoded back to its characters; bytes that are not UTF-8 stay latin1.
 */
function fromHeaderBytes(raw: string): string {
  if (!/[^\x00-\x7f]/.test(raw)) return raw;
  try {
    return utf8.decode(Buffer.from(raw, 'latin1'));
  } catch {
    return raw;
  }
}

/** The `X-Access-Reason` header, trimmed; null when absent or blank. A control character or more than 500 characters → 400 naming the header. */
export function accessReasonOf(header: string | undefined): string | null {
  if (header === undefined) return null;
  const reason = fromHeaderBytes(header).trim();
  if (reason === '') return null;
  if (CONTROL.test(reason)) throw invalid([{ field: 'X-Access-Reason', message: 'must not contain control characters' }]);
  if ([...reason].length > MAX_REASON_CHARS) throw invalid([{ field: 'X-Access-Reason', message: `must be at most ${MAX_REASON_CHARS} characters` }]);
  return maskResidentIdsIn(reason);
}

/** A value of `what`: scalars only, strings without control characters, bounded and with any resident id masked. */
function whatValue(value: unknown): string | number | boolean | null | undefined {
  if (Array.isArray(value)) value = value[0]; // a repeated query parameter: the first, as the routes read it
  if (value === null || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return value;
  if (typeof value !== 'string') return undefined; // objects say nothing about whose data was read
  return maskResidentIdsIn([...value.replace(/\p{Cc}/gu, '')].slice(0, MAX_WHAT_CHARS).join(''));
}

/** What identifies the read: the path parameters, then the named query and body fields that were sent. */
export function whatOf(
  sources: { params?: unknown; query?: unknown; body?: unknown },
  names: { query?: readonly string[]; body?: readonly string[] },
): AccessWhat {
  const what: AccessWhat = {};
  const take = (from: unknown, keys: readonly string[] | undefined) => {
    if (!from || typeof from !== 'object') return;
    for (const key of keys ?? Object.keys(from)) {
      const v = whatValue((from as Record<string, unknown>)[key]);
      if (v !== undefined) what[key] = v;
    }
  };
  take(sources.params, undefined);
  take(sources.query, names.query ?? []);
  take(sources.body, names.body ?? []);
  return what;
}

/** Distinct person ids, in the order met; anything that is not a non-empty string is no person. */
export function distinctPersons(ids: Iterable<unknown>): string[] {
  const out = new Set<string>();
  for (const id of ids) if (typeof id === 'string' && id !== '') out.add(id);
  return [...out];
}

/**
 * The persons a page of the log is about: an event's `personId` (or its claim's), and the
 * beneficiary of a family payment. An event of no person (a settled month, a parameter, a
 * recorded read) contributes none.
 */
export function personsOfEvents(events: readonly { data: unknown }[]): string[] {
  return distinctPersons(
    events.flatMap((e) => {
      const d = (e.data ?? {}) as { personId?: unknown; beneficiaryPersonId?: unknown; claim?: { personId?: unknown } };
      return [d.personId, d.claim?.personId, d.beneficiaryPersonId];
    }),
  );
}
