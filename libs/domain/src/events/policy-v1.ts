/**
 * The policy's shapes as the log holds them, version 1: a structural copy of what `Claim`,
 * `Adjudication`, `BedDayPayment` and the counter and payer keys of @benefit/policy and
 * @benefit/shared were when events started being versioned. The working types may move on; these
 * may not, because events already written have exactly this shape (STYLE.md §10).
 *
 * Code vocabularies of @benefit/shared (region, visit type, institution level, catalogue class)
 * are used as they are: a new code widens them and every old payload stays valid. Keys of a
 * record in which every key is present (the payers of `shares`) are frozen here, since a new
 * payer would make every older payload incomplete.
 *
 * `policy-v1.check.ts` proves at compile time that today's working types and these are the same
 * shape; `toPolicyV1.ts` copies a working value into its schema when an event is built.
 */
import type { CatalogClass, InstitutionLevel, IsoDate, Location, VisitType } from '@benefit/shared';

/** The payers of version 1, in settlement order (一单制). */
export const PAYERS_V1 = [
  'basic_pooling',
  'critical_illness',
  'large_amount_subsidy',
  'civil_servant_subsidy',
  'medical_assistance',
  'disability_relief',
  'fiscal_backstop',
  'poverty_insurance',
  'hospital_borne',
  'personal_account',
  'self_pay',
] as const;
export type PayerV1 = (typeof PAYERS_V1)[number];
/** Every payer present, 0 where it paid nothing. */
export type SharesV1 = Record<PayerV1, number>;

export const COUNTER_KEYS_V1 = [
  'outpatient_pooling_deductible',
  'outpatient_pooling_paid',
  'assistance_general_outpatient_base',
  'assistance_shared_base',
  'tilted_assistance_base',
  'personal_burden',
  'tilt_self_pay',
] as const;
export type CounterKeyV1 = (typeof COUNTER_KEYS_V1)[number];
/** How much each counter of the year moved; a counter it did not move is absent. */
export type CounterDeltasV1 = Partial<Record<CounterKeyV1, number>>;
/** The limit of each counter for the person (null: no limit). */
export type CounterLimitsV1 = Partial<Record<CounterKeyV1, number | null>>;

export type ItemTagV1 = 'pet_ct' | 'capsule_endoscopy' | 'above_tariff' | 'special_needs' | 'organ_source';
export type ClaimCircumstanceV1 = 'maternity' | 'family_planning' | 'accidental_injury' | 'mass_casualty' | 'third_party_liability' | 'emergency';
export type PriorPaymentsV1 = Partial<Record<'basic_pooling' | 'critical_illness' | 'large_amount_subsidy' | 'civil_servant_subsidy' | 'medical_assistance', number>>;

export interface ClaimItemV1 {
  code: string;
  name: string;
  kind: 'drug' | 'service' | 'material';
  catalogClass: CatalogClass;
  drugClass?: string | null;
  amountFen: number;
  tags?: ItemTagV1[];
  /** Present when the catalogue classed the item (a re-adjudication classes it again). */
  classifiedBy?: 'catalogue';
}

export interface ClaimV1 {
  claimId: string;
  personId: string;
  institutionId: string;
  institutionLevel: InstitutionLevel;
  designated: boolean;
  location: Location;
  referral: boolean;
  visitType: VisitType;
  specialDisease: string | null;
  serviceDate: IsoDate;
  dischargeDate: IsoDate | null;
  items: ClaimItemV1[];
  priorPayments: PriorPaymentsV1 | null;
  usePersonalAccount: boolean;
  circumstances?: ClaimCircumstanceV1[];
}

export interface ExplanationLineV1 {
  payer: PayerV1;
  amountFen: number;
  rule: string;
  citation: string;
  detail?: string;
}

export interface AdjudicationV1 {
  totalFen: number;
  policyScopeFen: number;
  shares: SharesV1;
  explanation: ExplanationLineV1[];
  year: number;
  counterDeltas: CounterDeltasV1;
  counterLimits: CounterLimitsV1;
  /** `{pack version}+{parameter revision}`: which rules and which parameters decided it. */
  policyVersion: string;
}

/** What the hospital is paid for a stay by bed-day (按床日, 山亭 一). */
export interface BedDayPaymentV1 {
  bedDays: number;
  perDiemFen: number;
  amountFen: number;
  illustrative: boolean;
  rule: string;
  citation: string;
  detail: string;
}

/** A check that leaves the shares as they are but must be seen (e.g. a late filing with the insurer). */
export interface ClaimFlagV1 {
  code: string;
  citation: string;
  detail: string;
}

export type WarningKindV1 = 'impoverishment_risk' | 'relapse_risk';
