/**
 * The chunks of a month-end (issue 13.4). Each chunk folds its persons from the log once — not
 * through the CommandRunner, whose cache of 20,000 states belongs to live commands: a one-pass
 * job would only evict them and fold everyone cold anyway — decides their month-ends, and appends
 * them in ONE atomic append together with the job's record (MonthEndChunkRecorded), each person's
 * stream at the revision it was folded at. So a crash leaves whole chunks or nothing, and the
 * record names exactly the persons whose month-end is in the log.
 *
 * Nobody is paid twice: the month-end decider records a credit, reward or premium once per month
 * (or year) on the person's state, and the expected revisions make a chunk that raced a live
 * command fold again and decide on what that command wrote.
 */
import { CloseMonth, CommandMeta, MonthEndChunkRecorded, PersonEvent, PersonState, monthEndDecider, monthEndJobStream, personFold, personStream } from '@benefit/domain';
import { EventStore, NewEvent, StreamWrite, WrongExpectedRevisionError, authorisedBy } from '@benefit/event-store';
import { ParameterBook } from '@benefit/policy';
import { Month, RegionCode, conflict } from '@benefit/shared';
import { MonthTotals, addPersonMonth, noTotals, totalsOf } from './settle-month-totals';

/** The log as the job needs it: streams read one by one, and the chunk's atomic append. */
export type JobLog = Pick<EventStore, 'readStream' | 'appendMulti' | 'headPosition'>;

/** Where a job starts: after the last recorded chunk, or at the first person. */
export interface JobStart {
  /** Index in the sorted person ids of the first person still to record. */
  personsDone: number;
  totals: MonthTotals;
  /** The next chunk's number, and the job stream's revision its record expects (-1: none yet). */
  chunk: number;
  revision: number;
  resumed: boolean;
}

export interface Folded {
  personId: string;
  state: PersonState;
  /** The stream's revision the state is folded to (-1: no stream). */
  revision: number;
}

/** Retries of a chunk that raced a live command on one of its persons (as the runner's 20). */
const MAX_RETRIES = 20;

/**
 * The job's last record, if it still describes today's persons: the ids before its last person
 * are the same count (ids are sorted and persons are never removed from a region). Else — a person
 * registered since with an id before that point — the job starts again at the first person, which
 * records nothing twice (the decider) and adds the totals up afresh from each state.
 */
export async function jobStart(log: JobLog, regionCode: RegionCode, month: Month, personIds: readonly string[]): Promise<JobStart> {
  const [last] = await log.readStream(monthEndJobStream(regionCode, month), { direction: 'backwards', maxCount: 1 });
  if (!last) return { personsDone: 0, totals: noTotals(), chunk: 0, revision: -1, resumed: false };
  const record = last.data as MonthEndChunkRecorded['data'];
  const same = record.personsDone <= personIds.length && personIds[record.personsDone - 1] === record.throughPersonId;
  return same
    ? { personsDone: record.personsDone, totals: totalsOf(record), chunk: record.chunk + 1, revision: last.revision, resumed: true }
    : { personsDone: 0, totals: noTotals(), chunk: record.chunk + 1, revision: last.revision, resumed: false };
}

/** Each person of the chunk folded from the log (the stream read once, no cache read or filled). */
export async function foldChunk(log: Pick<JobLog, 'readStream'>, personIds: readonly string[]): Promise<Folded[]> {
  return Promise.all(
    personIds.map(async (personId) => {
      const events = await log.readStream(personStream(personId));
      let state = personFold.initialState();
      for (const e of events) state = personFold.evolve(state, { type: e.type, data: e.data } as PersonEvent);
      return { personId, state, revision: events.length === 0 ? -1 : events[events.length - 1].revision };
    }),
  );
}

/** Everything the job decides for one person: the command, as SettleMonth has always sent it. */
export interface MonthEnd {
  regionCode: RegionCode;
  month: Month;
  settledBefore: readonly Month[];
  params: ParameterBook;
}

const closeOf = (m: MonthEnd, personId: string): CloseMonth => ({ type: 'CloseMonth', data: { personId, month: m.month, settledBefore: [...m.settledBefore] } });

/** Decides every person of the chunk without writing: a refusal (a missing parameter) throws here. */
export async function decideChunk(log: Pick<JobLog, 'readStream'>, m: MonthEnd, personIds: readonly string[]): Promise<void> {
  for (const f of await foldChunk(log, personIds)) monthEndDecider.decide(closeOf(m, f.personId), f.state, m.params);
}

