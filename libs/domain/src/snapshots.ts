/**
 * Snapshots of folded states (issue 13.2): a cold command reads the stream's latest snapshot and
 * only the events after it, instead of folding the whole stream.
 *
 * A snapshot is a cache, never the source of truth:
 * - it is rebuilt from the log whenever it cannot be trusted: written by another fold version, of
 *   a revision whose event is not the one the log now holds there (a log restored from a backup,
 *   another log), or unreadable;
 * - it is written after the append that made it due, off the command's path, and a failure to
 *   write one is only logged: nothing acknowledged depends on it;
 * - it holds the state exactly as folded from the stored events (names and resident ids sealed
 *   as the events hold them), never anything decrypted;
 * - what it keeps in chunks (a person's claim records) is read when a decision first reads it;
 *   a chunk that cannot be read then makes the runner fold the stream from the log.
 */

/** One stream's folded state at one revision, encoded by the fold's codec. */
export interface Snapshot {
  streamId: string;
  /** The fold's name (Fold.name) and the version of its evolve/state shape it was written by. */
  fold: string;
  foldVersion: number;
  /** The revision of the last event folded in, and that event's id: both must match the log. */
  revision: number;
  eventId: string;
  /** The codec's encoding of the state, without what it keeps in chunks (snapshots.person.ts). */
  state: string;
  /**
   * The chunks the state refers to, stored beside the row and read only when the state's
   * records are read (snapshots.claims.ts): a long history's records never pass through the row.
   */
  chunks: string[];
}

export type EncodedSnapshot = Pick<Snapshot, 'state' | 'chunks'>;

/** What a codec gives to be written: the chunks it adds, and what to do once they are stored. */
export interface EncodedState extends EncodedSnapshot {
  /** Chunks not stored yet, by id; a chunk of `chunks` not here is in the store already. */
  newChunks: Map<string, Buffer>;
  /** Called once the snapshot is written: its new chunks need not be sent again. */
  stored(): void;
}

/** Where snapshots are kept: SQLite under DATA_DIR (libs/runtime/src/snapshots.ts) or memory. */
export interface SnapshotStore {
  read(streamId: string, fold: string): Promise<Snapshot | null>;
  /**
   * Replaces the stream's snapshot for this fold and adds `newChunks`, at once; fails, writing
   * nothing, when a chunk the snapshot names is neither in `newChunks` nor stored (so a stored
   * snapshot always has its chunks). Chunks no longer named are dropped a snapshot later.
   */
  write(snapshot: Snapshot, newChunks: Map<string, Buffer>): Promise<void>;
  /**
   * A chunk's bytes, or null. Synchronous: a state's records are read when a decision first
   * reads them, inside the fold or the decider.
   */
  readChunk(streamId: string, fold: string, id: string): Buffer | null;
  close(): Promise<void>;
}

/**
 * How a fold's state becomes JSON and chunks, and back. `version` is the fold's version: bump it
 * whenever evolve or the state shape changes, so that every snapshot written before is ignored.
 */
export interface SnapshotCodec<S> {
  version: number;
  encode(state: S): EncodedState;
  /**
   * Throws when it cannot decode: the runner then folds from the log. `readChunk` throws when a
   * chunk cannot be read, which the state may call long after (SnapshotRecordsUnreadable).
   */
  decode(encoded: EncodedSnapshot, readChunk: (id: string) => Buffer): S;
}

export interface Snapshotting {
  store: SnapshotStore;
  /** By fold name; a fold without a codec is never snapshotted. */
  codecs: Record<string, SnapshotCodec<unknown>>;
  /** A snapshot is due when this many events were folded since the last one (or since the start). */
  every: number;
  /** A snapshot that could not be read or written: logged by the caller, never thrown. */
  onError?: (err: unknown, what: 'read' | 'write') => void;
}

/**
 * Events between snapshots. A cold load folds at most this many events on top of the snapshot;
 * a snapshot encodes the state without its claim records, and only the records added since the
 * last one (snapshots.claims.ts), which a warm person pays too. Measured on the history phase
 * (docs/benchmarks.md, "Cold loads (issue 13.2, continued)", 2026-12-02, a loaded machine): with
 * the records in chunks, 50 gives cold 1.19-1.33x and 25 gives 1.07-1.14x, warm 0.97-1.10x at
 * both; with the records in the row (2.4 MB at 1,000 claims, written whole by every snapshot), 50
 * gave cold 1.68x and warm 1.06x on a quiet machine, 100 and 200 a cold 1.45-1.99x.
 */
export const SNAPSHOT_EVERY = 25;

/** Keeps snapshots in the process only: for specs, and where there is no local disk to keep them. */
export class InMemorySnapshotStore implements SnapshotStore {
  private readonly snapshots = new Map<string, Snapshot>();
  /** Chunks by `fold:streamId`, then by id. */
  readonly chunks = new Map<string, Map<string, Buffer>>();
  writes = 0;

  async read(streamId: string, fold: string): Promise<Snapshot | null> {
    return this.snapshots.get(`${fold}:${streamId}`) ?? null;
  }

  async write(snapshot: Snapshot, newChunks: Map<string, Buffer> = new Map()): Promise<void> {
    const key = `${snapshot.fold}:${snapshot.streamId}`;
    const chunks = this.chunks.get(key) ?? new Map<string, Buffer>();
    const missing = snapshot.chunks.filter((id) => !newChunks.has(id) && !chunks.has(id));
    if (missing.length > 0) throw new Error(`snapshot of ${snapshot.streamId} names chunks not stored: ${missing.join(', ')}`);
    this.writes++;
    const previous = new Set(this.snapshots.get(key)?.chunks ?? []);
    for (const [id, bytes] of newChunks) chunks.set(id, bytes);
    // chunks named by neither this snapshot nor the one it replaces (a state may still read those)
    for (const id of [...chunks.keys()]) if (!previous.has(id) && !snapshot.chunks.includes(id)) chunks.delete(id);
    this.chunks.set(key, chunks);
    this.snapshots.set(key, snapshot);
  }

  readChunk(streamId: string, fold: string, id: string): Buffer | null {
    return this.chunks.get(`${fold}:${streamId}`)?.get(id) ?? null;
  }

  async close(): Promise<void> {
    this.snapshots.clear();
    this.chunks.clear();
  }
}
