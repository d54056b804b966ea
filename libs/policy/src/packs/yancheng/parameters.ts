/**
 * Parameters of 盐政办发〔2022〕73号 (major-illness insurance and medical assistance, in force
 * 2023-01-01) and 盐医保发〔2023〕11号 (free outpatient drugs for severe mental disorders).
 */
import { ParameterDefinition, documentParameters } from '../../parameters';

export const DOC = '盐政办发〔2022〕73号';
export const DRUGS_DOC = '盐医保发〔2023〕11号';
const IN_FORCE = { from: '2023-01-01' }; // 本实施办法自2023年1月1日起施行

// each source names its own document (两份文件: 盐政办发 and 盐医保发)
const built = documentParameters('', IN_FORCE);
const { fen, rate } = built;
const NO_SEED = 'the seeds give no Yancheng basic-insurance or critical-illness rates (DOMAIN.md §2); used only when a claim has no priorPayments';
const illustrative = (key: string, unit: 'fen' | 'rate', description: string, value: number) => built.illustrative(key, unit, description, value, NO_SEED);

export const YANCHENG_PARAMETERS: ParameterDefinition[] = [
  // 救助比例 (六), by status group; a person with several statuses gets the highest once (八)
  rate('yancheng.assistance.ratio.full', 'assistance ratio: 特困人员, 孤儿, 事实无人抚养儿童', `${DOC} 六`, 1),
  rate('yancheng.assistance.ratio.high', 'assistance ratio: 低保对象, 优抚对象, 60年代精减退职职工, 特困职工, 其他困境儿童', `${DOC} 六`, 0.8),
  rate('yancheng.assistance.ratio.standard', 'assistance ratio: 低保边缘家庭成员, 支出型困难家庭大重病患者, 临时救助对象中的大重病患者, 重度残疾人', `${DOC} 六`, 0.7),
  // 救助限额 (六): a cap on the eligible cost base, not on the payment
  fen('yancheng.assistance.general_outpatient_limit', 'annual assistance cost-base limit, general outpatient (普通门诊 1万元)', `${DOC} 六`, 1_000_000),
  {
    key: 'yancheng.assistance.shared_limit_factor',
    unit: 'factor',
    description: 'annual cost-base limit shared by chronic/special outpatient and inpatient care, as a multiple of yancheng.per_capita_disposable_income',
    source: `${DOC} 六`,
    defaults: [{ ...IN_FORCE, value: 3 }],
  },
  {
    key: 'yancheng.per_capita_disposable_income',
    unit: 'fen',
    description: "the city's previous-year urban-rural per-capita disposable income (上年度城乡居民人均可支配收入), recorded with an effective date in the year it applies to",
    source: `${DOC} 六, 七, 九`,
    defaults: [], // the seed gives no figure: the agency records one for every year
  },
  {
    key: 'yancheng.minimum_living_standard_annual',
    unit: 'fen',
    description: "the city's annual minimum living standard (城乡最低生活保障的年标准), the relapse-risk warning line",
    source: `${DOC} 九`,
    defaults: [],
  },
  // 倾斜救助 (七)
  rate('yancheng.tilted.threshold_share', 'tilted assistance starts above this share of yancheng.per_capita_disposable_income (50%)', `${DOC} 七`, 0.5),
  rate('yancheng.tilted.ratio', 'tilted assistance ratio (60%)', `${DOC} 七`, 0.6),
  fen('yancheng.tilted.limit', 'annual tilted-assistance cost-base limit (3万元)', `${DOC} 七`, 3_000_000),
  // 10% cap on what a relief-status holder pays for an in-county designated stay (七)
  rate('yancheng.hospital_cap.share', "cap on a relief-status holder's own payment for an in-county stay, share of the stay's policy-scope total", `${DOC} 七`, 0.1),
  // 盐医保发〔2023〕11号
  {
    key: 'yancheng.free_psychiatric_drugs_from',
    unit: 'date',
    description: 'first service date of free outpatient psychiatric drugs; Choice: the document takes effect on issue (八.3) and gives no date',
    source: `${DRUGS_DOC} 八.3 (Choice, DOMAIN.md §3)`,
    defaults: [{ ...IN_FORCE, value: '2023-03-01' }],
  },
  {
    key: 'yancheng.disability_relief_ratio',
    unit: 'rate',
    description: "share of the remainder after insurance and assistance the disabled persons' federation pays for certified mental-disability holders; Choice: the seed defers to the federation's own rules",
    source: `${DRUGS_DOC} 四.3 (Choice, DOMAIN.md §3)`,
    defaults: [{ ...IN_FORCE, value: 1 }],
  },
  // step 1 without priorPayments: illustrative only
  illustrative('yancheng.basic.outpatient.rate', 'rate', 'basic pooling rate, general / two-diseases / emergency outpatient', 0.5),
  illustrative('yancheng.basic.chronic_special.rate', 'rate', 'basic pooling rate, chronic and special-disease outpatient', 0.7),
  illustrative('yancheng.basic.inpatient.deductible', 'fen', 'basic pooling deductible per inpatient stay', 80_000),
  illustrative('yancheng.basic.inpatient.rate', 'rate', 'basic pooling rate above the deductible, inpatient', 0.75),
  illustrative('yancheng.critical_illness.threshold', 'fen', 'critical-illness threshold on the policy-scope co-pay left after basic pooling, per claim', 1_500_000),
  illustrative('yancheng.critical_illness.rate', 'rate', 'critical-illness rate above the threshold', 0.6),
];

/** Every parameter key of the pack, typed: rules and code name parameters through this union, never by template strings. */
export const YANCHENG_PARAMETER_KEYS = [
  'yancheng.assistance.ratio.full',
  'yancheng.assistance.ratio.high',
  'yancheng.assistance.ratio.standard',
  'yancheng.assistance.general_outpatient_limit',
  'yancheng.assistance.shared_limit_factor',
  'yancheng.per_capita_disposable_income',
  'yancheng.minimum_living_standard_annual',
  'yancheng.tilted.threshold_share',
  'yancheng.tilted.ratio',
  'yancheng.tilted.limit',
  'yancheng.hospital_cap.share',
  'yancheng.free_psychiatric_drugs_from',
  'yancheng.disability_relief_ratio',
  'yancheng.basic.outpatient.rate',
  'yancheng.basic.chronic_special.rate',
  'yancheng.basic.inpatient.deductible',
  'yancheng.basic.inpatient.rate',
  'yancheng.critical_illness.threshold',
  'yancheng.critical_illness.rate',
] as const;
export type YanchengParameterKey = (typeof YANCHENG_PARAMETER_KEYS)[number];
