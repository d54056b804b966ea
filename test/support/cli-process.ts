/** The built CLI (dist/apps/cli/src/main.js, built by test/global-setup.js) as an operator runs it, on a DATA_DIR. */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
export const CLI_JS = path.join(ROOT, 'dist', 'apps', 'cli', 'src', 'main.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(dataDir: string, ...args: string[]): Promise<CliRun> {
  return cliWithEnv(dataDir, {}, ...args);
}

/** The same, with settings added to the environment (`null` removes one). */
export function cliWithEnv(dataDir: string, settings: Record<string, string | null>, ...args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
    delete env.RESIDENT_ID_KEY;
    for (const [name, value] of Object.entries(settings)) {
      if (value === null) delete env[name];
      else env[name] = value;
    }
    const child = spawn(process.execPath, [CLI_JS, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
