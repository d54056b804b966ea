/**
 * From the policy's working values to their stored schema (policy-v1.ts, and policy-v2.ts for
 * ClaimAdjudicated's lines), where a decider builds an event. Each copies only the fields the schema names, in the order the value has them,
 * and leaves an absent optional field absent (the JSON stays as it was before versioning): a
 * field added to a working type cannot slip into the log without a new schema version.
 *
 * The field lists are `Record<keyof V1, true>`, so the compiler refuses a list that misses a field
 * of the schema or names one it lacks.
 */
import type { Adjudication, BedDayPayment, Claim, ClaimItem } from '@benefit/policy';
import type {
  AdjudicationV1,
  BedDayPaymentV1,
  ClaimItemV1,
  ClaimV1,
  CounterDeltasV1,
  CounterKeyV1,
  CounterLimitsV1,
  ExplanationLineV1,
  PayerV1,
  PriorPaymentsV1,
  SharesV1,
} from './policy-v1';
import type { AdjudicationV2, WordedLineV2 } from './policy-v2';

type Fields<T> = Record<keyof T, true>;

/** The fields of `value` that the schema names, in `value`'s own order. */
function only<T>(value: object, fields: Fields<T>): T {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) if (Object.hasOwn(fields, key)) out[key] = field;
  return out as T;
}

const CLAIM_FIELDS: Fields<ClaimV1> = {
  claimId: true,
  personId: true,
  institutionId: true,
  institutionLevel: true,
  designated: true,
  location: true,
  referral: true,
  visitType: true,
  specialDisease: true,
  serviceDate: true,
  dischargeDate: true,
  items: true,
  priorPayments: true,
  usePersonalAccount: true,
  circumstances: true,
};
const ITEM_FIELDS: Fields<ClaimItemV1> = { code: true, name: true, kind: true, catalogClass: true, drugClass: true, amountFen: true, tags: true, classifiedBy: true };
const PRIOR_PAYMENT_FIELDS: Fields<Required<PriorPaymentsV1>> = { basic_pooling: true, critical_illness: true, large_amount_subsidy: true, civil_servant_subsidy: true, medical_assistance: true };
const ADJUDICATION_FIELDS: Fields<AdjudicationV1> = { totalFen: true, policyScopeFen: true, shares: true, explanation: true, year: true, counterDeltas: true, counterLimits: true, policyVersion: true };
const LINE_FIELDS: Fields<ExplanationLineV1> = { payer: true, amountFen: true, rule: true, citation: true, detail: true };
const BED_DAY_FIELDS: Fields<BedDayPaymentV1> = { bedDays: true, perDiemFen: true, amountFen: true, illustrative: true, rule: true, citation: true, detail: true };
const PAYER_FIELDS: Fields<SharesV1> = {
  basic_pooling: true,
  critical_illness: true,
  large_amount_subsidy: true,
  civil_servant_subsidy: true,
  medical_assistance: true,
  disability_relief: true,
  fiscal_backstop: true,
  poverty_insurance: true,
  hospital_borne: true,
  personal_account: true,
  self_pay: true,
};
const COUNTER_FIELDS: Record<CounterKeyV1, true> = {
  outpatient_pooling_deductible: true,
  outpatient_pooling_paid: true,
  assistance_general_outpatient_base: true,
  assistance_shared_base: true,
  tilted_assistance_base: true,
  personal_burden: true,
  tilt_self_pay: true,
};

/** Items are taken as the catalogue left them: `classifiedBy` is part of the recorded claim. */
const itemV1 = (item: ClaimItem): ClaimItemV1 => only<ClaimItemV1>(item, ITEM_FIELDS);

export function claimV1(claim: Claim): ClaimV1 {
  const out = only<ClaimV1>(claim, CLAIM_FIELDS);
  out.items = claim.items.map(itemV1);
  if (claim.priorPayments) out.priorPayments = only<PriorPaymentsV1>(claim.priorPayments, PRIOR_PAYMENT_FIELDS);
  return out;
}

export const sharesV1 = (shares: Record<PayerV1, number>): SharesV1 => only<SharesV1>(shares, PAYER_FIELDS);
export const counterDeltasV1 = (deltas: CounterDeltasV1): CounterDeltasV1 => only<CounterDeltasV1>(deltas, COUNTER_FIELDS);
export const counterLimitsV1 = (limits: CounterLimitsV1): CounterLimitsV1 => only<CounterLimitsV1>(limits, COUNTER_FIELDS);

/** The adjudication's fields in their schema, each line copied by `lineOf`. */
function adjudicationWith<L>(a: Adjudication, lineOf: (line: Adjudication['explanation'][number]) => L): Omit<AdjudicationV1, 'explanation'> & { explanation: L[] } {
  const out = only<Omit<AdjudicationV1, 'explanation'> & { explanation: L[] }>(a, ADJUDICATION_FIELDS);
  out.shares = sharesV1(a.shares);
  out.explanation = a.explanation.map(lineOf);
  out.counterDeltas = counterDeltasV1(a.counterDeltas);
  out.counterLimits = counterLimitsV1(a.counterLimits);
  return out;
}

const lineV1 = (line: Adjudication['explanation'][number]): ExplanationLineV1 => only<ExplanationLineV1>(line, LINE_FIELDS);

export const adjudicationV1 = (a: Adjudication): AdjudicationV1 => adjudicationWith(a, lineV1);

const WORDED_LINE_FIELDS: Fields<WordedLineV2> = { payer: true, amountFen: true, rule: true, words: true };

/**
 * The adjudication as version 2 of ClaimAdjudicated stores it: a line its rule worded keeps the
 * words instead of its citation and detail (rendered again when read, policy-v2.ts), and its rule
 * only where the wording's id is not the rule; the others and every other field as in version 1.
 */
export const adjudicationV2 = (a: Adjudication): AdjudicationV2 =>
  adjudicationWith(a, (line) => {
    if (!line.words) return lineV1(line);
    const worded = only<WordedLineV2>(line, WORDED_LINE_FIELDS);
    // the rule is named once: left out where the wording's id is the rule (policy-v2.ts)
    if (worded.rule === line.words[0]) delete worded.rule;
    return worded;
  });

export const bedDayPaymentV1 = (payment: BedDayPayment | null): BedDayPaymentV1 | null => payment && only<BedDayPaymentV1>(payment, BED_DAY_FIELDS);
