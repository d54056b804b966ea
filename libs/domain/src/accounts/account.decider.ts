/**
 * Personal account (个人账户): monthly credits and payments, each under the region pack's rules
 * (its monthly credit, e.g. 南府办发〔2022〕33号 art. 13; its account use, e.g. art. 18–20).
 */
import { AccountPurpose, IsoDate, Month, Relation, conflict, lastDayOf, refused } from '@benefit/shared';
import { ParameterBook, packFor, policyVersionOf } from '@benefit/policy';
import { PersonEvent } from '../person/person.events';
import { PersonState, contributionBaseIn, employmentIn } from '../person/person.state';
import { requireRegistered } from '../person/enrollment.decider';

export type CreditMonth = { type: 'CreditMonth'; data: { personId: string; month: Month } };
export type PayFromAccount = {
  type: 'PayFromAccount';
  data: { personId: string; beneficiaryPersonId: string; purpose: AccountPurpose; amountFen: number; reference: string; paidOn: IsoDate };
};

/**
 * What the person's own stream cannot tell about the beneficiary: whether they are registered.
 * The handler reads the beneficiary's stream and passes the answer, so the decision stays pure.
 */
export interface PaymentFacts {
  beneficiaryRegistered: boolean;
}


export function decideCredit(cmd: CreditMonth, state: PersonState, params: ParameterBook): PersonEvent[] {
  const reg = requireRegistered(state, cmd.data.personId);
  const { month } = cmd.data;
  if (state.credits.has(month)) return []; // 按月计入: once per month
  if (reg.registeredOn > lastDayOf(month)) return [];
  const pack = packFor(reg.regionCode);
  const employment = employmentIn(state, month);
  if (!pack.monthlyAccountCredit || employment === null) return [];
  const credit = pack.monthlyAccountCredit(
    { personId: reg.personId, scheme: reg.scheme, employment, monthlyContributionBaseFen: contributionBaseIn(state, month) },
    month,
    params,
  );
  if (!credit) return [];
  return [
    {
      type: 'PersonalAccountCredited',
      data: {
        personId: reg.personId,
        regionCode: reg.regionCode,
        month,
        amountFen: credit.amountFen,
        employment,
        basisFen: credit.basisFen,
        rateBp: credit.rateBp,
        rule: credit.rule,
        citation: credit.citation,
        policyVersion: policyVersionOf(pack, params),
      },
    },
  ];
}

export function decidePayment(cmd: PayFromAccount, state: PersonState, facts: PaymentFacts): PersonEvent[] {
  const reg = requireRegistered(state, cmd.data.personId);
  const d = cmd.data;
  // the reference is the payment's idempotency key: the same payment again pays nothing more
  const earlier = state.payments.get(d.reference);
  if (earlier) {
    const same = earlier.beneficiaryPersonId === d.beneficiaryPersonId && earlier.purpose === d.purpose && earlier.amountFen === d.amountFen;
    if (same) return [];
    throw conflict('payment-reference-conflict', `payment ${d.reference} is already recorded with a different beneficiary, purpose or amount`);
  }
  const use = packFor(reg.regionCode).accountUse;
  if (!use) throw refused('no-personal-account', `${d.personId} is insured in a region without personal accounts`, 'personId');
  if (use.forbidden.purposes.includes(d.purpose)) {
    throw refused('purpose-not-allowed', `${use.forbidden.citation}: the personal account may not pay for ${d.purpose.replace('_', ' ')}`, 'purpose');
  }
  if (reg.scheme !== 'employee') throw refused('no-personal-account', `${d.personId} is insured as a resident and has no personal account`, 'personId');
  let relation: Relation | 'self';
  if (d.beneficiaryPersonId === reg.personId) relation = 'self';
  else {
    const member = reg.family.find((f) => f.personId === d.beneficiaryPersonId);
    // the pack's family (e.g. 南府办发〔2022〕33号 art. 18(2)(3): the holder, spouse, parents and children only)
    if (!member) throw refused('not-family', `${use.beneficiaries.citation}: ${d.beneficiaryPersonId} is not recorded as spouse, parent or child of ${reg.personId}`, 'beneficiaryPersonId');
    relation = member.relation;
  }
  const allowed: readonly (Relation | 'self')[] = use.beneficiaries.relations[d.purpose] ?? [];
  if (!allowed.includes(relation)) {
    // a family entry recorded with a relation the article does not name
    throw refused('relation-not-allowed', `${use.beneficiaries.citation}: the account pays for ${d.purpose.replace('_', ' ')} of the holder, spouse, parents and children, not of a relation "${String(relation)}"`, 'beneficiaryPersonId');
  }
  // the family member must be a person on record, not just an id in a list (e.g. 南府办发〔2022〕33号 art. 18)
  if (relation !== 'self' && !facts.beneficiaryRegistered) {
    throw refused('beneficiary-not-registered', `${use.beneficiaries.citation}: ${d.beneficiaryPersonId} is listed as ${relation} of ${reg.personId} but is not a registered person: register them first`, 'beneficiaryPersonId');
  }
  if (d.amountFen > state.balanceFen) {
    throw refused('insufficient-balance', `${use.balanceCitation}: the balance is ${state.balanceFen} fen, the payment asks ${d.amountFen} fen`, 'amountFen');
  }
  return [{ type: 'PersonalAccountPaid', data: { ...d, relation } }];
}

