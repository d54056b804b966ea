/**
 * A region pack: dated parameters plus pure rule code, and its part of the one-bill
 * settlement chain (DOMAIN.md "Settlement order").
 */
import { AccountPurpose, IsoDate, Month, Payer, RegionCode, Relation, Shares } from '@benefit/shared';
import { Beneficiary, Claim, CounterKey, ExplanationLine, StatusInForce } from './claim';
import { ParameterBook, ParameterDefinition } from './parameters';
import { SyntheticProfile } from './synthetic';
import { RuleCatalogue } from './rules';
import type { Wording, Words } from './wording';

/** Part of a claim left to the person, with the rule that left it there. */
export interface BurdenLine {
  amountFen: number;
  rule: string;
  citation: string;
  detail?: string;
  /** The wording of citation and detail, carried to the self_pay line the burden ends in (wording.ts). */
  words?: Words;
  /** Policy-scope (class A/B) money, which the personal account pays first (art. 18(1)). */
  inScope: boolean;
}

export interface StepResult {
  paid: Partial<Record<Payer, number>>;
  explanation: ExplanationLine[];
  /** What the step leaves to the person, explained; sums to policy scope − paid (class C excluded). */
  burden: BurdenLine[];
  counterDeltas: Partial<Record<CounterKey, number>>;
  counterLimits: Partial<Record<CounterKey, number | null>>;
}

/** Payers of steps 2–6 of the settlement order, in that order (DOMAIN.md "Settlement order"). */
export const CHAIN_PAYERS = ['medical_assistance', 'disability_relief', 'fiscal_backstop', 'poverty_insurance', 'hospital_borne'] as const;
export type ChainPayer = (typeof CHAIN_PAYERS)[number];

/**
 * Which part of the person's burden a payment takes away: policy-scope lines first (the usual),
 * class C first (the 10% cap exists to control 目录外 spending), or policy-scope lines only
 * (a fund that never pays class C; taking more than they hold is a bug).
 */
export type BurdenOrder = 'in_scope_first' | 'class_c_first' | 'in_scope_only';

/** What a step of 2–6 sees: the claim, the person, the parameters and everything decided before it. */
export interface StepInput {
  claim: Claim;
  person: Beneficiary;
  params: ParameterBook;
  /** Shares decided by the earlier steps (step 1 included). */
  shares: Readonly<Shares>;
  /** What the earlier steps left to the person. */
  burden: readonly BurdenLine[];
  totalFen: number;
  policyScopeFen: number;
  /** Counter deltas of this claim so far (a later step may read an earlier one's, e.g. tilt after regular). */
  counterDeltas: Readonly<Partial<Record<CounterKey, number>>>;
}

export interface StepOutcome {
  /** Payments of the step's payer, each explained; a 0 line explains a refusal or exclusion. */
  explanation: ExplanationLine[];
  /** Which burden the step's payment takes away (default `in_scope_first`). */
  consumes?: BurdenOrder;
  counterDeltas?: Partial<Record<CounterKey, number>>;
  counterLimits?: Partial<Record<CounterKey, number | null>>;
}

/** One rule of steps 2–6. The chain runs a pack's steps in DOMAIN.md's payer order, stable within a payer. */
export interface ChainStep {
  /** Stable name, e.g. `yancheng.assistance.tilted`. */
  name: string;
  /** The only payer this step pays. */
  payer: ChainPayer;
  apply(input: StepInput): StepOutcome;
}

export interface AccountCredit {
  amountFen: number;
  rule: string;
  citation: string;
  detail: string;
  basisFen: number;
  rateBp: number;
}

export interface PersonInMonth {
  personId: string;
  scheme: 'employee' | 'resident';
  employment: 'in_service' | 'retired' | null;
  monthlyContributionBaseFen: number | null;
}

export type WarningKind = 'impoverishment_risk' | 'relapse_risk';

export interface WarningInput {
  person: Beneficiary;
  /** The claim's service date (admission date of a stay): its year is the warning's year. */
  date: IsoDate;
  /** The year's personal burden (counter `personal_burden`: personal_account + self_pay) before and after the claim. */
  burdenBeforeFen: number;
  burdenAfterFen: number;
  params: ParameterBook;
}

export interface WarningDue {
  kind: WarningKind;
  year: number;
  thresholdFen: number;
  /** The year's personal burden after the claim. */
  burdenFen: number;
  /** False when the line was already reached before this claim (e.g. the person's status changed since). */
  reachedByThisClaim: boolean;
  rule: string;
  citation: string;
}

/** Money finance owes for a person and month outside any claim (e.g. 以奖代补 guardianship rewards). */
export interface MonthlyReward {
  amountFen: number;
  payer: Payer;
  rule: string;
  citation: string;
  detail: string;
}

/** What a hospital is paid for a stay by bed-day (按床日结算). */
export interface BedDayPayment {
  bedDays: number;
  perDiemFen: number;
  amountFen: number;
  illustrative: boolean;
  rule: string;
  citation: string;
  detail: string;
}

