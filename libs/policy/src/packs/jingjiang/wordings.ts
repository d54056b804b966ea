/**
 * The wordings of the Jingjiang pack's explanation lines (poverty-insurance.ts, and the exclusions
 * of eligibility.ts they name). Their text is what stored events render to: never edit one once
 * released, add a new id (wording.ts). Claim flags (late_filing) are not explanation lines and keep
 * their text.
 */
import { formatYuan } from '@benefit/shared';
import { wording } from '../../wording';
import { DOC } from './parameters';

/** A whole claim excluded (二十一, 十四, 十八): no arguments, the article and reason in the words. */
const excluded = (code: string, article: string, reason: string) =>
  wording(`jingjiang.poverty_insurance.excluded.${code}`, () => ({ citation: `${DOC} ${article}`, detail: `excluded: ${reason}` }), []);

/** One item excluded (二十一): its code and what it still leaves to the person. */
const itemExcluded = (tag: string, article: string, reason: string, example: [code: string, leftFen: number]) =>
  wording(
    `jingjiang.poverty_insurance.item_excluded.${tag}`,
    (_, code: string, leftFen: number) => ({ citation: `${DOC} ${article}`, detail: `item ${code} (${formatYuan(leftFen)} left to the person) excluded: ${reason}` }),
    example,
  );

/** 十九(一)(二)(三): the tier the ratio was taken from. */
export type RatioTier = 'primary' | 'city' | 'non_designated';

export const JINGJIANG_WORDS = {
  // poverty-insurance.ts: 十九, 二十
  povertyInsurance: wording(
    'jingjiang.poverty_insurance',
    (_, as: string, rateBp: number, tier: string, scheme: string, baseFen: number, classCIncluded: number, computedFen: number, leftFen: number) => {
      const article = tier === 'non_designated' ? '十九(三)' : tier === 'primary' ? '十九(一)' : '十九(二)';
      const where = tier === 'non_designated' ? 'non-designated institution, approved referral' : `${tier === 'primary' ? '基层' : 'city-level'} designated institution, ${scheme} insurance`;
      const paid = Math.min(computedFen, leftFen);
      return {
        citation: `${DOC} ${article}, 二十`,
        detail: `${as}: ${rateBp / 100}% (${where}) × ${formatYuan(baseFen)} left to the person${classCIncluded ? ', class C included' : ''}${paid < computedFen ? `, capped at the ${formatYuan(leftFen)} the person actually pays` : ''}`,
      };
    },
    ['minimum_living', 8000, 'primary', 'resident', 356420, 1, 285136, 356420],
  ),
  classCExcluded: wording(
    'jingjiang.poverty_insurance.class_c_excluded',
    (_, code: string) => ({ citation: `${DOC} 十九`, detail: `item ${code}: class C not counted (parameter jingjiang.base_includes_class_c)` }),
    ['C-NUTRI-01'],
  ),

  // 二十一(一): outside the insurance period
  outsidePeriod: wording('jingjiang.poverty_insurance.excluded.outside_period', () => ({ citation: `${DOC} 二十一(一)`, detail: 'outside the insurance period (保险有效期外)' }), []),

  // eligibility.ts: the claim's exclusions (二十一(二)(三)(七)(八)(九)) and the coverage of 十四, 十八
  excludedGeneralOutpatient: excluded('general_outpatient', '二十一(二)', 'general outpatient care (普通门诊)'),
  excludedTwoDiseasesOutpatient: excluded('two_diseases_outpatient', '二十一(二)', 'chronic outpatient care (门诊慢性病: two-diseases outpatient)'),
  excludedEmergency: excluded('emergency', '二十一(二)', 'emergency care (急诊)'),
  excludedChronicOutpatient: excluded('chronic_outpatient', '二十一(二)', 'chronic outpatient care (门诊慢性病)'),
  excludedSpecialDisease: wording(
    'jingjiang.poverty_insurance.excluded.special_disease',
    (_, disease: string) => ({ citation: `${DOC} 十八`, detail: `excluded: special outpatient disease ${disease} is not one of 恶性肿瘤放化疗, 终末期肾病透析, 器官移植抗排斥` }),
    ['hemophilia'],
  ),
  excludedMaternity: excluded('maternity', '二十一(三)', 'maternity care (生育)'),
  excludedFamilyPlanning: excluded('family_planning', '二十一(三)', 'family planning (计划生育)'),
  excludedAccidentalInjury: excluded('accidental_injury', '二十一(三)', 'accidental injury (意外伤害)'),
  excludedMassCasualty: excluded('mass_casualty', '二十一(七)', 'mass-casualty emergency care in an epidemic or natural disaster (大范围急、危、重病人的抢救)'),
  excludedThirdPartyLiability: excluded('third_party_liability', '二十一(九)', 'costs that other social or commercial insurance or a liable third party must pay'),
  excludedPharmacy: excluded('pharmacy', '十四', 'a pharmacy is not one of the designated institutions of the scheme'),
  excludedNonDesignated: excluded('non_designated', '二十一(八)', 'a non-designated institution without an approved referral (未经批准)'),

  // eligibility.ts: items excluded (二十一(四)(五)(六)(十))
  itemOrganSource: itemExcluded('organ_source', '二十一(四)', 'organ or tissue source (器官源及组织源)', ['M-ORGAN-01', 1250000]),
  itemPetCt: itemExcluded('pet_ct', '二十一(五)', 'PET-CT (新型昂贵的特殊检查)', ['S-PETCT-01', 712000]),
  itemCapsuleEndoscopy: itemExcluded('capsule_endoscopy', '二十一(五)', 'capsule endoscopy (各类胶囊镜检查)', ['S-CAPENDO-01', 348000]),
  itemAboveTariff: itemExcluded('above_tariff', '二十一(六)', 'charges above the price authorities’ tariff (超过…规定收费价格)', ['S-WARD-03', 12500]),
  itemSpecialNeeds: itemExcluded('special_needs', '二十一(十)', 'special-needs services (特需服务)', ['S-VIPWARD-01', 60000]),
};
