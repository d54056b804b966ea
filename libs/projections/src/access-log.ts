/**
 * The access log's read model: one row per person per recorded read (PersonDataRead), looked up
 * by person and by China-time day. The rows are a view of the event log like every projection:
 * a rebuild replays them, and nothing but the projector writes them.
 */
import { MAX_PERSONS_PER_READ_EVENT, PERSON_DATA_READ, PersonDataRead, personDataReadOf } from '@benefit/domain';
import { todayInChina } from '@benefit/shared';
import { defineProjection } from './projection';
import { AccessLogEntry, AccessLogFilter, ReadQueries } from './read-model';

export const accessLogProjection = defineProjection<PersonDataRead>({
  name: 'access-log',
  tables: ['access_log'],
  handles: [PERSON_DATA_READ],
  async apply(event, tx) {
    // through the upcaster: a read recorded in an older schema version is projected in today's shape
    const d = personDataReadOf(event.data);
    const at = event.metadata.recordedAt;
    const day = todayInChina(new Date(at));
    for (const personId of d.personIds) {
      await tx.addAccessRecord({ position: event.position, personId, day, at, actor: event.metadata.actor, role: d.role, tokenId: d.tokenId, route: d.route, what: d.what, reason: d.reason });
    }
  },
});

/**
 * One page of the access log. `limit` counts rows, but a page never splits a read: a read cut by
 * the limit is left for the next page, so that `next` (the last position shown) can be a plain log
 * position. A single read of more persons than `limit` (at most MAX_PERSONS_PER_READ_EVENT) is
 * shown whole on a page of its own. `next` is null when nothing follows.
 */
export async function accessLogPage(queries: ReadQueries, filter: AccessLogFilter): Promise<{ entries: AccessLogEntry[]; next: number | null }> {
  const rows = await queries.accessLog({ ...filter, limit: filter.limit + 1 });
  if (rows.length <= filter.limit) return { entries: rows, next: null };
  const cut = rows[filter.limit].position; // the first row left out
  const entries = rows.slice(0, filter.limit).filter((r) => r.position !== cut);
  if (entries.length > 0) return { entries, next: entries[entries.length - 1].position };
  const whole = await queries.accessLog({ ...filter, after: cut - 1, limit: MAX_PERSONS_PER_READ_EVENT + 1 });
  const read = whole.filter((r) => r.position === cut);
  return { entries: read, next: whole.length > read.length ? cut : null };
}
