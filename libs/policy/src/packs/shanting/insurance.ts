/**
 * Step 1 for Shanting claims without priorPayments: illustrative pooling rates (the seed gives
 * none), with the one rule the seed does give — on class B drugs treating a severe mental disorder
 * the person's co-pay is at most 10% (一).
 */
import { applyRate, sumFen } from '@benefit/shared';
import { Beneficiary, Claim, ClaimItem } from '../../claim';
import { policyScopeOf } from '../../chain';
import { StepResult } from '../../pack';
import { ParameterBook } from '../../parameters';
import { holds } from '../../statuses';
import { FREE_DRUG_CLASSES } from '../yancheng/free-psychiatric-drugs';
import { NO_CONTEXT, say } from '../../wording';
import { SHANTING_WORDS as W } from './wordings';

/** Choice: "治疗严重精神障碍的乙类药品" are class B drugs of the five classes 盐医保发〔2023〕11号 三 names. */
export const isClassBPsychiatricDrug = (item: ClaimItem): boolean =>
  item.kind === 'drug' && item.catalogClass === 'B' && (FREE_DRUG_CLASSES as readonly string[]).includes(item.drugClass ?? '');

export function shantingInsurance(claim: Claim, person: Beneficiary, params: ParameterBook): StepResult {
  const scope = policyScopeOf(claim);
  const date = claim.serviceDate;
  if (!claim.designated) {
    return {
      paid: { basic_pooling: 0 },
      explanation: [{ payer: 'basic_pooling', amountFen: 0, rule: 'shanting.basic.non_designated', ...say(NO_CONTEXT, W.basicNonDesignated) }],
      burden: [{ amountFen: scope, rule: 'shanting.basic.non_designated', ...say(NO_CONTEXT, W.basicNonDesignatedBurden), inScope: true }],
      counterDeltas: {},
      counterLimits: {},
    };
  }
  const rateBp = params.rate(claim.visitType === 'inpatient' ? 'shanting.basic.inpatient.rate' : 'shanting.basic.outpatient.rate', date);
  const psychiatric = holds(person, 'severe_mental_disorder') ? sumFen(claim.items.filter(isClassBPsychiatricDrug).map((i) => i.amountFen)) : 0;
  const copayBp = Math.min(params.rate('shanting.class_b_psychiatric_copay', date), 10_000 - rateBp);
  const psychiatricCoPay = applyRate(psychiatric, copayBp);
  const other = scope - psychiatric;
  const pooling = applyRate(other, rateBp) + psychiatric - psychiatricCoPay;
  const explanation: StepResult['explanation'] = [
    { payer: 'basic_pooling', amountFen: pooling, rule: 'shanting.basic.pooling', ...say(NO_CONTEXT, W.basicPooling, other, rateBp, psychiatric, copayBp) },
  ];
  return {
    paid: { basic_pooling: pooling },
    explanation,
    burden: [
      { amountFen: other - applyRate(other, rateBp), rule: 'shanting.basic.co_pay', ...say(NO_CONTEXT, W.basicCoPay, rateBp), inScope: true },
      // 山亭区严重精神障碍救治救助意见 一: 个人自付比例不超过10%
      { amountFen: psychiatricCoPay, rule: 'shanting.basic.class_b_psychiatric_co_pay', ...say(NO_CONTEXT, W.classBPsychiatricCoPay), inScope: true },
    ],
    counterDeltas: {},
    counterLimits: {},
  };
}
