/**
 * Parameters of the Shanting opinions on severe mental disorder treatment and relief
 * (山亭区人民政府办公室 关于进一步加强严重精神障碍患者救治救助与服务管理工作的意见).
 * Choice: the seed carries no date; its values apply from 2018-01-01 (it sets targets "2018年前").
 */
import { formatYuan } from '@benefit/shared';
import { ParameterDefinition } from '../../parameters';

export const DOC = '山亭区严重精神障碍救治救助意见';
const IN_FORCE = { from: '2018-01-01' };

export const SHANTING_PARAMETERS: ParameterDefinition[] = [
  {
    key: 'shanting.class_b_psychiatric_copay',
    unit: 'rate',
    description: "the person's co-pay ratio on class B drugs treating a severe mental disorder (at most 10%)",
    source: `${DOC} 一`,
    defaults: [{ ...IN_FORCE, value: 0.1 }], // Choice: the document's ceiling
    validate: (v) => ((v as number) <= 0.1 ? null : `${DOC} 一 caps the co-pay on class B psychiatric drugs at 10% (个人自付比例不超过10%)`),
  },
  {
    key: 'shanting.all_registered_free_from',
    unit: 'date',
    description: 'from this date every registered patient is treated free; before it, registered poor households and risk level ≥ 3 only. Choice: "到2020年" read as from 2020-01-01',
    source: `${DOC} 二 (Choice)`,
    defaults: [{ ...IN_FORCE, value: '2020-01-01' }],
  },
  {
    key: 'shanting.free_treatment_min_risk_level',
    unit: 'count',
    description: 'risk assessment level (危险性评估) from which a registered patient is treated free before shanting.all_registered_free_from',
    source: `${DOC} 二`,
    defaults: [{ ...IN_FORCE, value: 3 }],
  },
  {
    key: 'shanting.inpatient_per_diem',
    unit: 'fen',
    description: 'per bed-day payment (按床日定额) to hospitals for inpatient care of severe mental disorder patients',
    source: `illustrative: ${DOC} 一 orders per-bed-day payment but gives no figure`,
    illustrative: true,
    defaults: [{ ...IN_FORCE, value: 25_000 }],
  },
  {
    key: 'shanting.guardianship.monthly_reward',
    unit: 'fen',
    description: "guardianship reward (以奖代补) accrued per qualifying patient and month; at least 2,400 yuan a year",
    source: `${DOC} 四`,
    defaults: [{ ...IN_FORCE, value: 20_000 }],
    validate: (v) => ((v as number) * 12 >= 240_000 ? null : `${DOC} 四: at least 2,400 yuan a year (不低于2400元), i.e. ${formatYuan(20_000)} a month`),
  },
  {
    key: 'shanting.guardianship.min_risk_level',
    unit: 'count',
    description: 'risk assessment level from which the guardian earns the reward (those recorded with a potential risk earn it too)',
    source: `${DOC} 四`,
    defaults: [{ ...IN_FORCE, value: 3 }],
  },
  {
    key: 'shanting.basic.outpatient.rate',
    unit: 'rate',
    description: 'basic pooling rate, outpatient (used only without priorPayments)',
    source: 'illustrative: the seeds give no Shanting basic-insurance rates',
    illustrative: true,
    defaults: [{ ...IN_FORCE, value: 0.5 }],
  },
  {
    key: 'shanting.basic.inpatient.rate',
    unit: 'rate',
    description: 'basic pooling rate, inpatient (used only without priorPayments)',
    source: 'illustrative: the seeds give no Shanting basic-insurance rates',
    illustrative: true,
    defaults: [{ ...IN_FORCE, value: 0.7 }],
  },
];

/** Every parameter key of the pack, typed: rules and code name parameters through this union, never by template strings. */
export const SHANTING_PARAMETER_KEYS = [
  'shanting.class_b_psychiatric_copay',
  'shanting.all_registered_free_from',
  'shanting.free_treatment_min_risk_level',
  'shanting.inpatient_per_diem',
  'shanting.guardianship.monthly_reward',
  'shanting.guardianship.min_risk_level',
  'shanting.basic.outpatient.rate',
  'shanting.basic.inpatient.rate',
] as const;
export type ShantingParameterKey = (typeof SHANTING_PARAMETER_KEYS)[number];