/** A check that does not change the shares but must be seen (e.g. an inpatient stay filed late with the insurer). */
export interface ClaimFlag {
  code: string;
  citation: string;
  detail: string;
}

/** What a claim flag sees: the claim, when it reached the service (ISO instant, when known) and the parameters. */
export interface ClaimFlagInput {
  claim: Claim;
  filedAt?: string;
  params: ParameterBook;
}

/** A premium due once a policy year for an insured person, split between the finances that pay it. */
export interface AnnualPremium {
  amountFen: number;
  cityFen: number;
  townFen: number;
  citation: string;
}

/** Who the personal account may pay for, and for what (the pack's articles on account use). */
export interface AccountUse {
  /** Purposes the account never pays, and the article that forbids them. */
  forbidden: { purposes: readonly AccountPurpose[]; citation: string };
  /** Per allowed purpose, whose care or contributions it may pay; the holder is `self`. */
  beneficiaries: { relations: Partial<Record<AccountPurpose, readonly (Relation | 'self')[]>>; citation: string };
  /** The article under which the account pays only as far as its balance goes. */
  balanceCitation: string;
}

/** The insurer's loss ratio of a policy year, in exact integer arithmetic. */
export interface LossRatio {
  premiumFen: number;
  compensationFen: number;
  /** Compensation ÷ premium in basis points, half-up. */
  ratioBp: number;
  /** Whether the share the insurer must pay out as compensation was paid. */
  meetsMinimumCompensation: boolean;
  /** Below the floor: flag for the next year's plan. */
  belowFloor: boolean;
  /** At or above the ceiling: flag for the next year's plan. */
  aboveCeiling: boolean;
  citation: string;
}

/** A yearly report of an insurer contract: premiums accrued against what its payer paid on claims. */
export interface LossRatioReport {
  /** The payer whose claim payments are the compensation. */
  payer: Payer;
  /** The first policy year of the scheme. */
  firstYear: number;
  /** The scheme's start, as said to a caller asking for an earlier year. */
  startsOn: IsoDate;
  compute(compensationFen: number, premiumFen: number, date: IsoDate, params: ParameterBook): LossRatio;
}

export interface RegionPack<R extends RegionCode = RegionCode> {
  region: R;
  /** Version of the rule code; with the parameter revision it forms the policyVersion. */
  version: string;
  parameters: ParameterDefinition[];
  /** Whether the engine computes medical assistance here (else priorPayments may carry it). */
  computesAssistance: boolean;
  /** Step 1 computed from the region's parameters; refuses where no rule of the pack covers the claim. */
  insurance(claim: Claim, person: Beneficiary, params: ParameterBook): StepResult;
  /** Steps 2–6 (assistance, disability relief, backstop, poverty insurance, hospital-borne cap). */
  steps?: readonly ChainStep[];
  /** Citation of the personal-account payment (step 7) in this region. */
  accountCitation?: string;
  /** Limits of the per-person counters in force on a date. */
  counterLimits(person: Beneficiary, date: IsoDate, params: ParameterBook): Partial<Record<CounterKey, number | null>>;
  /** The personal-account credit of a month (按月计入), or null where the pack credits none. */
  monthlyAccountCredit?(person: PersonInMonth, month: Month, params: ParameterBook): AccountCredit | null;
  /** Warnings whose line the person's yearly burden reached with a claim; the caller raises each once per person, kind and year. */
  warnings?(input: WarningInput): WarningDue[];
  /** A reward finance owes for the person and month (statuses in force in the month, with details), or null. */
  monthlyReward?(statuses: readonly StatusInForce[], month: Month, params: ParameterBook): MonthlyReward | null;
  /** What the hospital is paid by bed-day for this stay, or null where the region does not pay this stay so. */
  bedDayPayment?(claim: Claim, person: Beneficiary, params: ParameterBook): BedDayPayment | null;
  /** Checks that do not change the shares but are recorded with the claim (e.g. a late filing). */
  claimFlags?(input: ClaimFlagInput): ClaimFlag[];
  /** The premium due for the person's policy year, as the person is on the month's last day, or null. */
  annualPremium?(person: Beneficiary, month: Month, params: ParameterBook): AnnualPremium | null;
  /** Who and what the personal account may pay for (PayFromAccount); none: the region keeps no personal accounts. */
  accountUse?: AccountUse;
  /** The insurer contract's loss ratio of a year, where the region has one. */
  lossRatio?: LossRatioReport;
  /** The wordings its explanation lines speak through (wording.ts); ids start with the region. */
  wordings?: readonly Wording[];
  /** The pack's rules: each rule id its explanation lines carry, with its articles and parameters. */
  rules?: RuleCatalogue;
  /** What the region looks like in a synthetic city (`npm run cli -- generate`); none: the generator leaves it out. */
  synthetic?: SyntheticProfile;
}
