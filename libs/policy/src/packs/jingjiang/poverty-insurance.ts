/**
 * 精准医疗救助保险 (十九, 二十): the insurer pays a share of what is left to the 救助对象 after basic
 * insurance, critical illness, civil-affairs assistance and every other payer, class C included.
 */
import { applyRate, formatYuan } from '@benefit/shared';
import { Beneficiary, Claim, ExplanationLine } from '../../claim';
import { itemsLeftToPerson } from '../../allocation';
import { burdenOf, inScopeOf } from '../../chain';
import { ChainStep, StepInput } from '../../pack';
import { ParameterBook } from '../../parameters';
import { ITEM_EXCLUSIONS, claimExclusions, eligibleAs } from './eligibility';
import { DOC, JingjiangParameterKey } from './parameters';

/** 十九(一)(二): the ratio's parameter by institution level and scheme. */
const RATIO_KEYS: Record<'primary' | 'city', Record<'resident' | 'employee', JingjiangParameterKey>> = {
  primary: { resident: 'jingjiang.ratio.primary.resident', employee: 'jingjiang.ratio.primary.employee' },
  city: { resident: 'jingjiang.ratio.city.resident', employee: 'jingjiang.ratio.city.employee' },
};

const line = (amountFen: number, rule: string, article: string, detail: string): ExplanationLine => ({
  payer: 'poverty_insurance',
  amountFen,
  rule,
  citation: `${DOC} ${article}`,
  detail,
});

/** 十九(一)(二)(三): the ratio by institution and scheme. Choice: tier1 counts as 基层 with primary. */
export function ratioFor(claim: Claim, person: Beneficiary, params: ParameterBook): { rateBp: number; article: string; where: string } {
  const date = claim.serviceDate;
  if (!claim.designated) return { rateBp: params.rate('jingjiang.ratio.non_designated_referral', date), article: '十九(三)', where: 'non-designated institution, approved referral' };
  const level = claim.institutionLevel === 'primary' || claim.institutionLevel === 'tier1' ? 'primary' : 'city';
  const article = level === 'primary' ? '十九(一)' : '十九(二)';
  return { rateBp: params.rate(RATIO_KEYS[level][person.scheme], date), article, where: `${level === 'primary' ? '基层' : 'city-level'} designated institution, ${person.scheme} insurance` };
}

export const povertyInsurance: ChainStep = {
  name: 'jingjiang.poverty_insurance',
  payer: 'poverty_insurance',
  apply({ claim, person, params, burden }: StepInput) {
    const as = eligibleAs(person);
    if (!as) return { explanation: [] }; // 五: not a 救助对象
    if (!params.flag('jingjiang.policy_in_force', claim.serviceDate)) {
      return { explanation: [line(0, 'jingjiang.poverty_insurance.excluded', '二十一(一)', 'outside the insurance period (保险有效期外)')] };
    }
    const excluded = claimExclusions(claim);
    if (excluded.length) {
      return { explanation: excluded.map((e) => line(0, 'jingjiang.poverty_insurance.excluded', e.article, `excluded: ${e.reason}`)) };
    }
    // what each item still leaves to the person: the payments so far allocated over the items pro rata
    const inScopeLeft = inScopeOf(burden);
    const rest = itemsLeftToPerson(claim.items, inScopeLeft, burdenOf(burden) - inScopeLeft);
    const explanation: ExplanationLine[] = [];
    const includeC = params.flag('jingjiang.base_includes_class_c', claim.serviceDate);
    let base = 0;
    claim.items.forEach((item, at) => {
      const tag = (item.tags ?? []).find((t) => ITEM_EXCLUSIONS[t]);
      if (tag) {
        const e = ITEM_EXCLUSIONS[tag];
        explanation.push(line(0, 'jingjiang.poverty_insurance.item_excluded', e.article, `item ${item.code} (${formatYuan(rest[at])} left to the person) excluded: ${e.reason}`));
      } else if (item.catalogClass === 'C' && !includeC) {
        explanation.push(line(0, 'jingjiang.poverty_insurance.class_c_excluded', '十九', `item ${item.code}: class C not counted (parameter jingjiang.base_includes_class_c)`));
      } else {
        base += rest[at];
      }
    });
    const { rateBp, article, where } = ratioFor(claim, person, params);
    const computed = applyRate(base, rateBp);
    // 二十: 多渠道补偿总金额原则上不超过个人实际自负金额
    const left = burdenOf(burden);
    const paid = Math.min(computed, left);
    explanation.unshift(
      line(
        paid,
        'jingjiang.poverty_insurance',
        `${article}, 二十`,
        `${as}: ${rateBp / 100}% (${where}) × ${formatYuan(base)} left to the person${includeC ? ', class C included' : ''}${paid < computed ? `, capped at the ${formatYuan(left)} the person actually pays` : ''}`,
      ),
    );
    return { explanation, consumes: 'in_scope_first' };
  },
};
