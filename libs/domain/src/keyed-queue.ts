/**
 * One task at a time per key, in the order they were queued; tasks of different keys run side by
 * side. The command runner queues by stream, so that commands of one person in this process
 * decide one after the other on what the previous one wrote, instead of racing for the same
 * expected revision and exhausting their retries.
 *
 * A key's entry lives only while a task of it is queued or running: memory follows the keys in
 * flight, not every key ever seen. A task that fails fails only its own caller.
 */
export class KeyedQueue {
  /** The settled end of each key's chain: resolves (never rejects) when the key's last task is done. */
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(ignore, ignore);
    this.tails.set(key, tail);
    void tail.then(() => {
      // a later task chained on this one has replaced the tail: the entry is still in use
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with a task queued or running. */
  get size(): number {
    return this.tails.size;
  }
}

const ignore = (): void => undefined;
