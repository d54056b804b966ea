/**
 * The personal-data vault: seals and opens a person's name and resident id with that person's
 * own data key, and destroys the key to erase them (crypto-shredding: every copy of the
 * ciphertext — the log, read models, backups, Kafka — becomes unreadable at once).
 *
 * Data keys live wrapped in the key store; unwrapped ones are kept in a bounded LRU cache so that
 * reading a person does not unwrap on every request. A cached key is trusted for `cacheTtlMs`
 * only: another process sharing the key store (several apis on KEYSTORE_URL) that erases a person
 * is then seen here within that time; an erasure made through this vault is seen at once.
 */
import { randomBytes } from 'node:crypto';
import { DATA_KEY_BYTES, isSealed, openWith, sealWith } from './envelope';
import { KeyRecord, KeyStore } from './key-store';
import { MasterKeys, unwrapDataKey, wrapDataKey } from './master-keys';

/** Sealing for a person whose identity was erased: nothing may be written for them again. */
export class PersonErasedError extends Error {
  constructor(readonly personId: string) {
    super(`the identity of person ${personId} was erased`);
    this.name = 'PersonErasedError';
  }
}

type Entry = { state: 'active'; dataKey: Buffer; at: number } | { state: 'erased' };

/** A Map kept in use order: the least recently used entry is the first one. */
class Lru<V> {
  private readonly map = new Map<string, V>();

  constructor(readonly max: number) {}

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  get size(): number {
    return this.map.size;
  }
}

export interface VaultOptions {
  /** Unwrapped data keys kept in memory (default 10,000: about 1 MB). */
  cacheSize?: number;
  /** How long a cached data key is used before the key store is asked again (default 5 minutes). */
  cacheTtlMs?: number;
  now?: () => number;
}

export class PiiVault {
  private readonly cache: Lru<Entry>;
  private readonly ttlMs: number;
  private readonly now: () => number;
  /** Data keys being created, by person: concurrent seals of one new person share one key. */
  private readonly creating = new Map<string, Promise<Buffer>>();
  /** Persons waiting for a new data key: created together at the next turn of the event loop. */
  private readonly queue: { personId: string; resolve: (key: Buffer) => void; reject: (err: unknown) => void }[] = [];

  constructor(
    readonly keys: MasterKeys,
    readonly store: KeyStore,
    opts: VaultOptions = {},
  ) {
    this.cache = new Lru(opts.cacheSize ?? 10_000);
    this.ttlMs = opts.cacheTtlMs ?? 300_000;
    this.now = opts.now ?? Date.now;
  }

  /** Seals a value for a person, creating their data key on first use. Refused for an erased person. */
  async seal(personId: string, field: string, plaintext: string): Promise<string> {
    return sealWith(await this.dataKeyForSealing(personId), personId, field, plaintext);
  }

  /**
   * The plaintext of a value, or null when the person's identity was erased. A value that is not
   * an envelope (written before encryption) is returned as it is, unless the person was erased.
   */
  async open(personId: string, field: string, value: string | null | undefined): Promise<string | null> {
    if (value === null || value === undefined) return null;
    const key = await this.lookup(personId);
    if (key === 'erased') return null;
    if (!isSealed(value)) return value;
    if (key === null) {
      throw new Error(`person ${personId} has a sealed ${field} but the key store holds no data key for them: restore keys.db (or KEYSTORE_URL) from the backup taken with the event log`);
    }
    return openWith(key, personId, field, value);
  }

  async isErased(personId: string): Promise<boolean> {
    return (await this.lookup(personId)) === 'erased';
  }

  /** Destroys the person's data key for good (idempotent). Their sealed values never open again. */
  async erase(personId: string, erasedAt = new Date(this.now()).toISOString()): Promise<void> {
    this.cache.delete(personId);
    await this.store.erase(personId, erasedAt);
    this.cache.set(personId, { state: 'erased' });
  }

  async close(): Promise<void> {
    await this.store.close();
  }

  /** The data key, 'erased', or null when the person has none yet. */
  private async lookup(personId: string): Promise<Buffer | 'erased' | null> {
    const hit = this.cache.get(personId);
    if (hit?.state === 'erased') return 'erased';
    if (hit && this.now() - hit.at < this.ttlMs) return hit.dataKey;
    const record = await this.store.get(personId);
    if (!record) {
      this.cache.delete(personId);
      return null;
    }
    return this.remember(record);
  }

