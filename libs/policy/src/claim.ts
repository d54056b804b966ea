/** A claim as a hospital or pharmacy submits it (shared/API.md SubmitClaim). */
import type { Words } from './wording';
import {
  CatalogClass,
  Employment,
  FieldError,
  MAX_CLAIM_FEN,
  daysBetween,
  InstitutionLevel,
  IsoDate,
  Location,
  Payer,
  RegionCode,
  ReliefStatus,
  Scheme,
  Shares,
  VisitType,
} from '@benefit/shared';

export interface ClaimItem {
  code: string;
  name: string;
  kind: 'drug' | 'service' | 'material';
  catalogClass: CatalogClass;
  drugClass?: string | null;
  amountFen: number;
  /**
   * What an item is, where a rule treats it apart (ITEM_TAGS): e.g. 靖政办发〔2018〕107号 二十一
   * excludes PET-CT, capsule endoscopy, above-tariff charges, special-needs services and organ sources.
   */
  tags?: ItemTag[];
}

/** Item tags a rule reads (靖政办发〔2018〕107号 二十一(四)(五)(六)(十)). */
export const ITEM_TAGS = ['pet_ct', 'capsule_endoscopy', 'above_tariff', 'special_needs', 'organ_source'] as const;
export type ItemTag = (typeof ITEM_TAGS)[number];

/**
 * Circumstances of a claim a rule reads: 靖政办发〔2018〕107号 二十一(三)(七)(九) exclusions, and
 * `emergency` for an inpatient stay admitted as an emergency (盐政办发〔2022〕73号 十五: 急诊除外).
 */
export const CLAIM_CIRCUMSTANCES = ['maternity', 'family_planning', 'accidental_injury', 'mass_casualty', 'third_party_liability', 'emergency'] as const;
export type ClaimCircumstance = (typeof CLAIM_CIRCUMSTANCES)[number];

/** Payers an upstream system already settled (step 1, and assistance where this engine has no rules). */
export type PriorPayments = Partial<Record<'basic_pooling' | 'critical_illness' | 'large_amount_subsidy' | 'civil_servant_subsidy' | 'medical_assistance', number>>;

export interface Claim {
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
  items: ClaimItem[];
  priorPayments: PriorPayments | null;
  usePersonalAccount: boolean;
  /** Circumstances a rule reads (CLAIM_CIRCUMSTANCES); none when absent. */
  circumstances?: ClaimCircumstance[];
}

/**
 * A status as it applies to one claim, with the details rules read. The decider builds these
 * with `statusesForClaim` (statuses.ts), which applies the date rules of 盐政办发〔2022〕73号 八.
 */
export interface StatusInForce {
  status: ReliefStatus;
  /** One of DIAGNOSES for `severe_mental_disorder`. */
  diagnosis?: string | null;
  /** 危险性评估 level 0–5 for `severe_mental_disorder` (山亭 四). */
  riskLevel?: number | null;
  /** Recorded with a potential risk (有潜在风险, 山亭 四) whatever the level. */
  potentialRisk?: boolean;
  firstTreatmentDate?: IsoDate | null;
  /** First and last day the status applies (after revocation and look-back rules); null: open. */
  from?: IsoDate;
  through?: IsoDate | null;
  /** Acquired during the inpatient stay and applied to the whole stay (盐政办发〔2022〕73号 八). */
  acquiredDuringStay?: boolean;
}

/** What the rules need to know about the insured person on the claim's service date. */
export interface Beneficiary {
  personId: string;
  regionCode: RegionCode;
  scheme: Scheme;
  /** Employment in force in the service month (employee scheme only). */
  employment: Employment | null;
  civilServant: boolean;
  activeStatuses: ReliefStatus[];
  /**
   * The statuses that apply to this claim, with their details (see StatusInForce). When given,
   * rules read these instead of `activeStatuses`; callers that have no details may leave it out.
   */
  statuses?: StatusInForce[];
  /** Counters of the claim's year before this claim, by counter key. */
  countersUsed: Partial<Record<CounterKey, number>>;
  personalAccountBalanceFen: number;
  /** 异地备案 valid on the service date (南府办发〔2022〕33号 art. 26); absent reads as not filed. */
  filedOutOfArea?: boolean;
}

export const COUNTER_KEYS = [
  'outpatient_pooling_deductible',
  'outpatient_pooling_paid',
  'assistance_general_outpatient_base',
  'assistance_shared_base',
  'tilted_assistance_base',
  'personal_burden',
  /** 倾斜救助 C: cumulative policy-scope self-pay after regular assistance (盐政办发〔2022〕73号 七). */
  'tilt_self_pay',
] as const;
export type CounterKey = (typeof COUNTER_KEYS)[number];

export interface ExplanationLine {
  payer: Payer;
  amountFen: number;
  /** Stable rule identifier, e.g. `nanchong.outpatient_pooling.deductible`. */
  rule: string;
  /** The document and article, e.g. `南府办发〔2022〕33号 art. 7(1)`. */
  citation: string;
  /** The arithmetic in words, for auditors. */
  detail?: string;
  /** The wording the citation and detail were rendered from, which the log stores instead of them (wording.ts). */
  words?: Words;
}

export interface Adjudication {
  totalFen: number;
  policyScopeFen: number;
  shares: Shares;
  explanation: ExplanationLine[];
  year: number;
  /** How much each counter of the year moved. */
  counterDeltas: Partial<Record<CounterKey, number>>;
  /** The limit of each counter that applies to this person (null: no limit). */
  counterLimits: Partial<Record<CounterKey, number | null>>;
  policyVersion: string;
}

/** The longest stay one claim may cover: a year, leap day included. Longer stays are settled in parts. */
export const MAX_STAY_DAYS = 366;

/**
 * The bounds every new claim keeps (issue 10), each naming its field: its items add up to at most
 * MAX_CLAIM_FEN (so no sum of claims can silently pass 2^53), and a stay runs from its admission
 * (`serviceDate`) to a discharge on or after it, at most MAX_STAY_DAYS later (a discharge in 9999
 * once made a month's settlement pay 2.9 million bed days).
 */
export function claimBoundsProblems(claim: Pick<Claim, 'serviceDate' | 'dischargeDate' | 'items'>): FieldError[] {
  const errors: FieldError[] = [];
  let total = 0;
  for (const item of claim.items) total += item.amountFen;
  if (!(total <= MAX_CLAIM_FEN)) errors.push({ field: 'items', message: `add up to ${total} fen; a claim may add up to at most ${MAX_CLAIM_FEN} fen` });
  if (claim.dischargeDate) {
    const days = daysBetween(claim.serviceDate, claim.dischargeDate);
    if (days < 0) errors.push({ field: 'dischargeDate', message: 'must not be before serviceDate (the admission date)' });
    else if (days > MAX_STAY_DAYS) errors.push({ field: 'dischargeDate', message: `must be at most ${MAX_STAY_DAYS} days after serviceDate (the admission date); settle a longer stay in parts` });
  }
  return errors;
}
