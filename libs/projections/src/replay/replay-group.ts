/**
 * One group of projections replayed from the raw rows of the log, as the Projector would replay
 * them, with the writes handed to a single writer instead of written here. Runs the same in a
 * worker thread (replay-worker.ts) and in the caller's thread (ReplayOptions.inProcess).
 *
 * Raw rows: a plain SELECT of the group's handled types only (`type IN (…)`), so a row no
 * projection of the group handles is never turned into a JavaScript object, and data and metadata
 * are parsed only when a projection reads them (lazy getters, as the adapter's own rows).
 */
import Database from 'better-sqlite3';
import { EventRow, EventStore, RecordedEvent, StoredEvent } from '@benefit/event-store';
import { withCurrentSchemas } from '@benefit/domain';
import { Projection } from '../projection';
import { Batch } from '../engine/batch';
import { BatchTx, SettledMonthsCache } from '../engine/batch-tx';
import { ReplayRows } from './replay-rows';

/** What a group is told: plain data, so that it crosses to a worker thread. */
export interface GroupSpec {
  group: number;
  eventsFile: string;
  readModelFile: string;
  /** Names in ALL_PROJECTIONS, in the order they apply an event. */
  projections: string[];
  /** Each projection's checkpoint when the replay started (0 after a reset). */
  checkpoints: Record<string, number>;
  /** The replay stops here: every group reaches the same position. */
  head: number;
  /** Handled events per transaction. */
  batchSize: number;
  /** Hand each event over in the current version of its schema (the domain's registry), as the service's readers do. */
  upcast: boolean;
}

/** One transaction of a group: what its projections wrote (the parts, in order) and the log position reached. */
export interface GroupTransaction {
  group: number;
  parts: Batch[];
  position: number;
  /** Handled events applied in it. */
  events: number;
}

export interface GroupChannel {
  /** Hands a transaction to the writer (it may return before the writer committed it); its sequence number, from 1. */
  handOver(tx: GroupTransaction): Promise<number>;
  /** Returns once the writer committed every transaction handed over: a read of the store sees them. */
  committed(): void;
  /** The sequence number of the last transaction the writer committed. */
  committedSeq(): number;
}

export interface GroupResult {
  group: number;
  events: number;
  transactions: number;
}

/** Rows per SELECT: a page's rows and parsed payloads stay within a worker's young generation. */
const READ_PAGE = 500;

/** A row as the adapter hands it over (StoredEvent: JSON parsed when first read). */
const recordedOf = (row: EventRow): RecordedEvent => new StoredEvent(row);

/** The domain's upcasting over one page at a time: the rules stay in upcasting.ts, applied as to any reader. */
function pageUpcaster(): (events: RecordedEvent[]) => Promise<RecordedEvent[]> {
  let page: RecordedEvent[] = [];
  const lifted = withCurrentSchemas({ readAll: async () => page } as Partial<EventStore> as EventStore);
  return async (events) => {
    page = events;
    return lifted.readAll({ after: 0, maxCount: events.length });
  };
}

/**
 * Replays `projections` (the group's, in spec order) from their checkpoints up to `spec.head`,
 * handing each transaction to `channel`. The log is opened read-only here; the read model too, for
 * the rows a projection reads back.
 */
export async function runGroup(spec: GroupSpec, projections: Projection[], channel: GroupChannel): Promise<GroupResult> {
  const log = new Database(spec.eventsFile, { readonly: true, fileMustExist: true });
  const readModel = new Database(spec.readModelFile, { readonly: true, fileMustExist: true });
  try {
    log.pragma('busy_timeout = 10000');
    readModel.pragma('busy_timeout = 10000');
    const types = [...new Set(projections.flatMap((p) => [...p.handles]))];
    const page = log.prepare<unknown[], EventRow>(
      `SELECT position, stream_id, revision, type, data, metadata, recorded_at FROM events
       WHERE position > ? AND position <= ? AND type IN (${types.map(() => '?').join(', ')}) ORDER BY position LIMIT ?`,
    );
    const rows = new ReplayRows(readModel, () => channel.committed(), () => channel.committedSeq());
    const settled: SettledMonthsCache = new Map();
    const upcast = spec.upcast ? pageUpcaster() : null;
    const checkpoints = new Map(projections.map((p) => [p.name, spec.checkpoints[p.name] ?? 0]));
    let after = Math.min(...checkpoints.values());
    const result: GroupResult = { group: spec.group, events: 0, transactions: 0 };
    // rows are read in short pages (they die young), applied into one transaction of up to batchSize handled events
    const readPage = Math.min(spec.batchSize, READ_PAGE);
    while (after < spec.head) {
      const tx = new BatchTx(rows, settled);
      let applied = 0;
      let last = after;
      while (applied < spec.batchSize && last < spec.head) {
        const found = page.all(last, spec.head, ...types, Math.min(readPage, spec.batchSize - applied));
        // a short page reached the head: everything up to it was looked at
        const reached = found.length < Math.min(readPage, spec.batchSize - applied) ? spec.head : found[found.length - 1].position;
        let events = found.map(recordedOf);
        if (upcast) events = await upcast(events);
        for (const event of events) {
          for (const p of projections) {
            if (checkpoints.get(p.name)! < event.position && p.handles.has(event.type)) await p.apply(event, tx);
          }
        }
        applied += events.length;
        last = reached;
      }
      await tx.flush();
      const parts = rows.take();
      rows.handedOver(await channel.handOver({ group: spec.group, parts, position: last, events: applied }), parts);
      for (const p of projections) checkpoints.set(p.name, Math.max(checkpoints.get(p.name)!, last));
      result.events += applied;
      result.transactions++;
      after = last;
    }
    return result;
  } finally {
    readModel.close();
    log.close();
  }
}
