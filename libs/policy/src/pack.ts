/**
 * A region pack: dated parameters plus pure rule code, and its part of the one-bill
 * settlement chain (DOMAIN.md "Settlement order").
 */
import { IsoDate, Month, Payer, RegionCode } from '@benefit/shared';
import { Beneficiary, Claim, CounterKey, ExplanationLine } from './claim';
import { ParameterBook, ParameterDefinition } from './parameters';

/** Part of a claim left to the person, with the rule that left it there. */
export interface BurdenLine {
  amountFen: number;
  rule: string;
  citation: string;
  detail?: string;
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

export interface RegionPack {
  region: RegionCode;
  /** Version of the rule code; with the parameter revision it forms the policyVersion. */
  version: string;
  parameters: ParameterDefinition[];
  /** Whether the engine computes medical assistance here (else priorPayments may carry it). */
  computesAssistance: boolean;
  /** Step 1 computed from the region's parameters; refuses where no rule of the pack covers the claim. */
  insurance(claim: Claim, person: Beneficiary, params: ParameterBook): StepResult;
  /** Limits of the per-person counters in force on a date. */
  counterLimits(person: Beneficiary, date: IsoDate, params: ParameterBook): Partial<Record<CounterKey, number | null>>;
  /** The personal-account credit of a month (按月计入), or null where the pack credits none. */
  monthlyAccountCredit?(person: PersonInMonth, month: Month, params: ParameterBook): AccountCredit | null;
}
