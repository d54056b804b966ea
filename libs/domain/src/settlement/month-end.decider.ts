/**
 * What a month's settlement records for each person of the region, once per month (or year):
 * the personal-account credit (南府办发〔2022〕33号 art. 13), the guardian's reward (山亭 四,
 * 以奖代补) and the poverty-insurance premium (靖政办发〔2018〕107号 十, once a year).
 */
import { Month, firstDayOf, lastDayOf, yearOf } from '@benefit/shared';
import { ParameterBook, jingjiang, packFor, statusWindow } from '@benefit/policy';
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
  if (reg.regionCode === 'jingjiang' && !state.premiums.has(year)) {
    // 五: the insured persons of the eligible groups; the premium is due once for the policy year
    const person = beneficiaryOn(state, lastDayOf(month));
    if (jingjiang.eligibleAs(person) !== null && jingjiangInForce(params, firstDayOf(month))) {
      const premium = jingjiang.premiumFor(1, firstDayOf(month), params);
      events.push({
        type: 'PovertyPremiumAccrued',
        data: { personId: reg.personId, regionCode: reg.regionCode, year, month, amountFen: premium.totalFen, cityFen: premium.cityFen, townFen: premium.townFen, citation: premium.citation },
      });
    }
  }
  return events;
}

function jingjiangInForce(params: ParameterBook, date: string): boolean {
  if (date < '2019-01-01') return false; // 靖政办发〔2018〕107号: in force from 2019-01-01
  return params.resolve('jingjiang.policy_in_force', date).value === true;
}
