/** 按床日结算 (一): inpatient care of severe mental disorder patients is paid to hospitals per bed-day. */
import { IsoDate, daysBetween, formatYuan, invalid } from '@benefit/shared';
import { Beneficiary, Claim, MAX_STAY_DAYS } from '../../claim';
import { BedDayPayment } from '../../pack';
import { ParameterBook } from '../../parameters';
import { holds } from '../../statuses';
import { DOC } from './parameters';

/**
 * Bed days and amount of one stay. Choice: the admission day counts and the discharge day does
 * not (算入不算出), a same-day stay is one bed day; the per-diem in force on the admission date applies.
 * A month's settlement pays the bed days that fall in that month (`daysByMonth`, ledger projection).
 */
export function bedDayPayment(stay: { serviceDate: IsoDate; dischargeDate: IsoDate | null }, params: ParameterBook): BedDayPayment {
  if (!stay.dischargeDate || stay.dischargeDate < stay.serviceDate) {
    throw invalid([{ field: 'dischargeDate', message: 'a per-bed-day payment needs a discharge date on or after the admission date' }]);
  }
  const nights = daysBetween(stay.serviceDate, stay.dischargeDate);
  if (nights > MAX_STAY_DAYS) throw invalid([{ field: 'dischargeDate', message: `a stay paid by bed-day lasts at most ${MAX_STAY_DAYS} days` }]);
  const bedDays = Math.max(1, nights);
  const resolved = params.resolve('shanting.inpatient_per_diem', stay.serviceDate);
  const perDiemFen = resolved.value as number;
  return {
    bedDays,
    perDiemFen,
    amountFen: bedDays * perDiemFen,
    illustrative: resolved.illustrative,
    rule: 'shanting.bed_day_payment',
    citation: `${DOC} 一${resolved.illustrative ? '; per-diem illustrative' : ''}`,
    detail: `${bedDays} bed day(s) from ${stay.serviceDate} to ${stay.dischargeDate} × ${formatYuan(perDiemFen)}`,
  };
}

/** The pack hook: stays of registered patients (severe_mental_disorder) that have a discharge date. */
export function registeredPatientBedDays(claim: Claim, person: Beneficiary, params: ParameterBook): BedDayPayment | null {
  if (claim.visitType !== 'inpatient' || !claim.dischargeDate || !holds(person, 'severe_mental_disorder')) return null;
  return bedDayPayment(claim, params);
}
