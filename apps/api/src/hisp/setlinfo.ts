/**
 * `setlinfo` and `setldetail` (2206/2207, 2303/2304; negated for 2208/2305) from the same
 * adjudication as the ClaimView: one mapping, so the national answer and `GET /v1/claims/{id}`
 * can never tell two stories. Pure; the amounts leave as yuan (yuanOfFen), built from fen.
 *
 * | setlinfo | from the adjudication |
 * |---|---|
 * | medfee_sumamt | totalFen |
 * | inscp_scp_amt | policyScopeFen (classes A and B, 政策范围内) |
 * | fulamt_ownpay_amt | class C (全自费): totalFen − policyScopeFen |
 * | act_pay_dedc | the deductible this claim consumed (counter `outpatient_pooling_deductible`) |
 * | hifp_pay, hifmi_pay, hifob_pay, cvlserv_pay, maf_pay | basic_pooling, critical_illness, large_amount_subsidy, civil_servant_subsidy, medical_assistance |
 * | oth_pay | disability_relief + fiscal_backstop + poverty_insurance (no national field of their own) |
 * | fund_pay_sumamt | the seven above |
 * | acct_pay, psn_cash_pay, psn_part_amt | personal_account, self_pay, and their sum |
 * | hosp_part_amt | hospital_borne |
 * | balc | the personal account's balance after the claim |
 *
 * So medfee_sumamt = fund_pay_sumamt + psn_part_amt + hosp_part_amt, to the fen (conservation).
 */
import { FUND_PAY_TYPE_PAYERS, FundPayTypePayer } from '@benefit/policy';
import { Payer, sumFen } from '@benefit/shared';
import { yuanOfFen } from './yuan';

/** What the mapping reads of a ClaimView (a recorded claim, a preview, or a cancelled claim's reversed shares). */
export interface SettledView {
  claimId: string;
  personId: string;
  totalFen: number;
  policyScopeFen: number;
  shares: Record<Payer, number>;
  explanation: { payer: Payer; amountFen: number; rule: string; citation: string; detail?: string }[];
}

export interface SetlFacts {
  /** The deductible the adjudication consumed (its counter delta), 0 when none. */
  deductibleFen: number;
  /** The personal-account balance after the claim; null for a person without an account (resident scheme). */
  balanceAfterFen: number | null;
  /** The region's fund_pay_type code of each payer on the service date (dated parameters). */
  fundPayType: (payer: FundPayTypePayer) => string;
}

/** setlinfo in fen, before it leaves as yuan: what the property test adds up. */
export function setlinfoFen(view: SettledView, facts: Pick<SetlFacts, 'deductibleFen'>) {
  const s = view.shares;
  const oth = s.disability_relief + s.fiscal_backstop + s.poverty_insurance;
  const fund = sumFen([s.basic_pooling, s.critical_illness, s.large_amount_subsidy, s.civil_servant_subsidy, s.medical_assistance, oth]);
  return {
    medfee_sumamt: view.totalFen,
    fulamt_ownpay_amt: view.totalFen - view.policyScopeFen,
    inscp_scp_amt: view.policyScopeFen,
    act_pay_dedc: facts.deductibleFen,
    hifp_pay: s.basic_pooling,
    hifmi_pay: s.critical_illness,
    hifob_pay: s.large_amount_subsidy,
    cvlserv_pay: s.civil_servant_subsidy,
    maf_pay: s.medical_assistance,
    oth_pay: oth,
    fund_pay_sumamt: fund,
    psn_part_amt: s.personal_account + s.self_pay,
    acct_pay: s.personal_account,
    psn_cash_pay: s.self_pay,
    hosp_part_amt: s.hospital_borne,
  };
}

/** One explanation line as the platform's process text: the rule, its arithmetic, its citation. */
const procLine = (l: SettledView['explanation'][number]) => `${l.rule}: ${yuanOfFen(l.amountFen).toFixed(2)}${l.detail ? ` (${l.detail})` : ''} [${l.citation}]`;

/**
 * The answer of a settlement message. `sign` -1 gives the cancellation's answer (2208/2305): every
 * amount negated, as the platform shows a 冲销 (reversal); the balance is the one after the refund.
 */
export function settlementOutput(view: SettledView, facts: SetlFacts, sign: 1 | -1 = 1) {
  const fen = setlinfoFen(view, facts);
  const amounts = Object.fromEntries(Object.entries(fen).map(([k, v]) => [k, yuanOfFen(sign * v)])) as Record<keyof typeof fen, number>;
  const setlinfo = {
    setl_id: view.claimId,
    mdtrt_id: view.claimId,
    psn_no: view.personId,
    ...amounts,
    balc: facts.balanceAfterFen === null ? 0 : yuanOfFen(facts.balanceAfterFen),
  };
  // one row per fund with money; the person's account and cash are acct_pay and psn_cash_pay
  const setldetail = FUND_PAY_TYPE_PAYERS.filter((p) => view.shares[p] !== 0).map((payer) => ({
    fund_pay_type: facts.fundPayType(payer),
    fund_payamt: yuanOfFen(sign * view.shares[payer]),
    setl_proc_info: view.explanation
      .filter((l) => l.payer === payer)
      .map(procLine)
      .join('; '),
  }));
  return { setlinfo, setldetail };
}
