/** 个人账户按月计入: monthly personal-account credits of 南府办发〔2022〕33号 art. 13–14. */
import { Month, applyRate, firstDayOf, formatYuan } from '@benefit/shared';
import { AccountCredit, PersonInMonth } from '../../pack';
import { ParameterBook } from '../../parameters';

const DOC = '南府办发〔2022〕33号';

export function monthlyAccountCredit(person: PersonInMonth, month: Month, params: ParameterBook): AccountCredit | null {
  if (person.scheme !== 'employee' || person.employment === null) return null;
  const date = firstDayOf(month);
  if (person.employment === 'retired') {
    // 退休: 2.8% of the 2022 city average basic pension, from the month retired benefits start (art. 13, 14)
    const base = params.fen('nanchong.retired_pension_base', date);
    const rateBp = params.rate('nanchong.account.retired_rate', date);
    const amount = applyRate(base, rateBp);
    return { amountFen: amount, basisFen: base, rateBp, rule: 'nanchong.personal_account.retired_credit', citation: `${DOC} art. 13, 14`, detail: `${formatYuan(base)} average pension × ${rateBp / 100}%` };
  }
  // 在职: 2% of the person's own contribution base in force that month (art. 13)
  const base = person.monthlyContributionBaseFen ?? 0;
  const rateBp = params.rate('nanchong.account.in_service_rate', date);
  const amount = applyRate(base, rateBp);
  return { amountFen: amount, basisFen: base, rateBp, rule: 'nanchong.personal_account.in_service_credit', citation: `${DOC} art. 13`, detail: `${formatYuan(base)} contribution base × ${rateBp / 100}%` };
}
