/**
 * The wordings of Nanchong's explanation lines (../../wording.ts). Stored claims hold a wording's
 * id and arguments, never its text: once released, a wording's text never changes — new words
 * take a new id.
 */
import { formatYuan } from '@benefit/shared';
import { wording } from '../../wording';

const DOC = '南府办发〔2022〕33号';

/** `source`: the illustrative rate's source, or '' when the rate is the seed's own. */
const flatRateCitation = (article: string, source: string): string => (source ? `${DOC} ${article}; rate illustrative (${source})` : `${DOC} ${article}`);

export const NANCHONG_WORDS = {
  // art. 8, 9: 两病 and 门诊特殊疾病 at a flat rate
  flatRate: wording(
    'nanchong.flat_rate',
    (_, article: string, source: string, scopeFen: number, rateBp: number) => ({ citation: flatRateCitation(article, source), detail: `${formatYuan(scopeFen)} × ${rateBp / 100}%` }),
    ['art. 8, 10', 'illustrative default', 50000, 7000],
  ),
  // art. 25
  flatRateNonDesignated: wording(
    'nanchong.flat_rate.non_designated',
    (_, article: string, source: string) => ({ citation: flatRateCitation(article, source), detail: 'non-designated institution: the fund pays nothing (art. 25)' }),
    ['art. 9, 10', ''],
  ),
  // art. 10
  flatRateRemainder: wording('nanchong.flat_rate.remainder', () => ({ citation: `${DOC} art. 10`, detail: 'left to the person; never enters general outpatient pooling' }), []),
  // art. 25
  poolingNonDesignated: wording('nanchong.outpatient_pooling.non_designated', () => ({ citation: `${DOC} art. 25`, detail: 'non-designated institution: the fund pays nothing' }), []),
  // art. 7(1), 7(2)
  poolingReimbursement: wording(
    'nanchong.outpatient_pooling.reimbursement',
    (_, article: string, scopeFen: number, deductibleFen: number, rateBp: number, level: string, reimbursableFen: number, capLeftFen: number) => ({
      citation: `${DOC} ${article}`,
      detail: `(${formatYuan(scopeFen)} policy scope − ${formatYuan(deductibleFen)} deductible) × ${rateBp / 100}% at ${level} = ${formatYuan(reimbursableFen)}; cap left ${formatYuan(capLeftFen)}`,
    }),
    ['art. 7(1)', 10342, 0, 6000, 'tier2', 6205, 99006],
  ),
  poolingDeductible: wording(
    'nanchong.outpatient_pooling.deductible',
    (_, article: string, deductibleFen: number, leftFen: number) => ({ citation: `${DOC} ${article}`, detail: `annual deductible ${formatYuan(deductibleFen)}, ${formatYuan(leftFen)} was left` }),
    ['art. 7(1)', 20000, 12000],
  ),
  poolingCoPay: wording(
    'nanchong.outpatient_pooling.co_pay',
    (_, article: string, rateBp: number, level: string) => ({ citation: `${DOC} ${article}`, detail: `the ${100 - rateBp / 100}% the fund does not pay at ${level}` }),
    ['art. 7(2)', 5000, 'tier3'],
  ),
  // art. 12: not carried over
  poolingCap: wording(
    'nanchong.outpatient_pooling.cap',
    (_, article: string, capFen: number) => ({ citation: `${DOC} ${article}`, detail: `annual cap ${formatYuan(capFen)} reached (art. 12: not carried over)` }),
    ['art. 7(1)', 100000],
  ),
  // art. 26: 异地就医 without a filing or a referral
  unfiledOutOfArea: wording(
    'nanchong.out_of_area.unfiled',
    (_, location: string, serviceDate: string) => ({ citation: `${DOC} art. 26`, detail: `care ${location} without an out-of-area filing valid on ${serviceDate} or a referral: pooling pays nothing` }),
    ['out_of_province', '2023-05-04'],
  ),
};
