/** The rules of 盐政办发〔2022〕73号 and 盐医保发〔2023〕11号 (Yancheng) and the articles they apply. */
import { article, RuleCatalogue } from '../../rules';
import { YanchengParameterKey } from './parameters';

import { DOC as YANCHENG_DOC, DRUGS_DOC } from './parameters';

export const SEC_5 = article(YANCHENG_DOC, '五', '（五）明确救助费用保障范围。坚持保基本，妥善解决救助对象政策范围内基本医疗需求。');
export const SEC_6 = article(YANCHENG_DOC, '六', '（六）明确基本救助待遇标准。不设年度起付标准，分类设定救助比例和年度纳入救助医疗费用最高限额（以下简称“救助限额”）。');
export const SEC_7 = article(YANCHENG_DOC, '七', '（七）统筹完善托底保障措施。对规范转诊且在省域内定点医疗机构就医的救助对象，经基本医保、大病保险、医疗救助（救助费用已达到当年最高救助限额）综合保障后，政策范围内个人自付费用超过上年度城乡居民人均可支配收入50%的部分给');
export const SEC_8 = article(YANCHENG_DOC, '八', '（八）特殊情形处置。救助对象具有多重身份的，按就高原则享受医疗救助待遇，但不得重复享受。');
export const SEC_9 = article(YANCHENG_DOC, '九', '（九）强化高额医疗费用支出预警监测。实施救助对象信息动态管理。');
export const DRUGS_3 = article(DRUGS_DOC, '三', '三、保障范围符合范围患者在卫健部门指定的定点医疗机构救治时，门诊使用属于《国家基本医疗保险、工伤保险和生育保险药品目录》范围内抗精神病药、抗焦虑药、抗抑郁药、抗癫痫药、抗躁狂药的药品费用。');
export const DRUGS_4 = article(DRUGS_DOC, '四', '四、待遇保障1.医疗保险：在定点医疗机构的门诊用药费用，享受基本医疗保险、大病保险等医疗保险待遇，相关费用由各项医疗保险基金支付。');
export const DRUGS_5 = article(DRUGS_DOC, '五', '五、就医管理1.信息标记：医保部门根据卫健部门提供的名单在医保信息系统中对严重精神障碍患者身份信息进行标记，并按照民政、残联等部门提供人员审核信息维护相应保障待遇。');
export const DRUGS_6 = article(DRUGS_DOC, '六', '六、结算方式严重精神障碍患者发生的合规门诊药品费用由医疗保险、医疗救助、残联救助、财政托底资金按规定分担，个人不承担相关费用，实现医疗费用“一单制”直接结算。');

export const YANCHENG_RULES = {
  'yancheng.basic.pooling': { articles: [SEC_5], parameters: ['yancheng.basic.outpatient.rate', 'yancheng.basic.inpatient.rate', 'yancheng.basic.chronic_special.rate', 'yancheng.basic.inpatient.deductible'], note: 'illustrative: the seeds give no Yancheng basic-insurance or critical-illness rates (DOMAIN.md §2)' },
  'yancheng.basic.deductible': { articles: [SEC_5], parameters: ['yancheng.basic.inpatient.deductible'], note: 'illustrative: the seeds give no Yancheng basic-insurance or critical-illness rates (DOMAIN.md §2)' },
  'yancheng.basic.co_pay': { articles: [SEC_5], parameters: [], note: 'illustrative: the seeds give no Yancheng basic-insurance or critical-illness rates (DOMAIN.md §2)' },
  'yancheng.basic.non_designated': { articles: [SEC_5], parameters: [], note: 'illustrative: the seeds give no Yancheng basic-insurance or critical-illness rates (DOMAIN.md §2)' },
  'yancheng.critical_illness': { articles: [SEC_5], parameters: ['yancheng.critical_illness.rate', 'yancheng.critical_illness.threshold'], note: 'illustrative: the seeds give no Yancheng basic-insurance or critical-illness rates (DOMAIN.md §2)' },
  'yancheng.assistance.regular': { articles: [SEC_5, SEC_6, SEC_8], parameters: ['yancheng.assistance.ratio.full', 'yancheng.assistance.ratio.high', 'yancheng.assistance.ratio.standard', 'yancheng.assistance.general_outpatient_limit', 'yancheng.assistance.shared_limit_factor', 'yancheng.per_capita_disposable_income'] },
  'yancheng.assistance.non_designated': { articles: [SEC_5], parameters: [] },
  'yancheng.assistance.no_referral': { articles: [SEC_7], parameters: [], note: 'Choice (DOMAIN.md §2): emergencies excepted' },
  'yancheng.assistance.tilted': { articles: [SEC_7], parameters: ['yancheng.tilted.ratio', 'yancheng.tilted.threshold_share', 'yancheng.tilted.limit', 'yancheng.per_capita_disposable_income'] },
  'yancheng.assistance.tilted.limit_not_reached': { articles: [SEC_7], parameters: ['yancheng.assistance.shared_limit_factor', 'yancheng.per_capita_disposable_income'] },
  'yancheng.assistance.tilted.not_eligible': { articles: [SEC_7], parameters: ['yancheng.tilted.threshold_share', 'yancheng.per_capita_disposable_income'] },
  'yancheng.hospital_cap': { articles: [SEC_7], parameters: ['yancheng.hospital_cap.share'], note: 'Choice (DOMAIN.md §2): class C counted' },
  'yancheng.free_psychiatric_drugs.disability_relief': { articles: [DRUGS_4], parameters: ['yancheng.disability_relief_ratio', 'yancheng.free_psychiatric_drugs_from'], note: 'ratio: Choice, DOMAIN.md §3' },
  'yancheng.free_psychiatric_drugs.fiscal_backstop': { articles: [DRUGS_4, DRUGS_6], parameters: ['yancheng.free_psychiatric_drugs_from'] },
  'yancheng.free_psychiatric_drugs.not_covered': { articles: [DRUGS_3, DRUGS_5], parameters: ['yancheng.free_psychiatric_drugs_from'] },
  'yancheng.warning.impoverishment_risk': { articles: [SEC_9], parameters: ['yancheng.minimum_living_standard_annual'] },
  'yancheng.warning.relapse_risk': { articles: [SEC_9], parameters: ['yancheng.minimum_living_standard_annual'] },
} as const satisfies RuleCatalogue<YanchengParameterKey>;

/** The rule ids this pack writes in explanation lines. */
export type YanchengRuleId = keyof typeof YANCHENG_RULES;
