/**
 * Master-key rotation: every data key is wrapped again under the current master key; no event is
 * rewritten (the events are sealed with the data keys, which do not change).
 *
 * - Batches, each committed on its own: an interrupted rotation resumes where it stopped, since
 *   what is left is exactly the data keys still wrapped by another key.
 * - Safe beside a running api: each replacement is a compare-and-set on the old key id (an erasure
 *   or a concurrent rotation wins), and data keys the api creates during a pass (under the key it
 *   held then) are found by the next pass, until none is left.
 * - With the key file, rotation starts by putting a new key in front; `prune` later removes the
 *   keys that no data key uses any more. With DATA_KEY the operator lists `new,old` and removes
 *   `old` when prune says nothing uses it.
 */
import * as path from 'node:path';
import { KeyStore, KeyUsage, Rewrap } from './key-store';
import { MASTER_KEY_FILE, MasterKeys, newMasterKey, readKeyFile, unwrapDataKey, wrapDataKey, writeKeyFile } from './master-keys';

export interface KeyReport {
  source: MasterKeys['source'];
  where: string;
  current: string;
  /** Each key of the ring, current first, with the data keys it wraps. */
  keys: { id: string; current: boolean; dataKeys: number }[];
  /** Data keys wrapped by a master key this process does not hold: unreadable until it is given back. */
  unknown: { id: string; dataKeys: number }[];
  erased: number;
}

export async function keyReport(keys: MasterKeys, store: KeyStore): Promise<KeyReport> {
  const ring = keys.refresh();
  const usage: KeyUsage = await store.usage();
  return {
    source: keys.source,
    where: keys.where,
    current: ring.current.id,
    keys: ring.keys.map((k) => ({ id: k.id, current: k.id === ring.current.id, dataKeys: usage.byMasterKey[k.id] ?? 0 })),
    unknown: Object.entries(usage.byMasterKey)
      .filter(([id]) => !ring.get(id))
      .map(([id, dataKeys]) => ({ id, dataKeys })),
    erased: usage.erased,
  };
}

/** Data keys still wrapped by a key other than the current one. */
export const pendingOf = (r: KeyReport): number => r.keys.filter((k) => !k.current).reduce((n, k) => n + k.dataKeys, 0) + r.unknown.reduce((n, k) => n + k.dataKeys, 0);

/** Puts a new master key in front of the key file (the old ones stay until prune). Returns its id. */
export function addKeyToFile(dataDir: string): string {
  const file = path.join(dataDir, MASTER_KEY_FILE);
  const fresh = newMasterKey();
  writeKeyFile(file, [fresh, ...readKeyFile(file)]);
  return fresh.id;
}

export interface RewrapResult {
  target: string;
  rewrapped: number;
  /** Erased or re-wrapped by someone else between reading and replacing. */
  skipped: number;
  passes: number;
}

/**
 * Wraps every data key under the current master key, `batchSize` at a time. Fails before changing
 * anything when a data key is wrapped by a key the ring does not hold.
 */
export async function rewrapAll(
  keys: MasterKeys,
  store: KeyStore,
  opts: { batchSize?: number; maxPasses?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<RewrapResult> {
  const batchSize = opts.batchSize ?? 500;
  const ring = keys.refresh();
  const target = ring.current;
  const result: RewrapResult = { target: target.id, rewrapped: 0, skipped: 0, passes: 0 };
  for (;;) {
    const report = await keyReport(keys, store);
    if (report.current !== target.id) throw new Error(`the current master key changed to ${report.current} during the rotation (another rotation?): run it again`);
    if (report.unknown.length) {
      throw new Error(`${report.unknown.map((u) => `${u.dataKeys} data keys are wrapped by master key ${u.id}`).join('; ')}, which ${keys.where} does not hold: add that key back, then rotate again`);
    }
    const pending = pendingOf(report);
    if (pending === 0) return result;
    if (result.passes >= (opts.maxPasses ?? 10)) throw new Error(`${pending} data keys are still wrapped by older keys after ${result.passes} passes (new ones keep arriving?): run the rotation again`);
    result.passes += 1;
    const total = result.rewrapped + result.skipped + pending;
    let after = '';
    for (;;) {
      const batch = await store.wrappedByOthers(target.id, after, batchSize);
      if (batch.length === 0) break;
      const changes: Rewrap[] = batch.map((r) => {
        const from = ring.get(r.keyId);
        if (!from) throw new Error(`data key of ${r.personId} is wrapped by master key ${r.keyId}, which ${keys.where} does not hold`);
        return { personId: r.personId, fromKeyId: r.keyId, toKeyId: target.id, wrapped: wrapDataKey(target, r.personId, unwrapDataKey(from, r.personId, r.wrapped)) };
      });
      const replaced = await store.rewrap(changes);
      result.rewrapped += replaced;
      result.skipped += changes.length - replaced;
      after = batch[batch.length - 1].personId;
      opts.onProgress?.(result.rewrapped + result.skipped, total);
    }
  }
}

export interface PruneResult {
  /** Keys no data key uses any more (removed from the key file, or to remove from DATA_KEY). */
  unused: string[];
  /** Keys still in use, other than the current one. */
  inUse: { id: string; dataKeys: number }[];
}

/**
 * Finds the master keys that no data key uses; with the key file, removes them from it. The current
 * key always stays. Never removes a key still in use: a rotation must finish first.
 */
export async function prune(keys: MasterKeys, store: KeyStore, dataDir: string): Promise<PruneResult> {
  const report = await keyReport(keys, store);
  const unused = report.keys.filter((k) => !k.current && k.dataKeys === 0).map((k) => k.id);
  const inUse = report.keys.filter((k) => !k.current && k.dataKeys > 0).map(({ id, dataKeys }) => ({ id, dataKeys }));
  if (keys.source === 'file' && unused.length) {
    const file = path.join(dataDir, MASTER_KEY_FILE);
    // re-read the file itself: keep anything another run added meanwhile
    const onFile = readKeyFile(file);
    writeKeyFile(file, onFile.filter((k, i) => i === 0 || !unused.includes(k.id)));
    keys.refresh();
  }
  return { unused, inUse };
}
