/**
 * A person's claim records in a snapshot (issue 13.2): stored apart from the snapshot's row, in
 * chunks written once each and named by a hash of their bytes, and read only when something
 * reads them. They are 99% of a long history's state (2.3 MB at 1,000 claims, measured) and a
 * new claim never reads them; reading a 2.4 MB row alone cost 1.8 ms, more than a whole cold
 * claim at 10 claims is allowed to add (`historySlowdownCold`).
 *
 * Each list remembers which chunks hold its first records (`stored`), so the next snapshot
 * writes only the records added since: one chunk of the last claims instead of the whole history. A list read from a snapshot is an array to every reader
 * (a Proxy over one): the first read of anything but the fold's append reads its chunks and
 * parses them into it, and from then on it is that array.
 */
import { createHash } from 'node:crypto';

/** A stored chunk: its id in the snapshot store and how many records it holds. */
export interface ChunkRef {
  id: string;
  count: number;
}

/** A chunk's bytes, synchronously (the fold is synchronous); throws when the store cannot give them. */
export type ReadChunk = (id: string) => Buffer;

/**
 * The records of a snapshot could not be read when something first read them (a chunk gone or
 * unreadable): the command runner folds the stream from the log again and decides on that.
 */
export class SnapshotRecordsUnreadable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SnapshotRecordsUnreadable';
  }
}

/**
 * A chunk a list's records are in. `written` holds the bytes of the chunks of one encoding until
 * its snapshot is known to be stored: a list derived before that (or after a failed write) sends
 * them again with its own snapshot, under the same names, and reads its records from them.
 */
interface ListChunk extends ChunkRef {
  written?: { bytes: Map<string, Buffer> | null };
}

interface ListMeta<T> {
  /** The list's first records are these chunks' records, in order (the rest is in no chunk yet). */
  stored: readonly ListChunk[];
  /** A list read from a snapshot, while nothing has read it: its chunks, then `tail`. */
  unread: { readChunk: ReadChunk; parse: (bytes: Buffer) => T[]; tail: T[]; read: boolean } | null;
}

const metas = new WeakMap<object, ListMeta<unknown>>();
const metaOf = <T>(list: readonly T[]) => metas.get(list) as ListMeta<T> | undefined;
const countOf = (chunks: readonly ChunkRef[]) => chunks.reduce((n, c) => n + c.count, 0);

/** Records per chunk when a list with nothing stored is written whole (its first snapshot). */
const CHUNK_RECORDS = 64;

/** The records of `stored` (read by `readChunk` and `parse` when first read), then `tail`. */
export function unreadRecords<T>(stored: readonly ChunkRef[], readChunk: ReadChunk, parse: (bytes: Buffer) => T[], tail: T[] = []): T[] {
  const target: T[] = [];
  const meta: ListMeta<T> = { stored, unread: { readChunk, parse, tail, read: false } };
  const readAll = (): T[] => {
    const unread = meta.unread!;
    if (!unread.read) {
      const records: T[] = [];
      for (const chunk of meta.stored) {
        let parsed: T[];
        try {
          parsed = unread.parse(chunk.written?.bytes?.get(chunk.id) ?? unread.readChunk(chunk.id));
        } catch (err) {
          throw err instanceof SnapshotRecordsUnreadable ? err : new SnapshotRecordsUnreadable(`claim records of chunk ${chunk.id}: ${(err as Error).message}`, { cause: err });
        }
        if (!Array.isArray(parsed) || parsed.length !== chunk.count) throw new SnapshotRecordsUnreadable(`chunk ${chunk.id} holds ${parsed?.length} records, not ${chunk.count}`);
        records.push(...parsed);
      }
      // only once every chunk was read: a failed read leaves the list unread, and it fails again
      unread.read = true;
      target.push(...records, ...unread.tail);
    }
    return target;
  };
  const list = new Proxy(target, {
    get: (_, key) => Reflect.get(readAll(), key),
    has: (_, key) => Reflect.has(readAll(), key),
    ownKeys: () => Reflect.ownKeys(readAll()),
    getOwnPropertyDescriptor: (_, key) => Reflect.getOwnPropertyDescriptor(readAll(), key),
    set: (_, key, value) => Reflect.set(readAll(), key, value),
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(readAll(), key, descriptor),
    deleteProperty: (_, key) => Reflect.deleteProperty(readAll(), key),
  });
  metas.set(list, meta as ListMeta<unknown>);
  return list;
}

