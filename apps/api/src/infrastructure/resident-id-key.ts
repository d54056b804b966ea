/**
 * The key of the resident-id hash. Kept beside the log (back it up with events.db): with another
 * key, ids registered before could be registered again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ownerOnlyDir } from '@benefit/shared';

export function residentIdKey(dataDir: string, configured: string | null): string {
  if (configured) return configured;
  const file = path.join(dataDir, 'resident-id.key');
  if (!fs.existsSync(file)) {
    ownerOnlyDir(dataDir);
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return fs.readFileSync(file, 'utf8').trim();
}
