/**
 * The key store port: for each person, their data key wrapped by a master key (and that key's
 * id), or the fact that it was destroyed. Adapters: SQLite (DATA_DIR/keys.db, the default) and
 * PostgreSQL (KEYSTORE_URL). Every adapter passes `key-store.contract.ts`.
 *
 * Semantics every adapter keeps:
 * - `create` inserts each person's first key or returns the one already held (two processes
 *   registering the same person at once end up with one key); it never replaces a key, and
 *   never revives an erased person. A batch is one transaction: one sync to disk for many keys.
 * - `erase` is final and idempotent: the wrapped key is overwritten and only the erasure date
 *   stays (so that nothing seals for that person again).
 * - `rewrap` replaces each wrapped key only if it is still wrapped by `fromKeyId` (a compare-and-set:
 *   a rotation running beside an erasure never brings a destroyed key back), a batch at a time in
 *   one transaction.
 */
export type KeyRecord =
  | { personId: string; state: 'active'; keyId: string; wrapped: Buffer }
  | { personId: string; state: 'erased'; erasedAt: string };

export interface NewKey {
  personId: string;
  keyId: string;
  wrapped: Buffer;
}

export interface Rewrap {
  personId: string;
  fromKeyId: string;
  toKeyId: string;
  wrapped: Buffer;
}

export interface KeyUsage {
  /** Active data keys by the id of the master key that wraps them. */
  byMasterKey: Record<string, number>;
  erased: number;
}

export interface KeyStore {
  get(personId: string): Promise<KeyRecord | null>;
  /** The record each person holds afterwards, in the order given. */
  create(keys: readonly NewKey[]): Promise<KeyRecord[]>;
  erase(personId: string, erasedAt: string): Promise<void>;
  /** How many were replaced; a key no longer wrapped by its `fromKeyId` (re-wrapped or erased meanwhile) is left alone. */
  rewrap(changes: readonly Rewrap[]): Promise<number>;
  /** Active keys not wrapped by `exceptKeyId`, in person-id order after `afterPersonId`, at most `limit`. */
  wrappedByOthers(exceptKeyId: string, afterPersonId: string, limit: number): Promise<Extract<KeyRecord, { state: 'active' }>[]>;
  usage(): Promise<KeyUsage>;
  close(): Promise<void>;
}

/** A stored row, as both adapters keep it. */
export interface KeyRow {
  person_id: string;
  key_id: string | null;
  wrapped: Buffer | Uint8Array | null;
  erased_at: string | null;
}

export const recordOf = (r: KeyRow): KeyRecord =>
  r.erased_at !== null
    ? { personId: r.person_id, state: 'erased', erasedAt: r.erased_at }
    : { personId: r.person_id, state: 'active', keyId: r.key_id!, wrapped: Buffer.from(r.wrapped!) };
