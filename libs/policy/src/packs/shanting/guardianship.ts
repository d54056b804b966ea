/** 以奖代补 (四): the guardian of a patient at risk earns a monthly reward, paid by finance. */
import { Month, firstDayOf, formatYuan, lastDayOf } from '@benefit/shared';
import { StatusInForce } from '../../claim';
import { MonthlyReward } from '../../pack';
import { ParameterBook } from '../../parameters';
import { DOC } from './parameters';

/**
 * The reward for one patient and month, or null: a registered patient (`severe_mental_disorder`)
 * with risk level ≥ 3 or recorded with a potential risk (危险性评估三级及以上和有潜在风险的患者),
 * 200 yuan a month (≥ 2,400 yuan a year). Choice: the status must be in force on at least one day
 * of the month, with the risk level as last recorded.
 */
export function guardianshipReward(statuses: readonly StatusInForce[], month: Month, params: ParameterBook): MonthlyReward | null {
  const first = firstDayOf(month);
  const last = lastDayOf(month);
  const minLevel = params.count('shanting.guardianship.min_risk_level', first);
  const qualifying = statuses.find(
    (s) =>
      s.status === 'severe_mental_disorder' &&
      (s.from === undefined || s.from <= last) &&
      (s.through === undefined || s.through === null || s.through >= first) &&
      ((s.riskLevel ?? 0) >= minLevel || s.potentialRisk === true),
  );
  if (!qualifying) return null;
  const amountFen = params.fen('shanting.guardianship.monthly_reward', first);
  const why = (qualifying.riskLevel ?? 0) >= minLevel ? `risk level ${qualifying.riskLevel}` : 'recorded with a potential risk';
  return { amountFen, payer: 'fiscal_backstop', rule: 'shanting.guardianship_reward', citation: `${DOC} 四`, detail: `${month}: ${why}; ${formatYuan(amountFen)} to the guardian` };
}
