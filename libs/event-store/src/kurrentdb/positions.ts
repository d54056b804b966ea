/**
 * The port's numbers and KurrentDB's: revisions and positions are unsigned 64-bit bigints on the
 * server and JS numbers in the port (see the header of `kurrentdb-event-store.ts`).
 */
import { Position } from '@kurrent/kurrentdb-client';

/** Unsigned 64-bit -1 and the like: "no position" sentinels, not byte offsets. */
export const NO_POSITION = 1n << 63n;

export function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`${what} ${value} does not fit a JS number exactly`);
  }
  return Number(value);
}

/** The port's numeric position back as a KurrentDB position (the commit position doubles as prepare). */
export function toPosition(position: number): Position {
  if (!Number.isSafeInteger(position) || position < 0) throw new RangeError(`position must be a non-negative integer, got ${position}`);
  return { commit: BigInt(position), prepare: BigInt(position) };
}
