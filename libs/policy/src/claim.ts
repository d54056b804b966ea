/** A claim as a hospital or pharmacy submits it (shared/API.md SubmitClaim). */
import {
  CatalogClass,
  Employment,
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
}

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
  /** Counters of the claim's year before this claim, by counter key. */
  countersUsed: Partial<Record<CounterKey, number>>;
  personalAccountBalanceFen: number;
}

export const COUNTER_KEYS = [
  'outpatient_pooling_deductible',
  'outpatient_pooling_paid',
  'assistance_general_outpatient_base',
  'assistance_shared_base',
  'tilted_assistance_base',
  'personal_burden',
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
