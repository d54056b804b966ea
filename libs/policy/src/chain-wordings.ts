/**
 * The wordings of the one-bill chain's own lines (chain.ts, catalogue.ts), the same in every
 * region. Their text is what stored events render to: never edit one, add a new id (wording.ts).
 */
import { formatYuan } from '@benefit/shared';
import { wording } from './wording';

export const ONE_BILL = '一单制 settlement order (DOMAIN.md)';

/** Used where a pack names no citation of its own for the personal account (DOMAIN.md step 7). */
export const GENERIC_ACCOUNT_CITATION = 'DOMAIN.md settlement order step 7: the personal account pays what the person owes, as far as its balance goes';

export const CATALOGUE_CITATION = 'shared/API.md 医保目录 (catalogue): items classed by code on the service date; unlisted codes are class C';

export const CHAIN_WORDS = {
  priorPayment: wording('prior_payment', (_, payer: string) => ({ citation: ONE_BILL, detail: `settled upstream and carried in priorPayments.${payer}` }), ['basic_pooling']),
  priorAssistance: wording('prior_payment.medical_assistance', () => ({ citation: ONE_BILL, detail: 'civil-affairs assistance already paid, carried in priorPayments.medical_assistance' }), []),
  priorRemainder: wording('prior_payment.remainder', () => ({ citation: ONE_BILL, detail: 'policy-scope amount left after the prior payments' }), []),
  classC: wording('out_of_policy_scope', (_, classC: number) => ({ citation: 'DOMAIN.md conventions: class C (丙/目录外) is outside policy scope', detail: `${formatYuan(classC)} of class C items: no fund pays them` }), [4483]),
  accountResident: wording('personal_account.resident', (ctx) => ({ citation: ctx.accountCitation ?? GENERIC_ACCOUNT_CITATION, detail: 'resident insurance has no personal account' }), []),
  accountNotDesignated: wording('personal_account.not_designated', (ctx) => ({ citation: ctx.accountCitation ?? GENERIC_ACCOUNT_CITATION, detail: 'not a designated institution: the account cannot pay' }), []),
  accountPays: wording(
    'personal_account.pays',
    (ctx, amount: number, owed: number, balance: number) => ({
      citation: ctx.accountCitation ?? GENERIC_ACCOUNT_CITATION,
      detail: `pays ${formatYuan(amount)} of the ${formatYuan(owed)} the person owes; balance before ${formatYuan(balance)} (the rest is cash)`,
    }),
    [8620, 8620, 284365],
  ),
  unlistedCode: wording(
    'catalogue.unlisted_code',
    (_, code: string, serviceDate: string, amountFen: number) => ({
      citation: CATALOGUE_CITATION,
      detail: `item ${code} is not in the catalogue on ${serviceDate}: class C (目录外), out of policy scope; its ${amountFen} fen are settled as class C`,
    }),
    ['C-NUTRI-01', '2023-03-03', 4483],
  ),
};
