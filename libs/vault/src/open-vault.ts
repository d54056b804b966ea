/** The vault of a deployment: master keys from DATA_KEY or DATA_DIR/master.key, data keys in DATA_DIR/keys.db or KEYSTORE_URL. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KeyStore } from './key-store';
import { MASTER_KEY_FILE, openMasterKeys } from './master-keys';
import { keyReport } from './rotation';
import { SqliteKeyStore } from './sqlite-key-store';
import { PiiVault, VaultOptions } from './vault';

export interface VaultConfig {
  dataDir: string;
  /** DATA_KEY: master keys, current first, comma-separated; unset: the key file in dataDir. */
  dataKey?: string | null;
  /** KEYSTORE_URL: postgres://… for a shared key store; unset: dataDir/keys.db. */
  keyStoreUrl?: string | null;
}

export const KEY_STORE_FILE = 'keys.db';

export async function openKeyStore(config: VaultConfig): Promise<KeyStore> {
  if (config.keyStoreUrl) {
    // loaded only when used: the embedded default never needs pg
    const { openPostgresKeyStore } = await import('./postgres-key-store');
    return openPostgresKeyStore(config.keyStoreUrl);
  }
  return new SqliteKeyStore(path.join(config.dataDir, KEY_STORE_FILE));
}

/**
 * Opens the vault, refusing to start on keys that cannot open the data keys already stored: a new
 * key file made beside an existing keys.db, or a DATA_KEY without the key that wraps them, would
 * otherwise start a service that fails on every person registered before.
 */
export async function openVault(config: VaultConfig, opts: VaultOptions = {}): Promise<PiiVault> {
  const store = await openKeyStore(config);
  try {
    const keyFile = path.join(config.dataDir, MASTER_KEY_FILE);
    if (!config.dataKey && !fs.existsSync(keyFile) && Object.keys((await store.usage()).byMasterKey).length > 0) {
      throw new Error(
        `the key store holds data keys but there is no master key: DATA_KEY is unset and ${keyFile} is missing. ` +
          'Set DATA_KEY as before, or restore the key file from its backup (a new master key would open none of them)',
      );
    }
    const keys = openMasterKeys(config);
    const report = await keyReport(keys, store);
    if (report.unknown.length) {
      throw new Error(
        `${report.unknown.map((u) => `${u.dataKeys} data keys are wrapped by master key ${u.id}`).join('; ')}, which ${keys.where} does not hold: ` +
          'give that key back (DATA_KEY=current,old, or its line in the key file); `npm run cli -- keys status` shows every key in use',
      );
    }
    return new PiiVault(keys, store, opts);
  } catch (err) {
    await store.close();
    throw err;
  }
}
