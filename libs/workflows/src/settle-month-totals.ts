/**
 * What a month's settlement adds up (MonthSettled's totals), person by person: read from each
 * person's state after their month-end, so a person whose month-end an earlier, interrupted run
 * already recorded counts the same as one recorded now.
 */
import { PersonState } from '@benefit/domain';
import { Month, yearOf } from '@benefit/shared';

/** What one person's recorded month-end adds to the settlement's totals. */
export interface MonthTotals {
  personalAccountCreditsFen: number;
  creditedPersons: number;
  guardianshipRewardsFen: number;
  povertyPremiumsFen: number;
}

export const noTotals = (): MonthTotals => ({ personalAccountCreditsFen: 0, creditedPersons: 0, guardianshipRewardsFen: 0, povertyPremiumsFen: 0 });

/**
 * The person's share of the month, read from their state after the month-end: the month's credit
 * (南府办发〔2022〕33号 art. 13), the rewards this settlement pays (months settled before a late
 * status too, 山亭 四) and the premium accrued with this month (靖政办发〔2018〕107号 十).
 */
export function addPersonMonth(totals: MonthTotals, state: PersonState, month: Month): MonthTotals {
  const credit = state.credits.get(month);
  let rewardsFen = 0;
  for (const r of state.rewards.values()) if (r.settledWith === month) rewardsFen += r.amountFen;
  const premium = state.premiums.get(yearOf(month));
  return {
    personalAccountCreditsFen: totals.personalAccountCreditsFen + (credit ?? 0),
    creditedPersons: totals.creditedPersons + (credit === undefined ? 0 : 1),
    guardianshipRewardsFen: totals.guardianshipRewardsFen + rewardsFen,
    povertyPremiumsFen: totals.povertyPremiumsFen + (premium?.month === month ? premium.amountFen : 0),
  };
}

/** The totals as a job record carries them (MonthEndChunkRecorded). */
export const totalsOf = (r: MonthTotals): MonthTotals => ({
  personalAccountCreditsFen: r.personalAccountCreditsFen,
  creditedPersons: r.creditedPersons,
  guardianshipRewardsFen: r.guardianshipRewardsFen,
  povertyPremiumsFen: r.povertyPremiumsFen,
});
