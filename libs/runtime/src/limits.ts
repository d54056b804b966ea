/**
 * Bounds on input (README "Bounds on input and work", issue 10): what the api reads and validates
 * at most. Here, not in the api, because the bench builds the worst request each lets through.
 */

/** The most any route reads: a claim of 1,000 items (MAX_CLAIM_ITEMS). */
export const BODY_LIMIT = 1024 * 1024;
/** What a route reads unless it declares more: every command body but a claim's fits in a few KB. */
export const ROUTE_BODY_LIMIT = 64 * 1024;
/** Objects and arrays inside each other: the deepest body of API.md nests 3 (a claim's item's tags). */
export const MAX_JSON_DEPTH = 32;

/**
 * Lines of one bill: a bill's lines are its fee items by code (a drug given daily is one line), and
 * a longer bill is settled in parts (中途结算). Bounded so that one claim cannot hold the event loop
 * (`npm run bench`: worstClaimRequestMs).
 */
export const MAX_CLAIM_ITEMS = 1000;

/**
 * Override values one simulation may carry (a key's value, or each entry of a key's list): every
 * parameter the packs define (54) several times over. The book is built once from all of them
 * (linear in their number); `npm run bench` shows the longest such request beside its bound.
 */
export const MAX_OVERRIDE_VALUES = 200;
