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

/** A sum of fen; past Number.MAX_SAFE_INTEGER it throws rather than return a rounded figure. */
export const sumFen = (values: Iterable<Fen>): Fen => {
  let total = 0;
  for (const v of values) total += v;
  if (!Number.isSafeInteger(total)) throw new RangeError(`sumFen: the sum ${total} is not an exact integer number of fen`);
  return total;
};

/*
 * Money bounds (issue 10): each amount a client sends is bounded so that no sum the service
 * computes passes Number.MAX_SAFE_INTEGER (9,007,199,254,740,991 fen). Each is far above anything
 * real and leaves a wide margin:
 * - a claim: its items add up to at most MAX_CLAIM_FEN (10 million yuan; the largest single bills
 *   in China are a few million yuan);
 * - a person's balance: an opening balance of at most MAX_OPENING_BALANCE_FEN, plus monthly credits of
 *   at most 2.8% × MAX_PARAMETER_FEN over the months of the date window (≈ 450), about 1.3 × 10^11 fen;
 * - a person's yearly counters, a region-month ledger, a year's fund total: sums of claims, each at
 *   most 10^9 fen, so more than 9 million claims at the maximum in one region and month (90 trillion
 *   yuan) before a sum could pass 2^53; reads check every sum and fail rather than round.
 */
/** The items of one claim together (`items[].amountFen`), 10,000,000 yuan. */
export const MAX_CLAIM_FEN = 1_000_000_000;
/** `openingPersonalAccountFen`: a balance carried in (art. 17), 1,000,000 yuan. */
export const MAX_OPENING_BALANCE_FEN = 100_000_000;
/** `monthlyContributionBaseFen`: 100,000 yuan a month (the legal ceiling is 3 × the average wage, about 30,000 yuan). */
export const MAX_CONTRIBUTION_BASE_FEN = 10_000_000;
/** `amountFen` of a personal-account payment: never more than a balance can hold. */
export const MAX_PAYMENT_FEN = MAX_CLAIM_FEN;
/** A parameter in fen (`PUT /v1/parameters`, simulation overrides), 100,000,000 yuan. */
export const MAX_PARAMETER_FEN = 10_000_000_000;

export const formatYuan = (fen: Fen): string => `${(fen / 100).toFixed(2)} yuan`;
