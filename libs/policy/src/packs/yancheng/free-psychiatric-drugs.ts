/**
 * Free outpatient drugs for severe mental disorders (盐医保发〔2023〕11号): after insurance and
 * assistance, the disabled persons' federation (certified holders) and then finance pay the rest
 * of the covered drug items; the person pays nothing for them (六). Other items on the same claim
 * follow the normal rules.
 */
import { Location, STEP_ONE_PAYERS, applyRate, sumFen } from '@benefit/shared';
import { Claim, ClaimItem, ExplanationLine } from '../../claim';
import { allocateProRata, itemRemainders } from '../../allocation';
import { ChainStep, StepInput, StepOutcome } from '../../pack';
import { ParameterBook } from '../../parameters';
import { holds } from '../../statuses';
import { NO_CONTEXT, say } from '../../wording';
import { YANCHENG_WORDS as W } from './wordings';

/** 三: 抗精神病药、抗焦虑药、抗抑郁药、抗癫痫药、抗躁狂药. */
export const FREE_DRUG_CLASSES = ['antipsychotic', 'anxiolytic', 'antidepressant', 'antiepileptic', 'antimanic'] as const;

/** 三: drugs of the national catalogue (class A or B) of the five classes. */
export const isFreeDrug = (item: ClaimItem): boolean =>
  item.kind === 'drug' && item.catalogClass !== 'C' && (FREE_DRUG_CLASSES as readonly string[]).includes(item.drugClass ?? '');

/**
 * Not covered, with `outside` where the care was when it was outside the programme's institutions;
 * or covered, with the self-pay of the covered items and the assistance that went to them.
 */
type Portion =
  | { covered: false; outside?: Location | 'non_designated' }
  | { covered: true; items: ClaimItem[]; grossFen: number; selfPayFen: number; assistanceFen: number; remainderFen: number };

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
    return { covered: false, outside: claim.designated ? claim.location : 'non_designated' };
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
    selfPayFen: selfPayCovered,
    assistanceFen: assistanceCovered,
    remainderFen: selfPayCovered - assistanceCovered,
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
      // 盐医保发〔2023〕11号 四.3 (ratio: Choice, DOMAIN.md §3)
      ...say(NO_CONTEXT, W.drugsDisabilityRelief, portion.items.length, portion.grossFen, portion.selfPayFen, portion.assistanceFen, rateBp),
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
      if (!portion.outside) return none;
      // 盐医保发〔2023〕11号 三, 五.2
      const said = portion.outside === 'non_designated' ? say(NO_CONTEXT, W.drugsNotCoveredNonDesignated) : say(NO_CONTEXT, W.drugsNotCoveredLocation, portion.outside);
      return { explanation: [{ payer: 'fiscal_backstop', amountFen: 0, rule: 'yancheng.free_psychiatric_drugs.not_covered', ...said }] };
    }
    const paid = portion.remainderFen - shares.disability_relief;
    const line: ExplanationLine = {
      payer: 'fiscal_backstop',
      amountFen: paid,
      rule: 'yancheng.free_psychiatric_drugs.fiscal_backstop',
      // 盐医保发〔2023〕11号 四.4, 六
      ...say(NO_CONTEXT, W.drugsBackstop, portion.items.length, portion.grossFen, portion.selfPayFen, portion.assistanceFen, shares.disability_relief, paid),
    };
    return { explanation: [line], consumes: 'in_scope_only' };
  },
};
