/**
 * A person's claim records as read from a snapshot, parsed only when something reads them
 * (issue 13.2). They are 99% of a long history's state (2.3 MB at 1,000 claims, measured) and a
 * new claim never reads them: parsing them on every cold load would cost more than folding the
 * events after the snapshot.
 *
 * The list is an array to every reader (a Proxy over one): the first read of anything but the
 * append below parses the snapshot's records into it, and from then on it is that array. The
 * fold's one append (evolvePerson, ClaimAdjudicated) keeps an unread list unread.
 */

/** Where each record's UTF-8 JSON ends in `bulk`; the first starts at 0. */
export interface RecordBytes {
  bulk: Buffer;
  ends: number[];
}

interface Unread<T> {
  bytes: RecordBytes;
  parse: (json: string, index: number) => T;
  /** Records appended since the snapshot, already objects. */
  tail: T[];
  read: boolean;
}

const unreadLists = new WeakMap<object, Unread<unknown>>();

/** The snapshot's records (parsed by `parse` when first read) followed by `tail`. */
export function unreadRecords<T>(bytes: RecordBytes, parse: (json: string, index: number) => T, tail: T[] = []): T[] {
  const target: T[] = [];
  const unread: Unread<T> = { bytes, parse, tail, read: false };
  const readAll = (): T[] => {
    if (!unread.read) {
      unread.read = true;
      const { bulk, ends } = bytes;
      ends.forEach((end, i) => target.push(parse(bulk.toString('utf8', i === 0 ? 0 : ends[i - 1], end), i)));
      target.push(...tail);
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
  unreadLists.set(list, unread as Unread<unknown>);
  return list;
}

/** The snapshot bytes and the records after them, while nothing has read the list; else null. */
export function unreadPart<T>(list: readonly T[]): { bytes: RecordBytes; tail: T[] } | null {
  const unread = unreadLists.get(list) as Unread<T> | undefined;
  return unread && !unread.read ? { bytes: unread.bytes, tail: unread.tail } : null;
}

/** `[...list, record]`, except that an unread list stays unread. */
export function withRecordAppended<T>(list: readonly T[], record: T): T[] {
  const unread = unreadLists.get(list) as Unread<T> | undefined;
  if (unread && !unread.read) return unreadRecords(unread.bytes, unread.parse, [...unread.tail, record]);
  return [...list, record];
}
