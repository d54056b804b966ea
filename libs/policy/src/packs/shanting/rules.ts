/** The rules of the Shanting opinions on severe mental disorders (山亭区严重精神障碍救治救助意见) and the articles they apply. */
import { article, RuleCatalogue } from '../../rules';
import { ShantingParameterKey } from './parameters';

import { DOC as SHANTING_DOC } from './parameters';

export const SEC_1 = article(SHANTING_DOC, '一', '一、完善严重精神障碍医疗保险支付政策。调整完善基本医疗保险支付政策，患者使用治疗严重精神障碍的乙类药品，个人自付比例不超过10%。');
export const SEC_2 = article(SHANTING_DOC, '二', '二、完善联动救治保障机制。按照“保基本、兜底线”的原则，建立严重精神障碍患者“医保报销、民政救助、财政兜底”的救治经费保障机制。');
export const SEC_4 = article(SHANTING_DOC, '四', '四、推动落实有奖监护政策。区综治办要会同区公安、民政、财政、卫计、残联等部门，认真贯彻落实国家“以奖代补”相关政策，合理确定奖补对象，将危险性评估三级及以上和有潜在风险的患者纳入财政奖补范围，按照每人每年不低于2400元');

export const SHANTING_RULES = {
  'shanting.basic.pooling': { articles: [SEC_1], parameters: ['shanting.basic.outpatient.rate', 'shanting.basic.inpatient.rate', 'shanting.class_b_psychiatric_copay'], note: 'illustrative: the seeds give no Shanting basic-insurance rates' },
  'shanting.basic.co_pay': { articles: [SEC_1], parameters: ['shanting.basic.outpatient.rate', 'shanting.basic.inpatient.rate'], note: 'illustrative: the seeds give no Shanting basic-insurance rates' },
  'shanting.basic.class_b_psychiatric_co_pay': { articles: [SEC_1], parameters: ['shanting.class_b_psychiatric_copay'] },
  'shanting.basic.non_designated': { articles: [SEC_1], parameters: [], note: 'illustrative: the seeds give no Shanting basic-insurance rates' },
  'shanting.fiscal_backstop': { articles: [SEC_2], parameters: ['shanting.all_registered_free_from', 'shanting.free_treatment_min_risk_level'] },
  'shanting.fiscal_backstop.non_designated': { articles: [SEC_2], parameters: [] },
  'shanting.fiscal_backstop.not_yet': { articles: [SEC_2], parameters: ['shanting.all_registered_free_from', 'shanting.free_treatment_min_risk_level'] },
  'shanting.bed_day_payment': { articles: [SEC_1], parameters: ['shanting.inpatient_per_diem'], note: 'per-diem illustrative: the seed orders per-bed-day payment but gives no figure' },
  'shanting.guardianship_reward': { articles: [SEC_4], parameters: ['shanting.guardianship.monthly_reward', 'shanting.guardianship.min_risk_level'] },
} as const satisfies RuleCatalogue<ShantingParameterKey>;

/** The rule ids this pack writes in explanation lines. */
export type ShantingRuleId = keyof typeof SHANTING_RULES;
