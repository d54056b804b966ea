/** What a city plan is made of: timed actions and the persons they concern (city.ts decides them). */
import { EnrollmentCommand, PatientRegistered, PayFromAccount } from '@benefit/domain';
import { Claim } from '@benefit/policy';
import { IsoDate, Month, RegionCode, ReliefStatus, Relation } from '@benefit/shared';

export type Action =
  | { kind: 'parameters'; at: number; year: number }
  | { kind: 'register'; at: number; data: PatientRegistered['data'] }
  | { kind: 'enrollment'; at: number; command: Exclude<EnrollmentCommand, { type: 'RegisterPatient' }> }
  | { kind: 'payment'; at: number; data: PayFromAccount['data'] }
  | { kind: 'claim'; at: number; claim: Claim; filedAt: string }
  | { kind: 'month-end'; at: number; month: Month };

export interface PlannedPerson {
  personId: string;
  region: RegionCode;
  scheme: 'employee' | 'resident';
  registeredOn: IsoDate;
  /** The instant of the registration (statuses follow within hours). */
  registeredAt: number;
  statuses: ReliefStatus[];
  family: { personId: string; relation: Relation }[];
}

export interface CityPlan {
  seed: string;
  persons: PlannedPerson[];
  actions: Action[];
  claims: number;
}

