/** Who is a 救助对象 (五) and which claims the insurance covers or excludes (十四, 十八, 二十一). */
import { ReliefStatus } from '@benefit/shared';
import { Beneficiary, Claim, ClaimCircumstance, ItemTag } from '../../claim';
import { statusesOf } from '../../statuses';
import { NO_CONTEXT, Said, Wording, Words, say } from '../../wording';
import { JINGJIANG_WORDS as W } from './wordings';

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

/** An exclusion of the whole claim: the article, and the line's words (wordings.ts, reason included). */
export interface Exclusion {
  article: string;
  said: Said & { words: Words };
}

/** An exclusion of an item: the article, and the wording that names it with the item's code and what it leaves to the person. */
export interface ItemExclusion {
  article: string;
  wording: Wording<[code: string, leftFen: number]>;
}

const exclusion = (article: string, wording: Wording<[]>): Exclusion => ({ article, said: say(NO_CONTEXT, wording) });

const CIRCUMSTANCE_EXCLUSIONS: Partial<Record<ClaimCircumstance, Exclusion>> = {
  maternity: exclusion('二十一(三)', W.excludedMaternity),
  family_planning: exclusion('二十一(三)', W.excludedFamilyPlanning),
  accidental_injury: exclusion('二十一(三)', W.excludedAccidentalInjury),
  mass_casualty: exclusion('二十一(七)', W.excludedMassCasualty),
  third_party_liability: exclusion('二十一(九)', W.excludedThirdPartyLiability),
};

export const ITEM_EXCLUSIONS: Record<ItemTag, ItemExclusion> = {
  organ_source: { article: '二十一(四)', wording: W.itemOrganSource },
  pet_ct: { article: '二十一(五)', wording: W.itemPetCt },
  capsule_endoscopy: { article: '二十一(五)', wording: W.itemCapsuleEndoscopy },
  above_tariff: { article: '二十一(六)', wording: W.itemAboveTariff },
  special_needs: { article: '二十一(十)', wording: W.itemSpecialNeeds },
};

/** Exclusions of the whole claim (二十一(二)(三)(七)(八)(九)) and the coverage of 十四, 十八. */
export function claimExclusions(claim: Claim): Exclusion[] {
  const out: Exclusion[] = [];
  switch (claim.visitType) {
    case 'general_outpatient':
      out.push(exclusion('二十一(二)', W.excludedGeneralOutpatient));
      break;
    case 'two_diseases_outpatient': // Choice: 两病 outpatient care is chronic outpatient care (门诊慢性病)
      out.push(exclusion('二十一(二)', W.excludedTwoDiseasesOutpatient));
      break;
    case 'emergency':
      out.push(exclusion('二十一(二)', W.excludedEmergency));
      break;
    case 'chronic_special_outpatient':
      if (!claim.specialDisease) out.push(exclusion('二十一(二)', W.excludedChronicOutpatient));
      else if (!(SPECIAL_DISEASES_COVERED as readonly string[]).includes(claim.specialDisease)) {
        out.push({ article: '十八', said: say(NO_CONTEXT, W.excludedSpecialDisease, claim.specialDisease) });
      }
      break;
    case 'inpatient':
      break;
  }
  for (const c of claim.circumstances ?? []) {
    const e = CIRCUMSTANCE_EXCLUSIONS[c];
    if (e && !out.some((o) => o.said.words[0] === e.said.words[0])) out.push(e);
  }
  if (claim.institutionLevel === 'pharmacy') {
    // Choice: 十四 names hospitals only (镇卫生院 and the city-level hospitals)
    out.push(exclusion('十四', W.excludedPharmacy));
  } else if (!claim.designated && !claim.referral) {
    // 二十一(八), 十五: 未经批准，在非定点医疗机构住院 (Choice: special-disease outpatient care likewise)
    out.push(exclusion('二十一(八)', W.excludedNonDesignated));
  }
  return out;
}
