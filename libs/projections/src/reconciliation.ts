/**
 * 对账 (API.md "Claim lifecycle"): each settlement and each cancellation as a row keyed by the
 * institution and the China-time day it was recorded, so a hospital's days are read by key, never
 * by a scan of every claim. Corrections of shares are the agency's, not the hospital's: they are
 * not rows here.
 */
import type { ClaimAdjudicated, ClaimCancelled } from '@benefit/domain';
import { claimCancelledOf } from '@benefit/domain';
import { PAYERS, Payer, todayInChina } from '@benefit/shared';
import { defineProjection } from './projection';

/** Everything paid by a payer other than the person (personal account and cash). */
export const fundFenOf = (shares: Record<Payer, number>) => PAYERS.filter((p) => p !== 'personal_account' && p !== 'self_pay').reduce((s, p) => s + shares[p], 0);

export const reconciliationProjection = defineProjection<ClaimAdjudicated | ClaimCancelled>({
  name: 'reconciliation',
  tables: ['reconciliation_entries'],
  handles: ['ClaimAdjudicated', 'ClaimCancelled'],
  async apply(event, tx) {
    const day = todayInChina(new Date(event.metadata.recordedAt));
    if (event.type === 'ClaimCancelled') {
      const d = claimCancelledOf(event.data);
      const totalFen = PAYERS.reduce((s, p) => s + d.reversedShares[p], 0);
      return tx.addReconciliationEntry({ institutionId: d.institutionId, day, claimId: d.claimId, kind: 'cancelled', position: event.position, totalFen, fundFen: fundFenOf(d.reversedShares), shares: d.reversedShares });
    }
    const { claim, adjudication: a } = event.data;
    return tx.addReconciliationEntry({ institutionId: claim.institutionId, day, claimId: claim.claimId, kind: 'settled', position: event.position, totalFen: a.totalFen, fundFen: fundFenOf(a.shares), shares: a.shares });
  },
});
