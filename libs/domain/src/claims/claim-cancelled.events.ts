/**
 * 撤销结算 (退费): a settlement withdrawn by the hospital. Nothing is rewritten: the adjudication
 * stays in the log and this fact gives back what it moved, as it now stands after corrections.
 */
import type { IsoDate, Month, RegionCode } from '@benefit/shared';
import type { CounterDeltasV1, CounterLimitsV1, SharesV1 } from '../events/policy-v1';

/** A cancellation as stored, schema version 1 (STYLE.md §10: a later shape gets a V2 and a lift in ../events/registry.ts). */
export interface ClaimCancelledV1 {
  type: 'ClaimCancelled';
  data: {
    v: 1;
    personId: string;
    claimId: string;
    regionCode: RegionCode;
    institutionId: string;
    /** The claim's service month: the ledger reverses it there while open, else in the next open month. */
    originalMonth: Month;
    year: number;
    reason: string;
    cancelledOn: IsoDate;
    /** Every share of the claim as now adjusted: what each payer is given back (positive fen). */
    reversedShares: SharesV1;
    /** What the claim had moved on each counter, given back (negative fen). */
    counterDeltas: CounterDeltasV1;
    counterLimits: CounterLimitsV1;
    /** What the personal account paid, refunded to it (account entry `claim_refund`). */
    personalAccountRefundFen: number;
  };
}

/** The current shape. */
export type ClaimCancelled = ClaimCancelledV1;

/** The one place a stored ClaimCancelled is read, after the upcasting store lifted it to the current version. */
export function claimCancelledOf(data: unknown): ClaimCancelled['data'] {
  const d = data as { v?: unknown };
  // a version this build does not know was written by a newer one: folding it wrongly would move money
  if (d?.v !== 1) throw new Error(`invariant: ClaimCancelled schema version ${String(d?.v)} is unknown to this build`);
  return data as ClaimCancelled['data'];
}
