/** Who gets Yancheng medical assistance, at which ratio, and the yearly figures it is measured by. */
import { IsoDate, ReliefStatus, applyRate, refused } from '@benefit/shared';
import { Beneficiary, Claim } from '../../claim';
import { ParameterBook } from '../../parameters';
import { statusesOf } from '../../statuses';
import { DOC, YanchengParameterKey } from './parameters';

/** 六: the ratio's parameter of each group. */
const RATIO_KEYS: Record<'full' | 'high' | 'standard', YanchengParameterKey> = {
  full: 'yancheng.assistance.ratio.full',
  high: 'yancheng.assistance.ratio.high',
  standard: 'yancheng.assistance.ratio.standard',
};

/** 救助对象 (二) by ratio group (六). */
export const ASSISTANCE_GROUPS: Record<'full' | 'high' | 'standard', readonly ReliefStatus[]> = {
  full: ['extremely_poor', 'orphan', 'de_facto_unsupported_child'],
  high: ['minimum_living', 'entitled_veteran', 'downsized_1960s_worker', 'union_hardship_worker', 'child_in_distress'],
  standard: ['low_income_marginal', 'expenditure_hardship_major_illness', 'temporary_relief_major_illness', 'severe_disability_subsidy'],
};
export const ASSISTANCE_STATUSES: readonly ReliefStatus[] = Object.values(ASSISTANCE_GROUPS).flat();

export interface HeldStatus {
  status: ReliefStatus;
  rateBp: number;
  /** Every assistance status the person holds for the claim (only the highest counts). */
  held: ReliefStatus[];
}

/** The highest ratio among the person's statuses, counted once (八: 就高原则…不得重复享受); null: not a 救助对象. */
export function assistanceStatus(person: Beneficiary, params: ParameterBook, date: IsoDate): HeldStatus | null {
  const held = [...new Set(statusesOf(person).map((s) => s.status))].filter((s) => ASSISTANCE_STATUSES.includes(s));
  let best: HeldStatus | null = null;
  for (const [group, statuses] of Object.entries(ASSISTANCE_GROUPS)) {
    const status = statuses.find((s) => held.includes(s));
    if (!status) continue;
    const rateBp = params.rate(RATIO_KEYS[group as keyof typeof RATIO_KEYS], date);
    if (!best || rateBp > best.rateBp) best = { status, rateBp, held };
  }
  return best;
}

/**
 * 上年度城乡居民人均可支配收入: the figure must be recorded for the claim's own year (an effective
 * date in that year), so a stale figure from an earlier year is never used silently.
 */
export function perCapitaIncome(params: ParameterBook, date: IsoDate): number {
  const key = 'yancheng.per_capita_disposable_income';
  const resolved = params.resolve(key, date);
  const year = date.slice(0, 4);
  if (resolved.effectiveFrom.slice(0, 4) !== year) {
    throw refused(
      'parameter-missing',
      `parameter ${key} has no value recorded for ${year} (the one in force is from ${resolved.effectiveFrom}); record the ${Number(year) - 1} figure with PUT /v1/parameters/${key} effective ${year}-01-01 (source: ${DOC} 六)`,
    );
  }
  return resolved.value as number;
}

export type LimitKind = 'general' | 'shared';

/**
 * 普通门诊 1万元; 门诊慢性病、门诊特殊病和住院共用限额 (六). Choice: emergency and two-diseases
 * (两病) outpatient visits are general outpatient care under this clause.
 */
export const limitKindOf = (claim: Claim): LimitKind => (claim.visitType === 'inpatient' || claim.visitType === 'chronic_special_outpatient' ? 'shared' : 'general');

export const LIMIT_COUNTER = { general: 'assistance_general_outpatient_base', shared: 'assistance_shared_base' } as const;

export function assistanceLimits(params: ParameterBook, date: IsoDate) {
  return {
    assistance_general_outpatient_base: params.fen('yancheng.assistance.general_outpatient_limit', date),
    assistance_shared_base: applyRate(perCapitaIncome(params, date), params.rate('yancheng.assistance.shared_limit_factor', date)),
    tilted_assistance_base: params.fen('yancheng.tilted.limit', date),
    tilt_self_pay: null,
  };
}

const isEmergency = (claim: Claim) => claim.visitType === 'emergency' || (claim.circumstances ?? []).includes('emergency');
const outsideCity = (claim: Claim) => claim.location === 'in_province' || claim.location === 'out_of_province';

/** 十五: care outside the insured city without referral or filing gets no assistance, emergencies excepted. */
export const outsideCityWithoutReferral = (claim: Claim): boolean => outsideCity(claim) && !claim.referral && !isEmergency(claim);

/**
 * 七: tilted assistance needs 规范转诊 and a designated institution inside the province.
 * Choice (DOMAIN.md §2): care inside the insured city counts as regulated referral.
 */
export const tiltLocationOk = (claim: Claim): boolean =>
  claim.location === 'in_county' || claim.location === 'in_city' || (claim.location === 'in_province' && claim.referral);
