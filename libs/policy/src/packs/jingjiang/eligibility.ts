/** Who is a 救助对象 (五) and which claims the insurance covers or excludes (十四, 十八, 二十一). */
import { ReliefStatus } from '@benefit/shared';
import { Beneficiary, Claim, ClaimCircumstance, ItemTag } from '../../claim';
import { statusesOf } from '../../statuses';

/** 五: statuses that make a person a 救助对象 on their own. */
export const ELIGIBLE_STATUSES: readonly ReliefStatus[] = [
  'registered_poor_household',
  'minimum_living',
  'extremely_poor',
  'downsized_1960s_worker',
  'entitled_veteran',
  // 享受政府基本生活保障的困境儿童: every child in distress with basic living support — orphans and
  // de facto unsupported children receive it as well (DOMAIN.md §5)
  'child_in_distress',
  'orphan',
  'de_facto_unsupported_child',
  'union_hardship_worker',
];

/** The status that qualifies the person (五), or null. 低收入家庭中的重度精神病患者 need both statuses. */
export function eligibleAs(person: Beneficiary): string | null {
  const held = statusesOf(person).map((s) => s.status);
  const status = ELIGIBLE_STATUSES.find((s) => held.includes(s));
  if (status) return status;
  if (held.includes('severe_mental_disorder') && held.includes('low_income_marginal')) return 'severe_mental_disorder + low_income_marginal';
  return null;
}

/** 十八: 门诊特殊病种 covered at inpatient rates. */
export const SPECIAL_DISEASES_COVERED = ['cancer_radiochemo', 'dialysis', 'transplant_antirejection'] as const;

export interface Exclusion {
  article: string;
  reason: string;
}

const CIRCUMSTANCE_EXCLUSIONS: Partial<Record<ClaimCircumstance, Exclusion>> = {
  maternity: { article: '二十一(三)', reason: 'maternity care (生育)' },
  family_planning: { article: '二十一(三)', reason: 'family planning (计划生育)' },
  accidental_injury: { article: '二十一(三)', reason: 'accidental injury (意外伤害)' },
  mass_casualty: { article: '二十一(七)', reason: 'mass-casualty emergency care in an epidemic or natural disaster (大范围急、危、重病人的抢救)' },
  third_party_liability: { article: '二十一(九)', reason: 'costs that other social or commercial insurance or a liable third party must pay' },
};

export const ITEM_EXCLUSIONS: Record<ItemTag, Exclusion> = {
  organ_source: { article: '二十一(四)', reason: 'organ or tissue source (器官源及组织源)' },
  pet_ct: { article: '二十一(五)', reason: 'PET-CT (新型昂贵的特殊检查)' },
  capsule_endoscopy: { article: '二十一(五)', reason: 'capsule endoscopy (各类胶囊镜检查)' },
  above_tariff: { article: '二十一(六)', reason: 'charges above the price authorities’ tariff (超过…规定收费价格)' },
  special_needs: { article: '二十一(十)', reason: 'special-needs services (特需服务)' },
};

/** Exclusions of the whole claim (二十一(二)(三)(七)(八)(九)) and the coverage of 十四, 十八. */
export function claimExclusions(claim: Claim): Exclusion[] {
  const out: Exclusion[] = [];
  switch (claim.visitType) {
    case 'general_outpatient':
      out.push({ article: '二十一(二)', reason: 'general outpatient care (普通门诊)' });
      break;
    case 'two_diseases_outpatient': // Choice: 两病 outpatient care is chronic outpatient care (门诊慢性病)
      out.push({ article: '二十一(二)', reason: 'chronic outpatient care (门诊慢性病: two-diseases outpatient)' });
      break;
    case 'emergency':
      out.push({ article: '二十一(二)', reason: 'emergency care (急诊)' });
      break;
    case 'chronic_special_outpatient':
      if (!claim.specialDisease) out.push({ article: '二十一(二)', reason: 'chronic outpatient care (门诊慢性病)' });
      else if (!(SPECIAL_DISEASES_COVERED as readonly string[]).includes(claim.specialDisease)) {
        out.push({ article: '十八', reason: `special outpatient disease ${claim.specialDisease} is not one of 恶性肿瘤放化疗, 终末期肾病透析, 器官移植抗排斥` });
      }
      break;
    case 'inpatient':
      break;
  }
  for (const c of claim.circumstances ?? []) {
    const e = CIRCUMSTANCE_EXCLUSIONS[c];
    if (e && !out.some((o) => o.reason === e.reason)) out.push(e);
  }
  if (claim.institutionLevel === 'pharmacy') {
    // Choice: 十四 names hospitals only (镇卫生院 and the city-level hospitals)
    out.push({ article: '十四', reason: 'a pharmacy is not one of the designated institutions of the scheme' });
  } else if (!claim.designated && !claim.referral) {
    // 二十一(八), 十五: 未经批准，在非定点医疗机构住院 (Choice: special-disease outpatient care likewise)
    out.push({ article: '二十一(八)', reason: 'a non-designated institution without an approved referral (未经批准)' });
  }
  return out;
}