const toNew = (e: { type: string; data: unknown }, meta: CommandMeta): NewEvent => ({
  type: e.type,
  data: e.data,
  metadata: { actor: meta.actor, correlationId: meta.correlationId, causationId: meta.causationId ?? null, ...authorisedBy(meta) },
});

export interface ChunkRecorded {
  totals: MonthTotals;
  /** The job stream's revision after the record. */
  revision: number;
  /** Persons whose month-end wrote events in this chunk (0 for a chunk an interrupted run had recorded). */
  written: number;
}

/**
 * Folds, decides and appends one chunk with its record; retried when a person's stream moved
 * (a claim of that person came in meanwhile). A job stream that moved means another SettleMonth
 * of the same month is recording: refused, the other one finishes the month.
 */
export async function recordChunk(log: JobLog, m: MonthEnd, personIds: readonly string[], job: JobStart, meta: CommandMeta, persons: number): Promise<ChunkRecorded> {
  const jobStream = monthEndJobStream(m.regionCode, m.month);
  for (let attempt = 0; ; attempt++) {
    const writes: StreamWrite[] = [];
    let totals = job.totals;
    for (const f of await foldChunk(log, personIds)) {
      const events = monthEndDecider.decide(closeOf(m, f.personId), f.state, m.params);
      if (events.length > 0) writes.push({ streamId: personStream(f.personId), events: events.map((e) => toNew(e, meta)), expected: f.revision === -1 ? 'no_stream' : f.revision });
      totals = addPersonMonth(totals, events.reduce(personFold.evolve, f.state), m.month);
    }
    const record: MonthEndChunkRecorded = {
      type: 'MonthEndChunkRecorded',
      data: { regionCode: m.regionCode, month: m.month, chunk: job.chunk, personsDone: job.personsDone + personIds.length, persons, throughPersonId: personIds[personIds.length - 1], ...totals },
    };
    writes.push({ streamId: jobStream, events: [toNew(record, meta)], expected: job.revision === -1 ? 'no_stream' : job.revision });
    try {
      const results = await log.appendMulti(writes);
      return { totals, revision: results[results.length - 1].nextExpectedRevision, written: writes.length - 1 };
    } catch (err) {
      if (!(err instanceof WrongExpectedRevisionError)) throw err;
      if (err.streamId === jobStream) throw conflict('month-end-running', `another SettleMonth of ${m.regionCode} ${m.month} is recording it; wait for it to finish (GET /v1/settlements/${m.regionCode}/${m.month})`);
      if (attempt >= MAX_RETRIES) throw err;
    }
  }
}

/** Where a region's month-end stands, as its job stream and the region's settlements say. */
export interface MonthEndStatus {
  state: 'not-started' | 'recording' | 'settled';
  personsDone: number;
  /** Persons of the region when the job last recorded a chunk (null before the first). */
  persons: number | null;
  chunks: number;
  firstChunkAt: string | null;
  lastChunkAt: string | null;
  /** Persons per second between the first and the last recorded chunk of this job (null under two chunks). */
  perSec: number | null;
}

/**
 * Read-only: the last chunk record (and the first, for the rate) and whether the month is closed.
 * A 'recording' month whose process is gone resumes with SettleMonth again (POST /v1/settlements).
 */
export async function monthEndStatus(log: Pick<JobLog, 'readStream'>, regionCode: RegionCode, month: Month, settled: boolean): Promise<MonthEndStatus> {
  const stream = monthEndJobStream(regionCode, month);
  const [last] = await log.readStream(stream, { direction: 'backwards', maxCount: 1 });
  const [first] = await log.readStream(stream, { maxCount: 1 });
  const record = last?.data as MonthEndChunkRecorded['data'] | undefined;
  const firstDone = (first?.data as MonthEndChunkRecorded['data'] | undefined)?.personsDone ?? 0;
  const seconds = first && last ? (Date.parse(last.metadata.recordedAt) - Date.parse(first.metadata.recordedAt)) / 1000 : 0;
  return {
    state: settled ? 'settled' : record ? 'recording' : 'not-started',
    personsDone: record?.personsDone ?? 0,
    persons: record?.persons ?? null,
    chunks: last ? last.revision + 1 : 0,
    firstChunkAt: first?.metadata.recordedAt ?? null,
    lastChunkAt: last?.metadata.recordedAt ?? null,
    perSec: record && seconds > 0 && record.personsDone > firstDone ? Math.round((record.personsDone - firstDone) / seconds) : null,
  };
}
