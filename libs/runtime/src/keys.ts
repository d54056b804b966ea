/** The keys of a deployment: the resident-id hash key and the vault of personal data. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Logger } from 'pino';
import { ownerOnlyDir } from '@benefit/shared';
import { PiiVault, openVault } from '@benefit/vault';
import { AppConfig } from './config';

/**
 * The key of the resident-id hash. Kept beside the log (back it up with events.db): with another
 * key, ids registered before could be registered again.
 */
export function residentIdKey(dataDir: string, configured: string | null): string {
  if (configured) return configured;
  const file = path.join(dataDir, 'resident-id.key');
  if (!fs.existsSync(file)) {
    ownerOnlyDir(dataDir);
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/** The vault of this deployment; logs where its keys are, never the keys. */
export async function openPiiVault(config: AppConfig, logger: Logger): Promise<PiiVault> {
  const vault = await openVault(config);
  logger.info({ masterKeys: vault.keys.where, currentMasterKey: vault.keys.ring().current.id, keyStore: config.keyStoreUrl ? 'KEYSTORE_URL' : 'DATA_DIR/keys.db' }, 'personal data is sealed with per-person keys');
  if (config.eventStoreUrl && !config.keyStoreUrl) {
    // apis on several hosts share the log: each would make its own data keys in its own DATA_DIR
    logger.warn('EVENTSTORE_CONNECTION_STRING is set but the key store is DATA_DIR/keys.db: every api that shares the log must share one key store (KEYSTORE_URL) and one DATA_KEY');
  }
  return vault;
}
