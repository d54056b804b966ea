/**
 * Sums and amounts read back from a store, as exact JavaScript numbers or an error: never a
 * silently rounded figure (issue 10). SQLite hands integers over as BigInt where a statement reads
 * with `safeIntegers()`; PostgreSQL's bigint and numeric arrive as text. Either is converted only
 * when it is an integer within ±Number.MAX_SAFE_INTEGER. The money bounds (libs/shared money.ts)
 * keep every sum far below that; this is the check that it stayed so.
 */
export class UnsafeIntegerError extends RangeError {
  constructor(what: string, value: unknown) {
    super(`read model: ${what} = ${String(value)} is not an integer within ±${Number.MAX_SAFE_INTEGER}; it cannot be shown exactly`);
    this.name = 'UnsafeIntegerError';
  }
}

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

export function exactInteger(value: number | bigint | string, what: string): number {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return value;
    throw new UnsafeIntegerError(what, value);
  }
  let big: bigint;
  if (typeof value === 'bigint') big = value;
  else if (/^-?\d+$/.test(value)) big = BigInt(value);
  else throw new UnsafeIntegerError(what, value);
  if (big > MAX || big < -MAX) throw new UnsafeIntegerError(what, value);
  return Number(big);
}

/** The same for a column that may be NULL (a sum over no rows): null stays null. */
export const exactIntegerOrNull = (value: number | bigint | string | null | undefined, what: string): number | null =>
  value === null || value === undefined ? null : exactInteger(value, what);
