/**
 * A set that only grows, shared between the states of one fold: `add` returns a new set and
 * leaves this one as it was, in O(1) when this set is the newest of its line (the usual case: a
 * fold adds to the state it just made) and by a copy only when an older state is added to again.
 * evolvePerson returns new state instead of changing its input (issue 12); copying the person's
 * claim ids on every claim made a fold of n claims cost n² (68 µs a claim at 1,000 claims), which
 * a cold load after a snapshot paid once per claim in its tail (issue 13, historySlowdownCold).
 */
export class GrowingSet<T> implements ReadonlySet<T> {
  // shared by every set of the line: the members in order, and each member's index
  readonly #items: T[];
  readonly #index: Map<T, number>;
  /** How many of the shared members belong to this set. */
  readonly #length: number;

  private constructor(items: T[], index: Map<T, number>, length: number) {
    this.#items = items;
    this.#index = index;
    this.#length = length;
  }

  static of<T>(members: Iterable<T> = []): GrowingSet<T> {
    const items: T[] = [];
    const index = new Map<T, number>();
    for (const m of members) if (!index.has(m)) index.set(m, items.push(m) - 1);
    return new GrowingSet(items, index, items.length);
  }

  get size(): number {
    return this.#length;
  }

  has(member: T): boolean {
    const at = this.#index.get(member);
    return at !== undefined && at < this.#length;
  }

  /** This set with `member`: itself when it holds it already. */
  add(member: T): GrowingSet<T> {
    if (this.has(member)) return this;
    if (this.#items.length === this.#length) {
      // the newest set of its line: the shared arrays grow, older sets still see their own length
      this.#index.set(member, this.#items.push(member) - 1);
      return new GrowingSet(this.#items, this.#index, this.#length + 1);
    }
    return GrowingSet.of([...this, member]);
  }

  *values(): SetIterator<T> {
    for (let i = 0; i < this.#length; i++) yield this.#items[i];
  }

  keys(): SetIterator<T> {
    return this.values();
  }

  *entries(): SetIterator<[T, T]> {
    for (const v of this.values()) yield [v, v];
  }

  forEach(fn: (value: T, key: T, set: ReadonlySet<T>) => void, thisArg?: unknown): void {
    for (const v of this.values()) fn.call(thisArg, v, v, this);
  }

  [Symbol.iterator](): SetIterator<T> {
    return this.values();
  }
}
