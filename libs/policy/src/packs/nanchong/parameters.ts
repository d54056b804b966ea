/** Parameters of 南府办发〔2022〕33号 (Nanchong employee outpatient mutual aid), in force 2023-01-01 for 5 years (art. 38). */
import { ParameterDefinition, documentParameters } from '../../parameters';

const DOC = '南府办发〔2022〕33号';
const IN_FORCE = { from: '2023-01-01', to: '2027-12-31' }; // art. 38: 5 years from 2023-01-01

const { fen, rate, illustrative } = documentParameters(DOC, IN_FORCE);

export const NANCHONG_PARAMETERS: ParameterDefinition[] = [
  // 普通门诊统筹, art. 7(1) in service, 7(2) retired
  fen('nanchong.outpatient.in_service.deductible', 'annual deductible (起付线), in service', 'art. 7(1)', 20000),
  rate('nanchong.outpatient.in_service.rate_tier3', 'pooling rate at tier-3 institutions and pharmacies, in service', 'art. 7(1)', 0.5),
  rate('nanchong.outpatient.in_service.rate_lower', 'pooling rate at tier-2 and lower institutions, in service', 'art. 7(1)', 0.6),
  fen('nanchong.outpatient.in_service.cap', 'annual cap on pooling payment (年度最高支付限额), in service', 'art. 7(1)', 100000),
  fen('nanchong.outpatient.retired.deductible', 'annual deductible (起付线), retired', 'art. 7(2)', 15000),
  rate('nanchong.outpatient.retired.rate_tier3', 'pooling rate at tier-3 institutions and pharmacies, retired', 'art. 7(2)', 0.55),
  rate('nanchong.outpatient.retired.rate_lower', 'pooling rate at tier-2 and lower institutions, retired', 'art. 7(2)', 0.65),
  fen('nanchong.outpatient.retired.cap', 'annual cap on pooling payment (年度最高支付限额), retired', 'art. 7(2)', 120000),
  // 个人账户, art. 13
  rate('nanchong.account.in_service_rate', 'monthly personal-account credit, share of the contribution base (in service)', 'art. 13', 0.02),
  rate('nanchong.account.retired_rate', 'monthly personal-account credit, share of the city average basic pension (retired)', 'art. 13', 0.028),
  {
    key: 'nanchong.retired_pension_base',
    unit: 'fen',
    description: '2022 city average basic pension (monthly); the 2021 figure until the 2022 one is determined',
    source: `${DOC} art. 13`,
    defaults: [], // the seed gives no figure: the agency records it
  },
  // art. 8–9 defer the two-diseases and special-outpatient benefit levels to other documents, which the seeds do not include.
  illustrative('nanchong.two_diseases.rate', 'rate', 'pooling rate for hypertension/diabetes outpatient drugs (两病)', 0.5, 'art. 8 defers to the resident two-diseases rules, not among the seeds'),
  illustrative('nanchong.special_outpatient.rate', 'rate', 'pooling rate for special-disease outpatient care (门诊特殊疾病)', 0.8, 'art. 9 defers to 南医保办〔2020〕37号, not among the seeds'),
];

/** Every parameter key of the pack, typed: rules and code name parameters through this union, never by template strings. */
export const NANCHONG_PARAMETER_KEYS = [
  'nanchong.outpatient.in_service.deductible',
  'nanchong.outpatient.in_service.rate_tier3',
  'nanchong.outpatient.in_service.rate_lower',
  'nanchong.outpatient.in_service.cap',
  'nanchong.outpatient.retired.deductible',
  'nanchong.outpatient.retired.rate_tier3',
  'nanchong.outpatient.retired.rate_lower',
  'nanchong.outpatient.retired.cap',
  'nanchong.account.in_service_rate',
  'nanchong.account.retired_rate',
  'nanchong.retired_pension_base',
  'nanchong.two_diseases.rate',
  'nanchong.special_outpatient.rate',
] as const;
export type NanchongParameterKey = (typeof NANCHONG_PARAMETER_KEYS)[number];
