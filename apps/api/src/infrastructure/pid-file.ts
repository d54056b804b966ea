/** DATA_DIR/api.pid marks a running api, so that offline tools (a rebuild) refuse to run under it. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const pidFile = (dataDir: string) => path.join(dataDir, 'api.pid');

export function runningApiPid(dataDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(pidFile(dataDir), 'utf8'));
    process.kill(pid, 0); // throws when no such process
    return pid;
  } catch {
    return null;
  }
}

export function writePidFile(dataDir: string): () => void {
  fs.writeFileSync(pidFile(dataDir), String(process.pid));
  return () => fs.rmSync(pidFile(dataDir), { force: true });
}
