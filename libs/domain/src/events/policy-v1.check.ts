/**
 * Compile-time proof that today's working types of @benefit/policy are the shape the log holds as
 * version 1 (policy-v1.ts): the same keys, each assignable both ways. `npm test` type-checks
 * before it runs a spec, so when a working type moves on the suite fails here first. The answer
 * is a V2 schema with a lift from V1 in the event registry (registry.ts) and a new mapping in
 * to-policy-v1.ts — never an edit of V1, which is what the log already holds.
 */
import type { Adjudication, BedDayPayment, CataloguedItem, Claim, ClaimItem, CounterKey, ExplanationLine, WarningKind } from '@benefit/policy';
import type { Payer, Shares } from '@benefit/shared';
import type { WordsV2 } from './policy-v2';
import type { AdjudicationV1, BedDayPaymentV1, ClaimItemV1, ClaimV1, CounterKeyV1, ExplanationLineV1, PayerV1, SharesV1, WarningKindV1 } from './policy-v1';

/** True only when both types have the same keys (optional ones too) and each is assignable to the other. */
export type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? ([keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false) : false) : false;

/** Does not compile unless `T` is `true`. */
type Holds<T extends true> = T;

export type PolicyTypesAreV1 = [
  Holds<SameShape<Claim, ClaimV1>>,
  // a recorded item carries `classifiedBy` when the catalogue classed it (catalogue.ts): the schema holds it
  Holds<SameShape<CataloguedItem, ClaimItemV1>>,
  Holds<SameShape<ClaimItem, Omit<ClaimItemV1, 'classifiedBy'>>>,
  Holds<SameShape<Adjudication, AdjudicationV1>>,
  // a working line carries the words its text was rendered from, which version 2 stores (policy-v2.ts)
  Holds<SameShape<ExplanationLine, ExplanationLineV1 & { words?: WordsV2 }>>,
  Holds<SameShape<Shares, SharesV1>>,
  Holds<SameShape<BedDayPayment, BedDayPaymentV1>>,
  Holds<SameShape<Payer, PayerV1>>,
  Holds<SameShape<CounterKey, CounterKeyV1>>,
  Holds<SameShape<WarningKind, WarningKindV1>>,
];
