/**
 * 精准医疗救助保险 (十九, 二十): the insurer pays a share of what is left to the 救助对象 after basic
 * insurance, critical illness, civil-affairs assistance and every other payer, class C included.
 */
import { applyRate } from '@benefit/shared';
import { Beneficiary, Claim, ExplanationLine } from '../../claim';
import { itemsLeftToPerson } from '../../allocation';
import { burdenOf, inScopeOf } from '../../chain';
import { ChainStep, StepInput } from '../../pack';
import { ParameterBook } from '../../parameters';
import { ITEM_EXCLUSIONS, claimExclusions, eligibleAs } from './eligibility';
import { JingjiangParameterKey } from './parameters';
import { NO_CONTEXT, Said, Words, say } from '../../wording';
import { JINGJIANG_WORDS as W, RatioTier } from './wordings';

/** 十九(一)(二): the ratio's parameter by institution level and scheme. */
const RATIO_KEYS: Record<'primary' | 'city', Record<'resident' | 'employee', JingjiangParameterKey>> = {
  primary: { resident: 'jingjiang.ratio.primary.resident', employee: 'jingjiang.ratio.primary.employee' },
  city: { resident: 'jingjiang.ratio.city.resident', employee: 'jingjiang.ratio.city.employee' },
};

const line = (amountFen: number, rule: string, said: Said & { words: Words }): ExplanationLine => ({ payer: 'poverty_insurance', amountFen, rule, ...said });

/** 十九(一)(二)(三): the ratio by institution and scheme. Choice: tier1 counts as 基层 with primary. */
export function ratioFor(claim: Claim, person: Beneficiary, params: ParameterBook): { rateBp: number; tier: RatioTier } {
  const date = claim.serviceDate;
  if (!claim.designated) return { rateBp: params.rate('jingjiang.ratio.non_designated_referral', date), tier: 'non_designated' }; // 十九(三)
  const level = claim.institutionLevel === 'primary' || claim.institutionLevel === 'tier1' ? 'primary' : 'city'; // 十九(一), 十九(二)
  return { rateBp: params.rate(RATIO_KEYS[level][person.scheme], date), tier: level };
}

export const povertyInsurance: ChainStep = {
  name: 'jingjiang.poverty_insurance',
  payer: 'poverty_insurance',
  apply({ claim, person, params, burden }: StepInput) {
    const as = eligibleAs(person);
    if (!as) return { explanation: [] }; // 五: not a 救助对象
    if (!params.flag('jingjiang.policy_in_force', claim.serviceDate)) {
      return { explanation: [line(0, 'jingjiang.poverty_insurance.excluded', say(NO_CONTEXT, W.outsidePeriod))] };
    }
    const excluded = claimExclusions(claim);
    if (excluded.length) {
      return { explanation: excluded.map((e) => line(0, 'jingjiang.poverty_insurance.excluded', e.said)) };
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
        explanation.push(line(0, 'jingjiang.poverty_insurance.item_excluded', say(NO_CONTEXT, e.wording, item.code, rest[at])));
      } else if (item.catalogClass === 'C' && !includeC) {
        explanation.push(line(0, 'jingjiang.poverty_insurance.class_c_excluded', say(NO_CONTEXT, W.classCExcluded, item.code)));
      } else {
        base += rest[at];
      }
    });
    const { rateBp, tier } = ratioFor(claim, person, params);
    const computed = applyRate(base, rateBp);
    // 二十: 多渠道补偿总金额原则上不超过个人实际自负金额
    const left = burdenOf(burden);
    const paid = Math.min(computed, left);
    explanation.unshift(
      // 靖政办发〔2018〕107号 十九(一)(二)(三), 二十
      line(paid, 'jingjiang.poverty_insurance', say(NO_CONTEXT, W.povertyInsurance, as, rateBp, tier, person.scheme, base, includeC ? 1 : 0, computed, left)),
    );
    return { explanation, consumes: 'in_scope_first' };
  },
};
