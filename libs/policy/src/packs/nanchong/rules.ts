/** The rules of 南府办发〔2022〕33号 (Nanchong employee outpatient mutual aid) and the articles they apply. */
import { article, RuleCatalogue } from '../../rules';
import { NanchongParameterKey } from './parameters';

const NANCHONG_DOC = '南府办发〔2022〕33号';

export const ART_7 = article(NANCHONG_DOC, 'art. 7', '参保人员每次在定点医疗机构和符合条件的定点零售药店发生的政策范围内医疗费用扣除年度起付线（1个自然年度计算一次）后，由统筹基金按以下标准进行报销。');
export const ART_7_1 = article(NANCHONG_DOC, 'art. 7(1)', '（一）享受在职医保待遇人员：起付线200元，三级定点医疗机构和符合条件的定点零售药店报销50%，二级及以下定点医疗机构报销60%。');
export const ART_7_2 = article(NANCHONG_DOC, 'art. 7(2)', '（二）享受退休医保待遇人员：起付线150元，三级定点医疗机构和定点零售药店报销55%，二级及以下定点医疗机构报销65%，年度最高支付限额为1200元。');
export const ART_8 = article(NANCHONG_DOC, 'art. 8', '第八条参加职工医保并采取药物治疗的高血压、糖尿病（以下简称“两病”）患者，其“两病”门诊用药保障的认定标准、用药范围、保障水平、管理服务等与城乡居民“两病”门诊用药保障保持一致。');
export const ART_9 = article(NANCHONG_DOC, 'art. 9', '第九条职工医保门诊特殊疾病管理执行《南充市医疗保障局关于将肝豆状核变性、普拉德-微利综合症、原发性生长激素缺乏症纳入门诊特殊疾病管理的通知》（南医保办〔2020〕37号）和《南充市医疗保障局关于取消并调整基本医疗保险相关');
export const ART_10 = article(NANCHONG_DOC, 'art. 10', '第十条经“两病”门诊用药保障、门诊特殊疾病保障后，应由参保人员个人自付的医疗费用不再纳入普通门诊费用统筹保障支付范围。');
export const ART_13_IN_SERVICE = article(NANCHONG_DOC, 'art. 13', '享受在职医保待遇人员个人账户由个人缴纳的基本医疗保险费计入，计入标准为本人参保缴费基数的2%。');
export const ART_13_RETIRED = article(NANCHONG_DOC, 'art. 13', '享受退休医保待遇人员个人账户由统筹基金按定额划入，划入标准为2022年全市基本养老金平均水平的2.8%。');
export const ART_14 = article(NANCHONG_DOC, 'art. 14', '第十四条参保人员由在职转为退休的，从享受医保退休待遇当月起变更个人账户计入方式。');
export const ART_18_1 = article(NANCHONG_DOC, 'art. 18(1)', '（一）主要用于支付参保人员在定点医疗机构和定点零售药店发生的政策范围内自付费用。');
export const ART_18_2 = article(NANCHONG_DOC, 'art. 18(2)', '（二）可以用于支付参保人员本人及其配偶、父母、子女在定点医疗机构就医发生的由个人负担的医疗费用，在定点零售药店购买药品、医疗器械、医用耗材发生的由个人负担的费用。');
export const ART_19 = article(NANCHONG_DOC, 'art. 19', '第十九条个人账户不得用于公共卫生费用、体育健身或养生保健消费等不属于基本医疗保险保障范围的支出。');
export const ART_20 = article(NANCHONG_DOC, 'art. 20', '第二十条参保人员在市内定点医药机构门诊就医或者购药时所发生的政策范围内费用，凭本人医保凭证（含社会保障卡、医保电子凭证等）按照下列规定办理：（一）属于统筹基金支付的，定点医药机构实时上传费用信息并即时结算；（二）属于个人');
export const ART_25 = article(NANCHONG_DOC, 'art. 25', '第二十五条参保人员在具备直接结算条件的定点医药机构就医购药的，应持社会保障卡或医保电子凭证直接结算，按规定应由个人负担的医疗费用由参保人员支付，应由医保基金支付的医疗费用，由医保经办机构与定点医药机构定期结算；非定点医药');
export const ART_26 = article(NANCHONG_DOC, 'art. 26', '第二十六条贯彻落实门诊共济保障异地就医直接结算。');

export const NANCHONG_RULES = {
  'nanchong.outpatient_pooling.reimbursement': { articles: [ART_7, ART_7_1, ART_7_2], parameters: ['nanchong.outpatient.in_service.rate_tier3', 'nanchong.outpatient.in_service.rate_lower', 'nanchong.outpatient.in_service.cap', 'nanchong.outpatient.retired.rate_tier3', 'nanchong.outpatient.retired.rate_lower', 'nanchong.outpatient.retired.cap'] },
  'nanchong.outpatient_pooling.deductible': { articles: [ART_7, ART_7_1, ART_7_2], parameters: ['nanchong.outpatient.in_service.deductible', 'nanchong.outpatient.retired.deductible'] },
  'nanchong.outpatient_pooling.co_pay': { articles: [ART_7_1, ART_7_2], parameters: ['nanchong.outpatient.in_service.rate_tier3', 'nanchong.outpatient.in_service.rate_lower', 'nanchong.outpatient.retired.rate_tier3', 'nanchong.outpatient.retired.rate_lower'] },
  'nanchong.outpatient_pooling.cap': { articles: [ART_7_1, ART_7_2], parameters: ['nanchong.outpatient.in_service.cap', 'nanchong.outpatient.retired.cap'] },
  'nanchong.outpatient_pooling.non_designated': { articles: [ART_25], parameters: [] },
  'nanchong.out_of_area.unfiled': { articles: [ART_26], parameters: [], note: 'Choice (DOMAIN.md §1): an emergency counts as filed' },
  'nanchong.two_diseases': { articles: [ART_8], parameters: ['nanchong.two_diseases.rate'], note: 'rate illustrative: art. 8 defers to documents not among the seeds' },
  'nanchong.two_diseases.remainder': { articles: [ART_10], parameters: [] },
  'nanchong.special_outpatient': { articles: [ART_9], parameters: ['nanchong.special_outpatient.rate'], note: 'rate illustrative: art. 9 defers to 南医保办〔2020〕37号' },
  'nanchong.special_outpatient.remainder': { articles: [ART_10], parameters: [] },
  'nanchong.personal_account.in_service_credit': { articles: [ART_13_IN_SERVICE], parameters: ['nanchong.account.in_service_rate'] },
  'nanchong.personal_account.retired_credit': { articles: [ART_13_RETIRED, ART_14], parameters: ['nanchong.account.retired_rate', 'nanchong.retired_pension_base'] },
} as const satisfies RuleCatalogue<NanchongParameterKey>;

/** The rule ids this pack writes in explanation lines. */
export type NanchongRuleId = keyof typeof NANCHONG_RULES;
