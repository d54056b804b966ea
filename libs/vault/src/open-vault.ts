/** The vault of a deployment: master keys from DATA_KEY or DATA_DIR/master.key, data keys in DATA_DIR/keys.db or KEYSTORE_URL. */
import * as path from 'node:path';
import { KeyStore } from './key-store';
import { openMasterKeys } from './master-keys';
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

export async function openVault(config: VaultConfig, opts: VaultOptions = {}): Promise<PiiVault> {
  const keys = openMasterKeys(config);
  return new PiiVault(keys, await openKeyStore(config), opts);
}
