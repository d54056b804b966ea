/** Small helpers of the benchmark: progress on stderr, temp dirs, a bounded pool, the RSS peak. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Progress goes to stderr so that `--json` leaves exactly one JSON object on stdout. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `benefit-bench-${prefix}-`));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Runs `task(0..total-1)` keeping `concurrency` of them in flight; resolves with the elapsed ms. */
export async function runPool(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number> {
  const started = nowMs();
  let next = 0;
  const lane = async () => {
    for (;;) {
      const i = next++;
      if (i >= total) return;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
  return nowMs() - started;
}

export const perSec = (count: number, ms: number): number => (ms > 0 ? (count * 1000) / ms : 0);

/**
 * The bench process's peak resident set size, from the kernel's own high-water mark
 * (`resourceUsage().maxRSS`, KiB): no sampling timer on the thread being measured (sampling every
 * 25 ms cost ~3% of the server thread in an HTTP profile).
 */
export const peakRssMb = (): number => process.resourceUsage().maxRSS / 1024;

/** Rounds for display and for the JSON report (figures, not noise). */
export function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
