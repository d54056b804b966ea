/**
 * The national platform's fund codes (基金支付类型, `fund_pay_type` of 2207's `setldetail`) per
 * region and payer, as dated parameters (`<region>.fund_pay_type.<payer>`): a region whose
 * platform numbers a fund differently records its own code from a date, as any parameter.
 *
 * The defaults are the national codes where the national table has the fund. Four of this
 * engine's payers have none there (精准医疗救助保险, 残联服药救助, 财政托底, 医院承担): their
 * defaults are placeholders, marked illustrative, until the region records its code. Basic
 * pooling has one code per scheme (职工 310100, 居民 390100).
 *
 * Held as whole numbers of unit `count` (six digits): the codes are numerals and the parameter
 * book has no text unit.
 */
import { EARLIEST_DATE, PAYERS, Payer, RegionCode, Scheme } from '@benefit/shared';
import { ParameterDefinition } from './parameters';

const NATIONAL = 'shared/API.md National platform messages: the national fund_pay_type table (国家医疗保障信息平台 基金支付类型)';
const PLACEHOLDER = 'shared/API.md National platform messages: no national fund_pay_type; placeholder until the region records its code';

/** Payers the national settlement lists in `setldetail` (the person's account and cash are `acct_pay` / `psn_cash_pay`). */
export type FundPayTypePayer = Exclude<Payer, 'personal_account' | 'self_pay'>;
export const FUND_PAY_TYPE_PAYERS: readonly FundPayTypePayer[] = PAYERS.filter((p): p is FundPayTypePayer => p !== 'personal_account' && p !== 'self_pay');

const DEFAULTS: Record<Exclude<FundPayTypePayer, 'basic_pooling'> | 'basic_pooling.employee' | 'basic_pooling.resident', { code: number; national: boolean }> = {
  'basic_pooling.employee': { code: 310100, national: true },
  'basic_pooling.resident': { code: 390100, national: true },
  civil_servant_subsidy: { code: 320100, national: true },
  large_amount_subsidy: { code: 330100, national: true },
  critical_illness: { code: 390200, national: true },
  medical_assistance: { code: 610100, national: true },
  poverty_insurance: { code: 620100, national: false },
  disability_relief: { code: 630100, national: false },
  fiscal_backstop: { code: 640100, national: false },
  hospital_borne: { code: 999996, national: false },
};

/** The parameter key of a payer's code in a region (basic pooling: per scheme). */
export const fundPayTypeKey = (region: RegionCode, payer: FundPayTypePayer, scheme: Scheme): string =>
  `${region}.fund_pay_type.${payer === 'basic_pooling' ? `basic_pooling.${scheme}` : payer}`;

const sixDigits = (value: number | string | boolean) => (typeof value === 'number' && value >= 100000 && value <= 999999 ? null : 'must be a six-digit fund_pay_type code (100000-999999)');

/** The fund_pay_type declarations of these regions (registry.ts adds them to every parameter). */
export const fundPayTypeParameters = (regions: readonly RegionCode[]): ParameterDefinition[] =>
  regions.flatMap((region) =>
    Object.entries(DEFAULTS).map(([suffix, { code, national }]): ParameterDefinition => ({
      key: `${region}.fund_pay_type.${suffix}`,
      unit: 'count',
      description: `the national platform's fund_pay_type code of ${suffix.replace('.', ' (')}${suffix.includes('.') ? ')' : ''} in ${region}`,
      source: national ? NATIONAL : PLACEHOLDER,
      ...(national ? {} : { illustrative: true }),
      defaults: [{ from: EARLIEST_DATE, value: code }],
      validate: sixDigits,
    })),
  );
