/**
 * What the national platform's messages send, read and checked field by field: required fields,
 * yuan amounts (exact, never rounded), days, where an institution is, what was paid upstream; and
 * the 3201 answer from our totals. Pure: the service reads and decides.
 */
import { dayOf } from '@benefit/domain';
import { IsoDate, Location, invalid, todayInChina } from '@benefit/shared';
import { HispDataDto, PriorSetlDto } from './envelope';
import { fenOfYuan, yuanOfFen } from './yuan';
import { totals } from '../reconciliation/reconcile';

/** A reconciliation covers at most a year of days, as on /v1. */
export const MAX_DAYS = 366;

export const need = <T>(value: T | undefined | null, field: string): T => {
  if (value === undefined || value === null || value === '') throw invalid([{ field: `input.data.${field}`, message: 'is required for this message' }]);
  return value;
};

export const fen = (value: unknown, field: string): number => {
  const r = fenOfYuan(value);
  if ('problem' in r) throw invalid([{ field, message: r.problem }]);
  return r.fen;
};

export const dayIn = (time: string, field: string): IsoDate => {
  const day = dayOf(time);
  if (!day) throw invalid([{ field, message: 'must be a time yyyy-MM-dd HH:mm:ss (or a date yyyy-MM-dd)' }]);
  if (day > todayInChina()) throw invalid([{ field, message: `must not be after today (${todayInChina()}, China time)` }]);
  return day;
};

/** Where the institution is, seen from the insured county (DOMAIN.md conventions): the county, then its city (4 digits), then its province (2). */
export function locationOf(personCounty: string, institutionCounty: string): Location {
  if (personCounty === institutionCounty) return 'in_county';
  if (personCounty.slice(0, 4) === institutionCounty.slice(0, 4)) return 'in_city';
  if (personCounty.slice(0, 2) === institutionCounty.slice(0, 2)) return 'in_province';
  return 'out_of_province';
}

export const PRIOR: [keyof PriorSetlDto, 'basic_pooling' | 'critical_illness' | 'large_amount_subsidy' | 'civil_servant_subsidy' | 'medical_assistance'][] = [
  ['hifp_pay', 'basic_pooling'],
  ['hifmi_pay', 'critical_illness'],
  ['hifob_pay', 'large_amount_subsidy'],
  ['cvlserv_pay', 'civil_servant_subsidy'],
  ['maf_pay', 'medical_assistance'],
];

/** 3201 对总账: our totals of the days (t) against the hospital's figures; "1" names each figure that differs. */
export function reconciliationAnswer(data: HispDataDto, t: ReturnType<typeof totals>, from: IsoDate, to: IsoDate) {
    const theirs = {
      medfee_sumamt: fen(need(data.medfee_sumamt, 'medfee_sumamt'), 'input.data.medfee_sumamt'),
      fund_pay_sumamt: fen(need(data.fund_pay_sumamt, 'fund_pay_sumamt'), 'input.data.fund_pay_sumamt'),
      acct_pay: fen(need(data.acct_pay, 'acct_pay'), 'input.data.acct_pay'),
      fixmedins_setl_cnt: need(data.fixmedins_setl_cnt, 'fixmedins_setl_cnt'),
    };
    const s = t.shares;
    // the fund part as setlinfo's fund_pay_sumamt: neither the person's account and cash nor the hospital's part
    const ours = {
      medfee_sumamt: t.totalFen,
      fund_pay_sumamt: t.totalFen - s.personal_account - s.self_pay - s.hospital_borne,
      acct_pay: s.personal_account,
      fixmedins_setl_cnt: t.claims - t.cancelled,
    };
    const differs = (Object.keys(ours) as (keyof typeof ours)[]).filter((k) => ours[k] !== theirs[k]);
    const show = (k: keyof typeof ours, v: number) => (k === 'fixmedins_setl_cnt' ? String(v) : yuanOfFen(v).toFixed(2));
    return {
      result: {
        stmt_rslt: differs.length ? '1' : '0',
        stmt_rslt_dscr: differs.length ? differs.map((k) => `${k}: ours ${show(k, ours[k])}, theirs ${show(k, theirs[k])}`).join('; ') : `agrees: ${ours.fixmedins_setl_cnt} settlements, ${show('medfee_sumamt', ours.medfee_sumamt)} yuan, ${from} to ${to}`,
        medfee_sumamt: yuanOfFen(ours.medfee_sumamt),
        fund_pay_sumamt: yuanOfFen(ours.fund_pay_sumamt),
        acct_pay: yuanOfFen(ours.acct_pay),
        fixmedins_setl_cnt: ours.fixmedins_setl_cnt,
      },
    };
  }
