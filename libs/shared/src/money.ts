/** Money is integer fen; rates are integer basis points (1 bp = 0.01%). */
export type Fen = number;
export type BasisPoints = number;

/**
 * round(fen × rate) half-up to the fen, in exact integer arithmetic
 * (DOMAIN.md conventions: every percentage is rounded immediately).
 */
export function applyRate(fen: Fen, rateBp: BasisPoints): Fen {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`applyRate: fen must be a non-negative integer, got ${fen}`);
  if (!Number.isInteger(rateBp) || rateBp < 0) throw new RangeError(`applyRate: rate must be non-negative basis points, got ${rateBp}`);
  const product = fen * rateBp;
  if (!Number.isSafeInteger(product + 5000)) {
    return Number((BigInt(fen) * BigInt(rateBp) + 5000n) / 10000n);
  }
  return Math.floor((product + 5000) / 10000);
}

export const sumFen = (values: Iterable<Fen>): Fen => {
  let total = 0;
  for (const v of values) total += v;
  return total;
};

export const formatYuan = (fen: Fen): string => `${(fen / 100).toFixed(2)} yuan`;
