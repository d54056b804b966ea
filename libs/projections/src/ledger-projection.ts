/** The fund ledger per payer, region and month (API.md GET /v1/ledgers), with the month's accruals and corrections. */
import { PAYERS, daysByMonth, monthOf } from '@benefit/shared';
import type { Payer } from '@benefit/shared';
import { MAX_STAY_DAYS } from '@benefit/policy';
import type { ClaimAdjudicated, ClaimCancelled, ClaimSharesAdjusted, GuardianshipRewardAccrued, MonthSettled, PovertyPremiumAccrued } from '@benefit/domain';
import { claimCancelledOf, ledgerMonthFor } from '@benefit/domain';
import { defineProjection } from './projection';

/** What a claim moved: its adjudication, a correction of it, its cancellation. */
export type ClaimEvent = ClaimAdjudicated | ClaimSharesAdjusted | ClaimCancelled;

/**
 * Per payer, region and month: the fund ledger. A claim belongs to its service month, or to the
 * next month not yet settled when it arrives after that month's settlement (log order decides).
 */
export const ledgerProjection = defineProjection<ClaimEvent | MonthSettled | GuardianshipRewardAccrued | PovertyPremiumAccrued>({
  name: 'ledger',
  tables: ['ledger', 'settled_months', 'settlements', 'bed_days', 'accruals', 'fund_years', 'corrections', 'claim_ledger_months'],
  handles: ['ClaimAdjudicated', 'MonthSettled', 'GuardianshipRewardAccrued', 'PovertyPremiumAccrued', 'ClaimSharesAdjusted', 'ClaimCancelled'],
  async apply(event, tx) {
    if (event.type === 'ClaimCancelled') {
      // 撤销结算: reversed in the month the claim was booked in while it is open, else in the next open one
      const d = claimCancelledOf(event.data);
      const original = (await tx.claimLedgerMonth(d.claimId)) ?? d.originalMonth;
      const settled = await tx.settledMonths(d.regionCode);
      const applied = ledgerMonthFor(original, settled);
      for (const payer of PAYERS) {
        const amount = d.reversedShares[payer];
        if (amount === 0) continue;
        // the claim leaves the count of the month it was counted in; a later month only shows the amount
        await tx.addLedger({ regionCode: d.regionCode, month: applied, payer, institutionId: d.institutionId, amountFen: -amount, claims: applied === original ? -1 : 0 });
        await tx.addFundYear(d.regionCode, d.year, payer, -amount, -1);
        await tx.addCorrection({ regionCode: d.regionCode, appliedMonth: applied, originalMonth: original, payer, amountFen: -amount });
      }
      return;
    }
    if (event.type === 'ClaimSharesAdjusted') {
      // shown in the month that pays it and against the claim's own month
      const d = event.data;
      const original = (await tx.claimLedgerMonth(d.claimId)) ?? d.originalMonth;
      const settled = await tx.settledMonths(d.regionCode);
      // API.md GET /v1/ledgers: a correction belongs to its claim's month while that month is open,
      // and to the first open month after it once that month was settled (as a late claim does)
      const applied = ledgerMonthFor(original, settled);
      for (const [payer, delta] of Object.entries(d.deltas) as [Payer, number][]) {
        await tx.addLedger({ regionCode: d.regionCode, month: applied, payer, institutionId: d.institutionId, amountFen: delta, claims: 0 });
        // a share that a correction makes non-zero (or zero) adds (or removes) the claim from the payer's count
        const after = d.adjudication.shares[payer];
        const claims = Number(after !== 0) - Number(after - delta !== 0);
        await tx.addFundYear(d.regionCode, d.year, payer, delta, claims);
        await tx.addCorrection({ regionCode: d.regionCode, appliedMonth: applied, originalMonth: original, payer, amountFen: delta });
      }
      return;
    }
    if (event.type === 'GuardianshipRewardAccrued') {
      const d = event.data;
      // shown with the settlement that pays it
      return tx.addAccrual(d.regionCode, d.settledWith ?? d.month, { kind: 'guardianship_reward', payer: d.payer as Payer, amountFen: d.amountFen, cityFinanceFen: 0, townFinanceFen: 0, persons: 1 });
    }
    if (event.type === 'PovertyPremiumAccrued') {
      const d = event.data;
      // 十: paid to the insurer by city (60%) and town (40%) finance
      return tx.addAccrual(d.regionCode, d.month, { kind: 'poverty_premium', payer: 'poverty_insurance', amountFen: d.amountFen, cityFinanceFen: d.cityFen, townFinanceFen: d.townFen, persons: 1 });
    }
    if (event.type === 'MonthSettled') {
      const d = event.data;
      await tx.markSettled(d.regionCode, d.month, event.position);
      const rows = await tx.ledgerByInstitution(d.regionCode, d.month);
      const byInstitution = new Map<string, Record<string, number>>();
      for (const r of rows) {
        let shares = byInstitution.get(r.institutionId);
        if (!shares) byInstitution.set(r.institutionId, (shares = Object.fromEntries(PAYERS.map((p) => [p, 0]))));
        shares[r.payer] += r.amountFen;
        // every operand is an exact amount (read-model reads check it): a sum past 2^53 is a bug, never a figure
        if (!Number.isSafeInteger(shares[r.payer])) throw new RangeError(`settlement ${d.regionCode} ${d.month}: ${r.payer} of ${r.institutionId} passes 2^53 fen`);
      }
      return tx.putSettlement({
        regionCode: d.regionCode,
        month: d.month,
        institutions: [...byInstitution].sort(([a], [b]) => (a < b ? -1 : 1)).map(([institutionId, shares]) => ({ institutionId, shares: shares as never })),
        personalAccountCreditsFen: d.personalAccountCreditsFen,
        guardianshipRewardsFen: d.guardianshipRewardsFen ?? 0,
        bedDayPayments: await tx.bedDays(d.regionCode, d.month),
        povertyPremiumsFen: d.povertyPremiumsFen ?? 0,
        settledAt: event.metadata.recordedAt,
        position: event.position,
      });
    }
    const { claim, regionCode, adjudication: a, bedDays } = event.data;
    const settled = await tx.settledMonths(regionCode);
    const month = ledgerMonthFor(monthOf(claim.serviceDate), settled);
    for (const payer of PAYERS) {
      const amount = a.shares[payer];
      if (amount === 0) continue;
      await tx.addLedger({ regionCode, month, payer, institutionId: claim.institutionId, amountFen: amount, claims: 1 });
      await tx.addFundYear(regionCode, a.year, payer, amount, 1);
    }
    await tx.setClaimLedgerMonth(claim.claimId, month);
    if (bedDays) {
      // a month's settlement pays the bed days of that month (a day of a month already settled: the
      // next open one, as a late claim); a stay recorded before stays were bounded counts 366 days at most
      const byMonth = new Map<string, number>();
      const nights = claim.dischargeDate ? daysByMonth(claim.serviceDate, claim.dischargeDate, MAX_STAY_DAYS) : [{ month: monthOf(claim.serviceDate), days: bedDays.bedDays }];
      for (const { month: dayMonth, days } of nights) {
        const paidWith = ledgerMonthFor(dayMonth, settled);
        byMonth.set(paidWith, (byMonth.get(paidWith) ?? 0) + days);
      }
      for (const [paidWith, days] of byMonth) {
        await tx.addBedDays(regionCode, paidWith, { institutionId: claim.institutionId, stays: 1, bedDays: days, amountFen: days * bedDays.perDiemFen });
      }
    }
  },
});
