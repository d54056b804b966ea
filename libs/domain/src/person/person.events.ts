/** Events of a person's stream `person-{personId}`: enrollment, claims and the personal account. */
import { Employment, IsoDate, Month, RegionCode, Relation, ReliefStatus, Scheme, StatusSource } from '@benefit/shared';
import { AccountPurpose } from '@benefit/shared';
import { Adjudication, Claim } from '@benefit/policy';

export interface FamilyMember {
  personId: string;
  relation: Relation;
}

export interface PatientRegistered {
  type: 'PatientRegistered';
  data: {
    personId: string;
    name: string;
    /** Full resident id: kept in the log (the agency's record), masked in every read model and response. */
    idNumber: string;
    regionCode: RegionCode;
    scheme: Scheme;
    employment: Employment | null;
    monthlyContributionBaseFen: number | null;
    civilServant: boolean;
    countyCode: string;
    family: FamilyMember[];
    openingPersonalAccountFen: number;
    registeredOn: IsoDate;
  };
}

export interface ReliefStatusTagged {
  type: 'ReliefStatusTagged';
  data: {
    personId: string;
    status: ReliefStatus;
    validFrom: IsoDate;
    validTo: IsoDate | null;
    source: StatusSource;
    diagnosis: string | null;
    riskLevel: number | null;
    firstTreatmentDate: IsoDate | null;
  };
}

export interface ReliefStatusRevoked {
  type: 'ReliefStatusRevoked';
  data: { personId: string; status: ReliefStatus; effectiveDate: IsoDate };
}

export interface EmploymentChanged {
  type: 'EmploymentChanged';
  data: { personId: string; employment: Employment; effectiveMonth: Month };
}

export interface ContributionBaseChanged {
  type: 'ContributionBaseChanged';
  data: { personId: string; monthlyContributionBaseFen: number; effectiveMonth: Month };
}

export interface ClaimAdjudicated {
  type: 'ClaimAdjudicated';
  data: { claim: Claim; regionCode: RegionCode; adjudication: Adjudication };
}

export interface PersonalAccountCredited {
  type: 'PersonalAccountCredited';
  data: {
    personId: string;
    regionCode: RegionCode;
    month: Month;
    amountFen: number;
    employment: Employment;
    basisFen: number;
    rateBp: number;
    rule: string;
    citation: string;
    policyVersion: string;
  };
}

export interface PersonalAccountPaid {
  type: 'PersonalAccountPaid';
  data: {
    personId: string;
    beneficiaryPersonId: string;
    relation: Relation | 'self';
    purpose: AccountPurpose;
    amountFen: number;
    reference: string;
    paidOn: IsoDate;
  };
}

export type PersonEvent =
  | PatientRegistered
  | ReliefStatusTagged
  | ReliefStatusRevoked
  | EmploymentChanged
  | ContributionBaseChanged
  | ClaimAdjudicated
  | PersonalAccountCredited
  | PersonalAccountPaid;

export const personStream = (personId: string) => `person-${personId}`;