  private remember(record: KeyRecord): Buffer | 'erased' {
    if (record.state === 'erased') {
      this.cache.set(record.personId, { state: 'erased' });
      return 'erased';
    }
    const dataKey = this.unwrap(record);
    this.cache.set(record.personId, { state: 'active', dataKey, at: this.now() });
    return dataKey;
  }

  private unwrap(record: Extract<KeyRecord, { state: 'active' }>): Buffer {
    // a key id this process has not seen: a rotation may have added it to the key file since
    const master = this.keys.ring().get(record.keyId) ?? this.keys.refresh().get(record.keyId);
    if (!master) {
      throw new Error(
        `the data key of person ${record.personId} is wrapped by master key ${record.keyId}, which ${this.keys.where} does not hold: ` +
          'give the process that key again (DATA_KEY=new,old during a rotation, or restore the key file), then retry',
      );
    }
    return unwrapDataKey(master, record.personId, record.wrapped);
  }

  private async dataKeyForSealing(personId: string): Promise<Buffer> {
    const found = await this.lookup(personId);
    if (found === 'erased') throw new PersonErasedError(personId);
    if (found) return found;
    let pending = this.creating.get(personId);
    if (!pending) {
      pending = new Promise<Buffer>((resolve, reject) => this.queue.push({ personId, resolve, reject })).finally(() => this.creating.delete(personId));
      this.creating.set(personId, pending);
      // new persons asked for in the same turn of the event loop get their keys in one
      // transaction: one sync to disk for a burst of registrations instead of one each
      if (this.queue.length === 1) setImmediate(() => void this.createQueued());
    }
    return pending;
  }

  /**
   * Makes the data keys of the persons queued since the last call, in one batch. Someone else's
   * key already held (another process created it first) is used instead of ours.
   */
  private async createQueued(): Promise<void> {
    const batch = this.queue.splice(0);
    try {
      const ring = this.keys.refresh();
      const made = batch.map(({ personId }) => {
        const dataKey = randomBytes(DATA_KEY_BYTES);
        return { personId, dataKey, wrapped: wrapDataKey(ring.current, personId, dataKey) };
      });
      const held = await this.store.create(made.map(({ personId, wrapped }) => ({ personId, keyId: ring.current.id, wrapped })));
      const ours = made.filter((m, i) => held[i].state === 'active' && (held[i] as { wrapped: Buffer }).wrapped.equals(m.wrapped));
      // a rotation may have put a new key in front while these were wrapped: wrap them again under
      // that key, so that a prune (which removes keys no data key uses) never strands them
      const latest = this.keys.refresh();
      if (ours.length && latest.current.id !== ring.current.id) {
        await this.store.rewrap(ours.map((m) => ({ personId: m.personId, fromKeyId: ring.current.id, toKeyId: latest.current.id, wrapped: wrapDataKey(latest.current, m.personId, m.dataKey) })));
      }
      batch.forEach((request, i) => {
        try {
          if (held[i].state === 'erased') throw new PersonErasedError(request.personId);
          if (ours.includes(made[i])) {
            this.cache.set(request.personId, { state: 'active', dataKey: made[i].dataKey, at: this.now() });
            request.resolve(made[i].dataKey);
          } else request.resolve(this.remember(held[i]) as Buffer);
        } catch (err) {
          if (err instanceof PersonErasedError) this.cache.set(request.personId, { state: 'erased' });
          request.reject(err);
        }
      });
    } catch (err) {
      for (const request of batch) request.reject(err);
    }
  }

  /**
   * Makes the data keys of many persons ahead of their first seal, in batches (a bulk load such
   * as `generate`): one transaction per batch instead of one per person.
   */
  async prepare(personIds: readonly string[], batchSize = 1000): Promise<void> {
    for (let i = 0; i < personIds.length; i += batchSize) {
      await Promise.all(personIds.slice(i, i + batchSize).map((p) => this.dataKeyForSealing(p).catch((err) => {
        if (!(err instanceof PersonErasedError)) throw err;
      })));
    }
  }
}
