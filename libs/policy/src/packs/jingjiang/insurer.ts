/** The insurer contract's arithmetic: premium (十), loss ratio (十一), filing windows (二十二, 二十三). */
import { IsoDate, Month, applyRate, firstDayOf, invalid } from '@benefit/shared';
import { Beneficiary } from '../../claim';
import { AnnualPremium, ClaimFlag, ClaimFlagInput, LossRatio, LossRatioReport } from '../../pack';
import { ParameterBook } from '../../parameters';
import { eligibleAs } from './eligibility';
import { DOC, IN_FORCE } from './parameters';

export type { LossRatio };

export interface Premium {
  persons: number;
  totalFen: number;
  cityFen: number;
  townFen: number;
  citation: string;
}

/** 十: 400 yuan per person and year, 60% city finance, 40% town finance (the town takes the rounding rest). */
export function premiumFor(persons: number, date: IsoDate, params: ParameterBook): Premium {
  if (!Number.isSafeInteger(persons) || persons < 0) throw invalid([{ field: 'persons', message: 'must be a non-negative whole number' }]);
  const totalFen = persons * params.fen('jingjiang.premium_per_person', date);
  const cityFen = applyRate(totalFen, params.rate('jingjiang.premium_city_share', date));
  return { persons, totalFen, cityFen, townFen: totalFen - cityFen, citation: `${DOC} 十` };
}

/**
 * 十一, in exact integer arithmetic: 不低于90%的保险费用用于参保对象的费用补偿 (meetsMinimumCompensation);
 * 未达到年度保费的80% (belowFloor) or 达到年度保费的110%以上 (aboveCeiling) flag the next year's plan.
 */
export function lossRatio(compensationFen: number, premiumFen: number, date: IsoDate, params: ParameterBook): LossRatio {
  if (!Number.isSafeInteger(premiumFen) || premiumFen <= 0) throw invalid([{ field: 'premiumFen', message: 'must be a positive integer number of fen' }]);
  if (!Number.isSafeInteger(compensationFen) || compensationFen < 0) throw invalid([{ field: 'compensationFen', message: 'must be a non-negative integer number of fen' }]);
  const c = BigInt(compensationFen) * 10_000n;
  const p = BigInt(premiumFen);
  const bp = (key: string) => BigInt(params.rate(key, date));
  return {
    premiumFen,
    compensationFen,
    ratioBp: Number((2n * c + p) / (2n * p)),
    meetsMinimumCompensation: c >= p * bp('jingjiang.min_compensation_share'),
    belowFloor: c < p * bp('jingjiang.loss_ratio_floor'),
    aboveCeiling: c >= p * bp('jingjiang.loss_ratio_ceiling'),
    citation: `${DOC} 十一`,
  };
}

export interface FilingCheck {
  windowHours: number;
  deadline: string;
  withinWindow: boolean;
  citation: string;
}

/**
 * 二十二: filed within 48 hours of admission; 二十三: 72 hours for referrals. `admittedAt` is a
 * timestamp, or a date — Choice: a date alone counts from the end of that day (China time), the
 * latest the admission can have been, so a missing admission time never costs the person.
 */
export function filingCheck(admittedAt: string, filedAt: string, referral: boolean, params: ParameterBook): FilingCheck {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(admittedAt);
  const admission = dateOnly ? Date.parse(`${admittedAt}T24:00:00+08:00`) : Date.parse(admittedAt);
  const filed = Date.parse(filedAt);
  if (Number.isNaN(admission)) throw invalid([{ field: 'admittedAt', message: 'must be a date YYYY-MM-DD or an ISO timestamp' }]);
  if (Number.isNaN(filed)) throw invalid([{ field: 'filedAt', message: 'must be an ISO timestamp' }]);
  const day = admittedAt.slice(0, 10);
  // 二十一(一): outside the insurance period there is no insurer to file with, so no filing can be late
  if (!params.flag('jingjiang.policy_in_force', day)) return { windowHours: 0, deadline: new Date(filed).toISOString(), withinWindow: true, citation: `${DOC} 二十一(一)` };
  const windowHours = params.count(referral ? 'jingjiang.filing_hours_referral' : 'jingjiang.filing_hours', day);
  const deadlineMs = admission + windowHours * 3_600_000;
  return {
    windowHours,
    deadline: new Date(deadlineMs).toISOString(),
    withinWindow: filed <= deadlineMs,
    citation: `${DOC} ${referral ? '二十三' : '二十二'}`,
  };
}

/** 二十二, 二十三: an inpatient stay filed after its window is flagged `late_filing`; the shares are unchanged. */
export function lateFiling({ claim, filedAt, params }: ClaimFlagInput): ClaimFlag[] {
  if (claim.visitType !== 'inpatient' || !filedAt) return [];
  const check = filingCheck(claim.serviceDate, filedAt, claim.referral, params);
  if (check.withinWindow) return [];
  return [{ code: 'late_filing', citation: check.citation, detail: `filed ${filedAt}, after the ${check.windowHours} h window that ended ${check.deadline}` }];
}

/** 二十六: in force from 2019-01-01; after that, while an insurer contract covers the date (九, 二十一(一)). */
function policyInForce(params: ParameterBook, date: IsoDate): boolean {
  if (date < IN_FORCE.from) return false;
  return params.resolve('jingjiang.policy_in_force', date).value === true;
}

/** 五, 十: the premium of a 救助对象 is due once for the policy year, while the policy is in force. */
export function annualPremium(person: Beneficiary, month: Month, params: ParameterBook): AnnualPremium | null {
  const date = firstDayOf(month);
  if (eligibleAs(person) === null || !policyInForce(params, date)) return null;
  const premium = premiumFor(1, date, params);
  return { amountFen: premium.totalFen, cityFen: premium.cityFen, townFen: premium.townFen, citation: premium.citation };
}

/** 十一: the insurer's year, from the first policy year (二十六: 2019-01-01). */
export const lossRatioReport: LossRatioReport = {
  payer: 'poverty_insurance',
  firstYear: Number(IN_FORCE.from.slice(0, 4)),
  startsOn: IN_FORCE.from,
  compute: lossRatio,
};
