/**
 * The wordings of the Shanting pack's explanation and burden lines (insurance.ts, backstop.ts).
 * Their text is what stored events render to: never edit one once released, add a new id
 * (wording.ts). Bed-day payments and guardianship rewards are other events and keep their text.
 */
import { formatYuan } from '@benefit/shared';
import { wording } from '../../wording';
import { DOC } from './parameters';

/** Step 1 without priorPayments: the seed gives no Shanting pooling rates. */
const NOTE = 'illustrative: the seeds give no Shanting basic-insurance rates';

export const SHANTING_WORDS = {
  // insurance.ts: step 1 without priorPayments, illustrative; 一 for class B psychiatric drugs
  basicNonDesignated: wording('shanting.basic.non_designated', () => ({ citation: NOTE, detail: 'non-designated institution: the fund pays nothing (Choice)' }), []),
  basicNonDesignatedBurden: wording('shanting.basic.non_designated.burden', () => ({ citation: NOTE, detail: 'non-designated institution: the fund pays nothing' }), []),
  basicPooling: wording(
    'shanting.basic.pooling',
    (_, otherFen: number, rateBp: number, psychiatricFen: number, copayBp: number) => ({
      citation: psychiatricFen ? `${NOTE}; ${DOC} 一` : NOTE,
      detail: `${formatYuan(otherFen)} × ${rateBp / 100}%${psychiatricFen ? ` + ${formatYuan(psychiatricFen)} class B psychiatric drugs less a ${copayBp / 100}% co-pay` : ''}`,
    }),
    [56780, 7000, 32400, 1000],
  ),
  basicCoPay: wording('shanting.basic.co_pay', (_, rateBp: number) => ({ citation: NOTE, detail: `the ${100 - rateBp / 100}% the fund does not pay` }), [7000]),
  classBPsychiatricCoPay: wording('shanting.basic.class_b_psychiatric_co_pay', () => ({ citation: `${DOC} 一`, detail: `co-pay on class B psychiatric drugs, at most 10%` }), []),

  // backstop.ts: 二 医保报销、民政救助、财政兜底
  backstopNotYet: wording(
    'shanting.fiscal_backstop.not_yet',
    (_, allFrom: string, minRiskLevel: number) => ({ citation: `${DOC} 二`, detail: `before ${allFrom} only registered poor households and risk level ≥ ${minRiskLevel} are treated free` }),
    ['2020-01-01', 3],
  ),
  backstopNonDesignated: wording('shanting.fiscal_backstop.non_designated', () => ({ citation: `${DOC} 二`, detail: 'not a designated institution: no backstop (Choice)' }), []),
  backstop: wording(
    'shanting.fiscal_backstop',
    (_, restFen: number) => ({
      citation: `${DOC} 二`,
      detail: `registered patient: ${formatYuan(restFen)} of policy-scope cost left after insurance and assistance; class C stays with the person (规定范围内)`,
    }),
    [20118],
  ),
};
