/**
 * What a region looks like in a synthetic city (`npm run cli -- generate`): who lives there, which
 * statuses they hold and which visits they make. Every figure is synthetic (demos and benchmarks),
 * never an official one; the pack owns it so that the generator names no region.
 */
import { IsoDate, ReliefStatus, Scheme, VisitType } from '@benefit/shared';
import { ClaimCircumstance } from './claim';

/** The generator's seeded random source (the same calls in the same order give the same city). */
export interface SyntheticRandom {
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  between(min: number, max: number): number;
}

/** A visit valid for the region: where step 1 has no rules of its own, the claim carries priorPayments. */
export interface VisitPlan {
  visitType: VisitType;
  specialDisease: string | null;
  priorPayments: boolean;
  circumstances: ClaimCircumstance[];
}

/** Builders of the usual visits; `chronic` picks a special disease half of the time. */
export interface VisitKit {
  plain(visitType: VisitType, priorPayments: boolean): VisitPlan;
  chronic(priorPayments: boolean): VisitPlan;
}

/** What a profile may do to a new person's statuses; each call is recorded as the generator would. */
export interface StatusKit {
  rng: SyntheticRandom;
  registeredOn: IsoDate;
  /** Tags a status from the registration, an hour after it. */
  tag(status: ReliefStatus, extra?: { potentialRisk?: boolean }): void;
  /** Tags a second status from the registration, two hours after it. */
  tagSecond(status: ReliefStatus): void;
  /** Tags a status certified on a later day, from that day, with the first treatment it reaches back to. */
  tagCertified(status: ReliefStatus, certifiedOn: IsoDate, firstTreatmentDate: IsoDate): void;
  /** The region's next status of a list (round-robin per region). */
  next(list: readonly ReliefStatus[]): ReliefStatus;
  /** Revokes the status on a later day with probability p. */
  revokeLater(status: ReliefStatus, p: number): void;
}

export interface SyntheticParameter {
  key: string;
  year: number;
  effectiveFrom: IsoDate;
  value: number;
}

export interface SyntheticProfile {
  /** Prefix of the ids of the region's persons and institutions. */
  idPrefix: string;
  /** County code (GB/T 2260): the area code of the region's resident ids. */
  countyCode: string;
  /** Share of persons insured as employees. */
  employeeShare: number;
  /** Share of employees already retired at registration; none: all in service. */
  retiredShare?: number;
  /** Share of employees listing an earlier person of the region as family; none: no family. */
  familyShare?: number;
  /** Share of employees with an opening personal-account balance. */
  openingBalanceShare: number;
  /** Whether in-service employees retire and change their contribution base during the period. */
  employmentChanges: boolean;
  /** Whether employees pay from their personal account for family or their own pharmacy purchases. */
  accountPayments: boolean;
  /** Statuses of new persons: with probability `share`, `tag` records them. */
  statuses?: { share: number; tag(kit: StatusKit): void };
  /** The region's mix of visits for a person of a scheme. */
  visit(rng: SyntheticRandom, scheme: Scheme, kit: VisitKit): VisitPlan;
  /** Share of inpatient stays with an item the region's rules exclude by what it is; none: never. */
  excludedItemShare?: number;
  /** Share of inpatient priorPayments with a civil-servant subsidy; none: never. */
  civilServantSubsidyShare?: number;
  /** Whether priorPayments carry civil-affairs assistance already paid (the engine has no assistance rules there). */
  priorAssistance: boolean;
  /** What the generator's help says of the region's claims. */
  claimsSummary: string;
  /** Values the pack needs and has no default for (the agency records them): synthetic figures. */
  parameters: readonly SyntheticParameter[];
}