/** The chunks and the records after them, while nothing has read a list read from a snapshot; else null. */
export function unreadPart<T>(list: readonly T[]): { stored: readonly ChunkRef[]; tail: T[] } | null {
  const meta = metaOf(list);
  return meta?.unread && !meta.unread.read ? { stored: meta.stored, tail: meta.unread.tail } : null;
}

/** `[...list, record]`, except that an unread list stays unread; the stored chunks stay the new list's. */
export function withRecordAppended<T>(list: readonly T[], record: T): T[] {
  const meta = metaOf(list);
  const unread = meta?.unread;
  if (unread && !unread.read) return unreadRecords(meta.stored, unread.readChunk, unread.parse, [...unread.tail, record]);
  const next = [...list, record];
  if (meta) metas.set(next, { stored: meta.stored, unread: null });
  return next;
}

/** The list with the record at `at` replaced: the chunks wholly before it stay the new list's. */
export function withRecordReplaced<T>(list: readonly T[], at: number, record: T): T[] {
  const next = list.map((r, i) => (i === at ? record : r));
  const stored: ChunkRef[] = [];
  let end = 0;
  for (const chunk of metaOf(list)?.stored ?? []) {
    if ((end += chunk.count) > at) break;
    stored.push(chunk);
  }
  if (stored.length > 0) metas.set(next, { stored, unread: null });
  return next;
}

/** A chunk's bytes: the records as one JSON array. */
const chunkBytes = <T>(records: readonly T[]): Buffer => Buffer.from(JSON.stringify(records));
/** Named by its bytes: a name always means the same bytes, so a chunk is written once and never changed. */
const chunkId = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('base64url').slice(0, 32);

export interface EncodedRecords {
  /** Every chunk of the list, in order. */
  chunks: ChunkRef[];
  /** The chunks not stored yet, by id: the records added since the list's last snapshot. */
  newChunks: Map<string, Buffer>;
  /** Once the snapshot is stored: its new chunks need not be sent again. */
  stored(): void;
}

/**
 * The list as chunks: those it was read from or last encoded in, and new ones for the records
 * after them. From then on the list (and each list derived from it) holds its records in those
 * chunks; those of a snapshot not known to be stored are sent again with the next one.
 */
export function encodeRecords<T>(list: readonly T[]): EncodedRecords {
  const meta = metaOf(list);
  const before = meta?.stored ?? [];
  const unread = meta?.unread && !meta.unread.read ? meta.unread : null;
  const rest = unread ? unread.tail : list.slice(countOf(before));
  const newChunks = new Map<string, Buffer>();
  for (const c of before) {
    const bytes = c.written?.bytes?.get(c.id);
    if (bytes) newChunks.set(c.id, bytes);
  }
  const written: ListChunk['written'] = { bytes: new Map() };
  const added: ListChunk[] = [];
  for (let i = 0; i < rest.length; i += CHUNK_RECORDS) {
    const records = rest.slice(i, i + CHUNK_RECORDS);
    const bytes = chunkBytes(records);
    const id = chunkId(bytes);
    newChunks.set(id, bytes);
    written.bytes!.set(id, bytes);
    added.push({ id, count: records.length, written });
  }
  const chunks = [...before, ...added];
  if (added.length > 0) {
    if (meta?.unread) {
      meta.stored = chunks;
      if (!meta.unread.read) meta.unread.tail = [];
    } else metas.set(list, { stored: chunks, unread: null });
  }
  const stored = () => {
    written.bytes = null;
    for (const c of before) if (newChunks.has(c.id)) c.written?.bytes?.delete(c.id);
  };
  return { chunks: chunks.map(({ id, count }) => ({ id, count })), newChunks, stored };
}
