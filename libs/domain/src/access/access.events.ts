/**
 * Recorded access (API.md "Access"): every response that carries a person's data is recorded as a
 * fact in the event log itself, so the access log is as durable as the money facts, replicated by
 * every event-store adapter, replayed by a rebuild, and never editable: the log has no update.
 *
 * One stream per day in China time (`access-2026-12-02`), appended with the expected revision
 * 'any': reads never conflict with one another, and no stream grows without bound.
 */
import { IsoDate } from '@benefit/shared';

export const ACCESS_STREAM_PREFIX = 'access-';
export const accessStream = (day: IsoDate) => `${ACCESS_STREAM_PREFIX}${day}`;

export const PERSON_DATA_READ = 'PersonDataRead';

/**
 * Persons per event: a read of more (a region's re-adjudication) is recorded as several events.
 * 1,000 ids of at most 64 characters keep an event far below KurrentDB's default 1 MiB append limit.
 */
export const MAX_PERSONS_PER_READ_EVENT = 1000;

/** What identifies the read: path parameters and named query or body fields, never a name or resident id. */
export type AccessWhat = Record<string, string | number | boolean | null>;

/** A read as stored, schema version 1 (STYLE.md §10: a later shape gets a V2 and a lift in ../events/registry.ts). */
export interface PersonDataReadV1 {
  type: 'PersonDataRead';
  data: {
    v: 1;
    /** Whose data the response carried (distinct). */
    personIds: string[];
    /** Method and route pattern, e.g. `GET /v1/persons/:personId`. */
    route: string;
    what: AccessWhat;
    /** The caller's `X-Access-Reason`, trimmed; null when none was given. */
    reason: string | null;
    /** The HTTP status answered with the data. */
    status: number;
    /**
     * The role the request was granted under and the token's id. Kept in the data (not only in the
     * metadata) so that the record is complete on its own; the actor is the metadata's `actor`.
     */
    role: string | null;
    tokenId: string | null;
  };
}

/** The current shape. */
export type PersonDataRead = PersonDataReadV1;

/** The one place a stored PersonDataRead is read, after the upcasting store lifted it to the current version. */
export function personDataReadOf(data: unknown): PersonDataRead['data'] {
  const d = data as { v?: unknown };
  // a version this build does not know was written by a newer one: projecting it wrongly would corrupt the log's view
  if (d?.v !== 1) throw new Error(`invariant: PersonDataRead schema version ${String(d?.v)} is unknown to this build`);
  return data as PersonDataRead['data'];
}

/** One read as the events that record it: the persons in groups of at most MAX_PERSONS_PER_READ_EVENT. */
export function personDataReadEvents(read: Omit<PersonDataRead['data'], 'v'>): PersonDataRead[] {
  const events: PersonDataRead[] = [];
  for (let i = 0; i < read.personIds.length; i += MAX_PERSONS_PER_READ_EVENT) {
    events.push({ type: 'PersonDataRead', data: { v: 1, ...read, personIds: read.personIds.slice(i, i + MAX_PERSONS_PER_READ_EVENT) } });
  }
  return events;
}
