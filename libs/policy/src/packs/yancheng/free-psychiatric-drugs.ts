/**
 * Free outpatient drugs for severe mental disorders (盐医保发〔2023〕11号): after insurance and
 * assistance, the disabled persons' federation (certified holders) and then finance pay the rest
 * of the covered drug items; the person pays nothing for them (六). Other items on the same claim
 * follow the normal rules.
 */
import { STEP_ONE_PAYERS, applyRate, formatYuan, sumFen } from '@benefit/shared';
import { Claim, ClaimItem, ExplanationLine } from '../../claim';
import { allocateProRata, itemRemainders } from '../../allocation';
import { ChainStep, StepInput, StepOutcome } from '../../pack';
import { ParameterBook } from '../../parameters';
import { holds } from '../../statuses';
import { DRUGS_DOC } from './parameters';

/** 三: 抗精神病药、抗焦虑药、抗抑郁药、抗癫痫药、抗躁狂药. */
export const FREE_DRUG_CLASSES = ['antipsychotic', 'anxiolytic', 'antidepressant', 'antiepileptic', 'antimanic'] as const;

/** 三: drugs of the national catalogue (class A or B) of the five classes. */
export const isFreeDrug = (item: ClaimItem): boolean =>
  item.kind === 'drug' && item.catalogClass !== 'C' && (FREE_DRUG_CLASSES as readonly string[]).includes(item.drugClass ?? '');

type Portion = { covered: false; why?: string } | { covered: true; items: ClaimItem[]; grossFen: number; remainderFen: number; detail: string };

/**
 * Which items the programme covers on this claim and what is left of them after insurance and
 * assistance. Insurance is allocated over the policy-scope items pro rata (DOMAIN.md "Settlement
 * order"); Choice: assistance, computed on the whole policy-scope self-pay, is split between the
 * covered drugs and the other items pro rata to their self-pay, half-up, the rest to the others.
 */
export function freeDrugPortion(claim: Claim, person: StepInput['person'], params: ParameterBook, shares: StepInput['shares']): Portion {
  if (!holds(person, 'severe_mental_disorder')) return { covered: false };
  if (claim.serviceDate < params.date('yancheng.free_psychiatric_drugs_from', claim.serviceDate)) return { covered: false };
  // 三: 门诊. Choice: an emergency visit is outpatient care here too (as in the Nanchong pack); a stay is not
  if (claim.visitType === 'inpatient') return { covered: false };
  const items = claim.items.filter(isFreeDrug);
  if (items.length === 0) return { covered: false };
  if (!claim.designated || (claim.location !== 'in_county' && claim.location !== 'in_city')) {
    // 三: 卫健部门指定的定点医疗机构; 五.2: 我市范围内…定点就诊医疗机构
    return { covered: false, why: `care ${claim.designated ? claim.location : 'at a non-designated institution'}: the programme covers designated institutions inside the city only` };
  }
  const insured = sumFen(STEP_ONE_PAYERS.map((p) => shares[p]));
  const rest = itemRemainders(claim.items, insured);
  const covered = new Set(items);
  const selfPayCovered = sumFen(claim.items.map((i, at) => (covered.has(i) ? rest[at] : 0)));
  const selfPayAll = sumFen(claim.items.map((i, at) => (i.catalogClass === 'C' ? 0 : rest[at])));
  const [assistanceCovered] = allocateProRata(shares.medical_assistance, [selfPayCovered, selfPayAll - selfPayCovered]);
  const grossFen = sumFen(items.map((i) => i.amountFen));
  return {
    covered: true,
    items,
    grossFen,
    remainderFen: selfPayCovered - assistanceCovered,
    detail: `${items.length} covered drug item(s) of ${formatYuan(grossFen)}: ${formatYuan(grossFen - selfPayCovered)} insurance and ${formatYuan(assistanceCovered)} assistance (pro rata) leave ${formatYuan(selfPayCovered - assistanceCovered)}`,
  };
}

const none: StepOutcome = { explanation: [] };

/** 四.3: 残联评定的持证精神残疾人 — the federation pays `yancheng.disability_relief_ratio` of the remainder (Choice: 100%). */
export const freeDrugsDisabilityRelief: ChainStep = {
  name: 'yancheng.free_psychiatric_drugs.disability_relief',
  payer: 'disability_relief',
  apply({ claim, person, params, shares }) {
    const portion = freeDrugPortion(claim, person, params, shares);
    if (!portion.covered || !holds(person, 'certified_mental_disability')) return none;
    const rateBp = params.rate('yancheng.disability_relief_ratio', claim.serviceDate);
    const paid = applyRate(portion.remainderFen, rateBp);
    const line: ExplanationLine = {
      payer: 'disability_relief',
      amountFen: paid,
      rule: 'yancheng.free_psychiatric_drugs.disability_relief',
      citation: `${DRUGS_DOC} 四.3 (ratio: Choice, DOMAIN.md §3)`,
      detail: `${portion.detail}; certified mental-disability holder: ${rateBp / 100}% of it`,
    };
    return { explanation: [line], consumes: 'in_scope_only' };
  },
};

/** 四.4, 六: finance backs up whatever is still left of the covered drugs; the person pays nothing for them. */
export const freeDrugsBackstop: ChainStep = {
  name: 'yancheng.free_psychiatric_drugs.fiscal_backstop',
  payer: 'fiscal_backstop',
  apply({ claim, person, params, shares }) {
    const portion = freeDrugPortion(claim, person, params, shares);
    if (!portion.covered) {
      if (!portion.why) return none;
      return { explanation: [{ payer: 'fiscal_backstop', amountFen: 0, rule: 'yancheng.free_psychiatric_drugs.not_covered', citation: `${DRUGS_DOC} 三, 五.2`, detail: portion.why }] };
    }
    const paid = portion.remainderFen - shares.disability_relief;
    const line: ExplanationLine = {
      payer: 'fiscal_backstop',
      amountFen: paid,
      rule: 'yancheng.free_psychiatric_drugs.fiscal_backstop',
      citation: `${DRUGS_DOC} 四.4, 六`,
      detail: `${portion.detail}${shares.disability_relief ? `; ${formatYuan(shares.disability_relief)} disability relief` : ''}; finance pays the remaining ${formatYuan(paid)}`,
    };
    return { explanation: [line], consumes: 'in_scope_only' };
  },
};
