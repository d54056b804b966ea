/**
 * A history of recorded reads for the access-log tests, with chosen instants: reads around China
 * midnight (UTC+8), several persons per read, one read larger than a page, and domain events of
 * no interest to the access log in between. The same history feeds the SQLite and PostgreSQL specs.
 */
import { ACCESS_STREAM_PREFIX, PersonDataRead, personDataReadEvents } from '@benefit/domain';
import { EventStore } from '@benefit/event-store';

/** A clock the store reads: each append is stamped with `clock.at`. */
export class TestClock {
  at = new Date('2026-03-01T02:00:00.000Z');
  readonly now = () => this.at;
}

export const READ_ROUTE = 'GET /v1/persons/:personId';

/** Persons of the large read: more than a default page (100). */
export const LARGE_READ_PERSONS = Array.from({ length: 150 }, (_, i) => `L-${String(i).padStart(3, '0')}`);

function read(personIds: string[], over: Partial<PersonDataRead['data']> = {}): PersonDataRead['data'] {
  return { v: 1, personIds, route: READ_ROUTE, what: { personId: personIds[0] }, reason: null, status: 200, role: 'clerk', tokenId: 'tok-1', ...over };
}

/**
 * Appends the history and returns what the tests look for. Days in China time:
 * 2026-03-01 (10:00), 2026-03-01 23:59:59.999 (15:59:59.999Z), 2026-03-02 00:00 (16:00Z), 2026-03-05.
 */
export async function writeAccessHistory(store: EventStore, clock: TestClock): Promise<void> {
  const append = async (iso: string, data: PersonDataRead['data'], actor = 'clerk-wang') => {
    clock.at = new Date(iso);
    const day = new Date(clock.at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    for (const e of personDataReadEvents(data)) await store.append(`${ACCESS_STREAM_PREFIX}${day}`, [{ ...e, metadata: { actor } }], 'any');
  };
  // a domain event between the reads: not the access log's
  clock.at = new Date('2026-03-01T01:00:00.000Z');
  await store.append('claim-X-1', [{ type: 'KeyReserved', data: { key: 'X-1', personId: 'A', requestHash: 'h' } }], 'any');
  await append('2026-03-01T02:00:00.000Z', read(['A']));
  await append('2026-03-01T03:00:00.000Z', read(['A', 'B', 'C'], { route: 'GET /v1/events', what: { after: '0', limit: '100' }, role: 'auditor', tokenId: 'tok-2', reason: '复核 2026 年度' }), 'auditor-li');
  await append('2026-03-01T15:59:59.999Z', read(['B'], { route: 'GET /v1/persons/:personId/counters', what: { personId: 'B', year: '2026' } }));
  await append('2026-03-01T16:00:00.000Z', read(['A'], { reason: 'phone enquiry' }));
  await append('2026-03-05T09:00:00.000Z', read(LARGE_READ_PERSONS, { route: 'POST /v1/readjudications', what: { regionCode: 'nanchong', fromMonth: '2026-01', toMonth: '2026-02', apply: false }, role: 'auditor' }), 'auditor-li');
  await append('2026-03-05T10:00:00.000Z', read(['C']));
}
