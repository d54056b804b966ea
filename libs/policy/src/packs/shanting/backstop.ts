/**
 * 医保报销、民政救助、财政兜底 (二): for registered patients, the policy-scope outpatient and inpatient
 * costs left after insurance and civil-affairs assistance (priorPayments.medical_assistance) are
 * paid by district finance.
 */
import { ExplanationLine } from '../../claim';
import { inScopeOf } from '../../chain';
import { ChainStep } from '../../pack';
import { holds, statusesOf } from '../../statuses';
import { NO_CONTEXT, Said, Words, say } from '../../wording';
import { SHANTING_WORDS as W } from './wordings';

export const shantingBackstop: ChainStep = {
  name: 'shanting.fiscal_backstop',
  payer: 'fiscal_backstop',
  apply({ claim, person, params, burden }) {
    const registered = statusesOf(person).find((s) => s.status === 'severe_mental_disorder');
    if (!registered) return { explanation: [] };
    const date = claim.serviceDate;
    const line = (amountFen: number, rule: string, said: Said & { words: Words }): ExplanationLine => ({ payer: 'fiscal_backstop', amountFen, rule, ...said });
    // 二: 2018年前…建档立卡的贫困患者和危险性评估三级及以上的患者全部免费救治，到2020年实现所有在册登记患者免费救治
    const allFrom = params.date('shanting.all_registered_free_from', date);
    const minLevel = params.count('shanting.free_treatment_min_risk_level', date);
    const early = holds(person, 'registered_poor_household') || (registered.riskLevel ?? 0) >= minLevel;
    if (date < allFrom && !early) {
      return { explanation: [line(0, 'shanting.fiscal_backstop.not_yet', say(NO_CONTEXT, W.backstopNotYet, allFrom, minLevel))] };
    }
    if (!claim.designated) {
      // Choice: free treatment is organised through designated institutions (二: 在确定定点医疗机构…的基础上)
      return { explanation: [line(0, 'shanting.fiscal_backstop.non_designated', say(NO_CONTEXT, W.backstopNonDesignated))] };
    }
    const rest = inScopeOf(burden);
    return {
      explanation: [line(rest, 'shanting.fiscal_backstop', say(NO_CONTEXT, W.backstop, rest))],
      consumes: 'in_scope_only',
    };
  },
};
