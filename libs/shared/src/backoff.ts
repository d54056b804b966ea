/** Retrying against a remote service: exponential backoff with jitter, and a sleep a stop can cut short. */

/** "Equal jitter": a delay in [d/2, d) where d = min(max, initial × 2^(attempt−1)). */
export function backoffDelay(attempt: number, options: { initialDelayMs: number; maxDelayMs: number }, random: () => number = Math.random): number {
  const exp = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.min(Math.max(0, attempt - 1), 30));
  return Math.floor(exp / 2 + random() * (exp / 2));
}

/** Resolves after `ms`, or at once when the signal aborts (a stop never waits out a retry delay). */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
