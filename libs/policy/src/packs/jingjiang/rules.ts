/** The rules of 靖政办发〔2018〕107号 (Jingjiang precision medical-assistance insurance) and the articles they apply. */
import { article, RuleCatalogue } from '../../rules';
import { JingjiangParameterKey } from './parameters';

import { DOC as JINGJIANG_DOC } from './parameters';

export const ART_5 = article(JINGJIANG_DOC, '五', '第五条本实施办法所称救助对象，是指全市范围内的所有建档立卡低收入农户和符合以下条件的人员：经市民政局确认的最低生活保障家庭成员、特困供养人员、享受定期定量生活补助费的20世纪60年代精减退职职工、重点优抚对象；享受政府基');
export const ART_10 = article(JINGJIANG_DOC, '十', '第十条精准医疗救助扶贫保险资金实行市、镇分级负担，根据参保人数，按400元/人/年标准，由市财政承担60%、镇财政承担40%。');
export const ART_11 = article(JINGJIANG_DOC, '十一', '第十一条保险公司对此项保险业务应专款专用，将不低于90%的保险费用用于参保对象的费用补偿。');
export const ART_19 = article(JINGJIANG_DOC, '十九', '第十九条救助对象在住院和特殊病种门诊所发生医疗费用经基本医疗、大病保险、民政救助、健康扶贫补充保险或其他第三方补偿报销后，剩余个人累计负担的合理医疗费用给予救助。');
export const ART_19_1 = article(JINGJIANG_DOC, '十九(一)', '（一）在基层定点医疗机构发生的医疗费用：参加城乡居民医保的，个人负担部分按80%予以救助；参加职工医保的，个人负担部分按50%救助。');
export const ART_19_2 = article(JINGJIANG_DOC, '十九(二)', '（二）在市级定点医疗机构（靖江市医疗集团、市二院）发生的医疗费用：参加城乡居民医保的，个人负担部分按70%救助；参加职工医保的，个人负担部分按30%救助。');
export const ART_19_3 = article(JINGJIANG_DOC, '十九(三)', '（三）在非定点医疗机构发生的医疗费用：个人负担部分按30%救助。');
export const ART_20 = article(JINGJIANG_DOC, '二十', '第二十条救助对象住院费用由定点医疗机构代为结报，多渠道补偿总金额原则上不超过个人实际自负金额。');
export const ART_21 = article(JINGJIANG_DOC, '二十一', '第二十一条下列情形不列入精准医疗救助范围：（一）救助对象在保险有效期外发生的医疗费用；（二）普通门诊（含门诊慢性病）、急诊的医疗费用；（三）生育、计划生育及意外伤害的医疗；（四）各类器官、组织移植的器官源及组织源；（五）');
export const ART_21_1 = article(JINGJIANG_DOC, '二十一(一)', '（一）救助对象在保险有效期外发生的医疗费用；（二）普通门诊（含门诊慢性病）、急诊的医疗费用；（三）生育、计划生育及意外伤害的医疗；（四）各类器官、组织移植的器官源及组织源；（五）新型昂贵的特殊检查：如PET-CT、各类胶');
export const ART_21_5 = article(JINGJIANG_DOC, '二十一(五)', '（五）新型昂贵的特殊检查：如PET-CT、各类胶囊镜检查等；（六）超过国家、省、市物价部门规定收费价格；（七）对突发性疾病流行和自然灾害等因素造成的大范围急、危、重病人的抢救；（八）未经批准，在非定点医疗机构住院的医疗费');
export const ART_22 = article(JINGJIANG_DOC, '二十二', '第二十二条在基层定点医院住院治疗的，医疗机构需在救助对象入院48小时内向保险公司指定联络人备案。');
export const ART_23 = article(JINGJIANG_DOC, '二十三', '第二十三条转诊至市级定点医院或上一级非定点医院住院治疗的，救助对象需在入院72小时内向保险公司指定联络人备案，保险公司核实身份、审查资料（病历）并确认是否符合报销范围。');

export const JINGJIANG_RULES = {
  'jingjiang.poverty_insurance': { articles: [ART_5, ART_19_1, ART_19_2, ART_19_3, ART_20], parameters: ['jingjiang.ratio.primary.resident', 'jingjiang.ratio.primary.employee', 'jingjiang.ratio.city.resident', 'jingjiang.ratio.city.employee', 'jingjiang.ratio.non_designated_referral', 'jingjiang.base_includes_class_c', 'jingjiang.policy_in_force'] },
  'jingjiang.poverty_insurance.excluded': { articles: [ART_21, ART_21_1], parameters: ['jingjiang.policy_in_force'] },
  'jingjiang.poverty_insurance.item_excluded': { articles: [ART_21, ART_21_5], parameters: [] },
  'jingjiang.poverty_insurance.class_c_excluded': { articles: [ART_19], parameters: ['jingjiang.base_includes_class_c'], note: 'Choice (DOMAIN.md §5): class C counts unless the parameter says otherwise' },
  'jingjiang.premium': { articles: [ART_5, ART_10], parameters: ['jingjiang.premium_per_person', 'jingjiang.premium_city_share', 'jingjiang.policy_in_force'] },
  'jingjiang.loss_ratio': { articles: [ART_11], parameters: ['jingjiang.min_compensation_share', 'jingjiang.loss_ratio_floor', 'jingjiang.loss_ratio_ceiling'] },
  'jingjiang.late_filing': { articles: [ART_22, ART_23], parameters: ['jingjiang.filing_hours', 'jingjiang.filing_hours_referral', 'jingjiang.policy_in_force'] },
} as const satisfies RuleCatalogue<JingjiangParameterKey>;

/** The rule ids this pack writes in explanation lines. */
export type JingjiangRuleId = keyof typeof JINGJIANG_RULES;
