/**
 * What a month's settlement records for each person of the region, once per month (or year), as
 * the region's pack says: the personal-account credit (e.g. 南府办发〔2022〕33号 art. 13), a monthly
 * reward (e.g. 山亭 四, 以奖代补) and an annual premium (e.g. 靖政办发〔2018〕107号 十).
 */
import { Month, lastDayOf, yearOf } from '@benefit/shared';
import { ParameterBook, packFor, statusWindow } from '@benefit/policy';
import { decideCredit } from '../accounts/account.decider';
import { PersonEvent } from '../person/person.events';
import { PersonState, beneficiaryOn } from '../person/person.state';
import { requireRegistered } from '../person/enrollment.decider';

export type CloseMonth = {
  type: 'CloseMonth';
  /** `settledBefore`: the region's months already settled — a reward they missed is paid now. */
  data: { personId: string; month: Month; settledBefore?: readonly Month[] };
};

export function decideMonthEnd(cmd: CloseMonth, state: PersonState, params: ParameterBook): PersonEvent[] {
  const reg = requireRegistered(state, cmd.data.personId);
  const { month } = cmd.data;
  if (reg.registeredOn > lastDayOf(month)) return [];
  const events: PersonEvent[] = decideCredit({ type: 'CreditMonth', data: cmd.data }, state, params);
  const pack = packFor(reg.regionCode);

  if (pack.monthlyReward) {
    // 山亭 四: at least 2,400 yuan a year — every month of the status already settled before it was
    // recorded, earlier years included, is paid with this settlement (Choice, DOMAIN.md §4)
    const statuses = state.statuses.map((s) => ({ ...s, ...statusWindow(s) }));
    const missed = (cmd.data.settledBefore ?? []).filter((m) => m < month);
    for (const m of [...missed.sort(), month]) {
      if (state.rewards.has(m) || reg.registeredOn > lastDayOf(m)) continue;
      const reward = pack.monthlyReward(statuses, m, params);
      if (reward && reward.amountFen > 0) {
        events.push({ type: 'GuardianshipRewardAccrued', data: { personId: reg.personId, regionCode: reg.regionCode, month: m, settledWith: month, ...reward } });
      }
    }
  }

  const year = yearOf(month);
  if (pack.annualPremium && !state.premiums.has(year)) {
    // the premium is due once for the policy year, for the person as they are at the month's end (e.g. 靖政办发〔2018〕107号 五, 十)
    const premium = pack.annualPremium(beneficiaryOn(state, lastDayOf(month)), month, params);
    if (premium) {
      events.push({
        type: 'PovertyPremiumAccrued',
        data: { personId: reg.personId, regionCode: reg.regionCode, year, month, amountFen: premium.amountFen, cityFen: premium.cityFen, townFen: premium.townFen, citation: premium.citation },
      });
    }
  }
  return events;
}
