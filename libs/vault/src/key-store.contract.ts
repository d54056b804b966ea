/**
 * The executable definition of the `KeyStore` port: every adapter runs it.
 *
 *   runKeyStoreContract('SQLite', async () => ({ store, cleanup }));
 *
 * Each test uses person ids of its own (a random prefix), so the suite also runs on a shared server.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { KeyRecord, KeyStore } from './key-store';

/** One person's key through the batch call. */
export const createOne = async (store: KeyStore, personId: string, keyId: string, wrapped: Buffer): Promise<KeyRecord> => (await store.create([{ personId, keyId, wrapped }]))[0];

export interface KeyStoreFixture {
  store: KeyStore;
  cleanup: () => Promise<void>;
}

const wrapped = () => randomBytes(60);

export function runKeyStoreContract(name: string, open: () => Promise<KeyStoreFixture>): void {
  describe(`KeyStore contract: ${name}`, () => {
    let f: KeyStoreFixture;
    let prefix: string;
    beforeEach(async () => {
      f = await open();
      prefix = `${randomUUID().slice(0, 8)}-`;
    });
    afterEach(async () => f.cleanup());
    const id = (n: number | string) => `${prefix}${n}`;

    it('holds nothing for a person it was never given', async () => {
      expect(await f.store.get(id('nobody'))).toBeNull();
    });

    it('keeps the first key created for a person; a second create returns the first', async () => {
      const first = wrapped();
      const held = await createOne(f.store, id(1), 'aaaaaaaaaaaaaaaa', first);
      expect(held).toEqual({ personId: id(1), state: 'active', keyId: 'aaaaaaaaaaaaaaaa', wrapped: first });
      const again = await createOne(f.store, id(1), 'bbbbbbbbbbbbbbbb', wrapped());
      expect(again).toEqual(held);
      expect(await f.store.get(id(1))).toEqual(held);
    });

    it('of concurrent creates for one person exactly one key lands, and every caller gets that one', async () => {
      const results = await Promise.all(Array.from({ length: 8 }, () => createOne(f.store, id('race'), 'aaaaaaaaaaaaaaaa', wrapped())));
      const stored = await f.store.get(id('race'));
      for (const r of results) expect(r).toEqual(stored);
    });

    it('creates a batch in one call: each person gets the first key given, an erased one stays erased', async () => {
      await f.store.erase(id('gone'), '2024-01-01T00:00:00.000Z');
      const [k1, k2, k3] = [wrapped(), wrapped(), wrapped()];
      const held = await f.store.create([
        { personId: id('m1'), keyId: 'aaaaaaaaaaaaaaaa', wrapped: k1 },
        { personId: id('m2'), keyId: 'aaaaaaaaaaaaaaaa', wrapped: k2 },
        { personId: id('m1'), keyId: 'aaaaaaaaaaaaaaaa', wrapped: k3 },
        { personId: id('gone'), keyId: 'aaaaaaaaaaaaaaaa', wrapped: wrapped() },
      ]);
      expect(held).toEqual([
        { personId: id('m1'), state: 'active', keyId: 'aaaaaaaaaaaaaaaa', wrapped: k1 },
        { personId: id('m2'), state: 'active', keyId: 'aaaaaaaaaaaaaaaa', wrapped: k2 },
        { personId: id('m1'), state: 'active', keyId: 'aaaaaaaaaaaaaaaa', wrapped: k1 },
        { personId: id('gone'), state: 'erased', erasedAt: '2024-01-01T00:00:00.000Z' },
      ]);
      expect(await f.store.create([])).toEqual([]);
    });

    it('erasure is final and idempotent, keeps its first date, and no create revives the person', async () => {
      await createOne(f.store, id(2), 'aaaaaaaaaaaaaaaa', wrapped());
      await f.store.erase(id(2), '2024-01-01T00:00:00.000Z');
      await f.store.erase(id(2), '2025-01-01T00:00:00.000Z');
      const erased = { personId: id(2), state: 'erased', erasedAt: '2024-01-01T00:00:00.000Z' };
      expect(await f.store.get(id(2))).toEqual(erased);
      expect(await createOne(f.store, id(2), 'aaaaaaaaaaaaaaaa', wrapped())).toEqual(erased);
      expect(await f.store.get(id(2))).toEqual(erased);
    });

    it('erasing a person who has no key yet leaves a tombstone, so that nothing is sealed for them later', async () => {
      await f.store.erase(id(3), '2024-01-01T00:00:00.000Z');
      expect(await createOne(f.store, id(3), 'aaaaaaaaaaaaaaaa', wrapped())).toEqual({ personId: id(3), state: 'erased', erasedAt: '2024-01-01T00:00:00.000Z' });
    });

    it('re-wraps only keys still wrapped by the expected master key (never an erased one)', async () => {
      await createOne(f.store, id(4), 'aaaaaaaaaaaaaaaa', wrapped());
      await createOne(f.store, id(5), 'bbbbbbbbbbbbbbbb', wrapped());
      await createOne(f.store, id(6), 'aaaaaaaaaaaaaaaa', wrapped());
      await f.store.erase(id(6), '2024-01-01T00:00:00.000Z');
      const next = wrapped();
      const n = await f.store.rewrap([
        { personId: id(4), fromKeyId: 'aaaaaaaaaaaaaaaa', toKeyId: 'cccccccccccccccc', wrapped: next },
        { personId: id(5), fromKeyId: 'aaaaaaaaaaaaaaaa', toKeyId: 'cccccccccccccccc', wrapped: wrapped() },
        { personId: id(6), fromKeyId: 'aaaaaaaaaaaaaaaa', toKeyId: 'cccccccccccccccc', wrapped: wrapped() },
      ]);
      expect(n).toBe(1);
      expect(await f.store.get(id(4))).toEqual({ personId: id(4), state: 'active', keyId: 'cccccccccccccccc', wrapped: next });
      expect(await f.store.get(id(5))).toEqual(expect.objectContaining({ keyId: 'bbbbbbbbbbbbbbbb' }));
      expect(await f.store.get(id(6))).toEqual(expect.objectContaining({ state: 'erased' }));
      expect(await f.store.rewrap([])).toBe(0);
    });

    it('pages through the keys wrapped by other master keys in person-id order, and counts keys per master key', async () => {
      const ids = ['b', 'a', 'B', 'c', 'é', 'd'].map(id);
      for (const [i, p] of ids.entries()) await createOne(f.store, p, i % 2 ? 'ffffffffffffffff' : `${prefix.slice(0, 8)}00000000`, wrapped());
      await f.store.erase(id('d'), '2024-01-01T00:00:00.000Z');
      const mine = (rows: { personId: string }[]) => rows.map((r) => r.personId).filter((p) => p.startsWith(prefix));
      const firstPage = await f.store.wrappedByOthers('ffffffffffffffff', prefix, 2);
      expect(mine(firstPage)).toEqual([id('B'), id('b')]);
      const rest = await f.store.wrappedByOthers('ffffffffffffffff', firstPage[firstPage.length - 1].personId, 10);
      expect(mine(rest)).toEqual([id('é')]);
      const usage = await f.store.usage();
      expect(usage.byMasterKey[`${prefix.slice(0, 8)}00000000`]).toBe(3);
      expect(usage.erased).toBeGreaterThanOrEqual(1);
    });
  });
}
