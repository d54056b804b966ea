/**
 * Parameters of 靖政办发〔2018〕107号 (Jingjiang precision medical-assistance insurance), in force
 * 2019-01-01 (二十六). Choice (DOMAIN.md §5): the scheme continues after the first contract
 * (九: to 2020-12-31, renewable); each later policy year records its own values from its first day.
 */
import { EARLIEST_DATE } from '@benefit/shared';
import { ParameterDefinition, documentParameters } from '../../parameters';

export const DOC = '靖政办发〔2018〕107号';
export const IN_FORCE = { from: '2019-01-01' };

const { rate } = documentParameters(DOC, IN_FORCE);

export const JINGJIANG_PARAMETERS: ParameterDefinition[] = [
  {
    key: 'jingjiang.policy_in_force',
    unit: 'boolean',
    description: 'whether an insurer contract covers the date (保险有效期); record false from the day cover stops',
    source: `${DOC} 九, 二十一(一) (continuation: Choice, DOMAIN.md §5)`,
    // 二十一(一): before 2019-01-01 no contract covers a stay: settled with 0 and the exclusion explained, never refused
    defaults: [{ from: EARLIEST_DATE, value: false }, { ...IN_FORCE, value: true }],
  },
  // 十九 ratios, by institution and scheme
  rate('jingjiang.ratio.primary.resident', 'share of the personal burden paid at primary (基层) designated institutions, resident insurance', '十九(一)', 0.8),
  rate('jingjiang.ratio.primary.employee', 'share of the personal burden paid at primary (基层) designated institutions, employee insurance', '十九(一)', 0.5),
  rate('jingjiang.ratio.city.resident', 'share of the personal burden paid at city-level designated institutions, resident insurance', '十九(二)', 0.7),
  rate('jingjiang.ratio.city.employee', 'share of the personal burden paid at city-level designated institutions, employee insurance', '十九(二)', 0.3),
  rate('jingjiang.ratio.non_designated_referral', 'share of the personal burden paid at a non-designated institution after an approved referral', '十九(三), 十五', 0.3),
  {
    key: 'jingjiang.base_includes_class_c',
    unit: 'boolean',
    description: 'whether class C (目录外) costs count in the base; Choice: yes (包含政策范围内费用和政策范围外费用)',
    source: `${DOC} 十九 (Choice, DOMAIN.md §5)`,
    defaults: [{ ...IN_FORCE, value: true }],
  },
  // 十, 十一: the insurer's premium and loss ratio
  { key: 'jingjiang.premium_per_person', unit: 'fen', description: 'annual premium per insured person (400元/人/年)', source: `${DOC} 十`, defaults: [{ ...IN_FORCE, value: 40_000 }] },
  rate('jingjiang.premium_city_share', 'share of the premium borne by city finance (the rest: town finance)', '十', 0.6),
  rate('jingjiang.min_compensation_share', 'share of the premium the insurer must pay out as compensation (不低于90%)', '十一', 0.9),
  rate('jingjiang.loss_ratio_floor', "a year's claims below this share of premium are flagged for the next year's plan", '十一', 0.8),
  {
    key: 'jingjiang.loss_ratio_ceiling',
    unit: 'factor',
    description: "a year's claims reaching this multiple of premium are flagged (达到年度保费的110%以上)",
    source: `${DOC} 十一`,
    defaults: [{ ...IN_FORCE, value: 1.1 }],
  },
  // 二十二, 二十三: filing with the insurer
  { key: 'jingjiang.filing_hours', unit: 'count', description: 'hours after admission within which the institution files with the insurer', source: `${DOC} 二十二`, defaults: [{ ...IN_FORCE, value: 48 }] },
  { key: 'jingjiang.filing_hours_referral', unit: 'count', description: 'hours after admission within which a referred stay is filed', source: `${DOC} 二十三`, defaults: [{ ...IN_FORCE, value: 72 }] },
];

/** Every parameter key of the pack, typed: rules and code name parameters through this union, never by template strings. */
export const JINGJIANG_PARAMETER_KEYS = [
  'jingjiang.policy_in_force',
  'jingjiang.ratio.primary.resident',
  'jingjiang.ratio.primary.employee',
  'jingjiang.ratio.city.resident',
  'jingjiang.ratio.city.employee',
  'jingjiang.ratio.non_designated_referral',
  'jingjiang.base_includes_class_c',
  'jingjiang.premium_per_person',
  'jingjiang.premium_city_share',
  'jingjiang.min_compensation_share',
  'jingjiang.loss_ratio_floor',
  'jingjiang.loss_ratio_ceiling',
  'jingjiang.filing_hours',
  'jingjiang.filing_hours_referral',
] as const;
export type JingjiangParameterKey = (typeof JINGJIANG_PARAMETER_KEYS)[number];
