/**
 * Events of a person's stream `person-{personId}`: enrollment, claims and the personal account.
 * Each is a stored schema, version 1 (`XxxV1`), with the current version under its plain name;
 * how versions are recorded and lifted on read is in ../events/index.ts. Nothing here may use a
 * working type of @benefit/policy: the policy's shapes as stored are in ../events/policy-v1.ts.
 */
import { AccountPurpose, Employment, IsoDate, Month, RegionCode, Relation, ReliefStatus, Scheme, StatusSource } from '@benefit/shared';
import type { AdjudicationV1, BedDayPaymentV1, ClaimFlagV1, ClaimV1, CounterDeltasV1, PayerV1, WarningKindV1 } from '../events/policy-v1';
import type { AdjudicationV2 } from '../events/policy-v2';
import type { ClaimCancelled } from '../claims/claim-cancelled.events';

export interface FamilyMember {
  personId: string;
  relation: Relation;
}

export interface PatientRegisteredV1 {
  type: 'PatientRegistered';
  data: {
    personId: string;
    /**
     * The name and the full resident id, each sealed for this person (a `pii:v1:` envelope of
     * @benefit/vault) before the decision: the log and every read model hold ciphertext only, and
     * erasing the person's data key makes them unreadable everywhere. Events recorded before
     * encryption hold them in clear.
     */
    name: string;
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
export type PatientRegistered = PatientRegisteredV1;

export interface ReliefStatusTaggedV1 {
  type: 'ReliefStatusTagged';
  data: {
    personId: string;
    status: ReliefStatus;
    validFrom: IsoDate;
    validTo: IsoDate | null;
    source: StatusSource;
    diagnosis: string | null;
    riskLevel: number | null;
    /** Recorded with a potential risk (有潜在风险, 山亭 四) whatever the level. */
    potentialRisk?: boolean;
    firstTreatmentDate: IsoDate | null;
  };
}
export type ReliefStatusTagged = ReliefStatusTaggedV1;

export interface ReliefStatusRevokedV1 {
  type: 'ReliefStatusRevoked';
  data: { personId: string; status: ReliefStatus; effectiveDate: IsoDate };
}
export type ReliefStatusRevoked = ReliefStatusRevokedV1;

/**
 * 异地备案 (南府办发〔2022〕33号 art. 26): the person may be treated outside the pooling region —
 * a retiree settled elsewhere or an employee posted elsewhere — from `validFrom` through `validTo`.
 */
export interface OutOfAreaFilingRecordedV1 {
  type: 'OutOfAreaFilingRecorded';
  data: { personId: string; kind: OutOfAreaFilingKind; validFrom: IsoDate; validTo: IsoDate | null };
}
export type OutOfAreaFilingRecorded = OutOfAreaFilingRecordedV1;

export const OUT_OF_AREA_FILING_KINDS = ['retiree_resettled', 'posted_elsewhere'] as const;
export type OutOfAreaFilingKind = (typeof OUT_OF_AREA_FILING_KINDS)[number];

export interface EmploymentChangedV1 {
  type: 'EmploymentChanged';
  data: { personId: string; employment: Employment; effectiveMonth: Month };
}
export type EmploymentChanged = EmploymentChangedV1;

export interface ContributionBaseChangedV1 {
  type: 'ContributionBaseChanged';
  data: { personId: string; monthlyContributionBaseFen: number; effectiveMonth: Month };
}
export type ContributionBaseChanged = ContributionBaseChangedV1;

export interface ClaimAdjudicatedV1 {
  type: 'ClaimAdjudicated';
  data: {
    claim: ClaimV1;
    regionCode: RegionCode;
    adjudication: AdjudicationV1;
    /** Per-bed-day payment of the stay to the hospital (按床日, 山亭 一), shown in the month's settlement. */
    bedDays?: BedDayPaymentV1 | null;
    /** Checks that do not change the shares but must be seen: e.g. a late filing with the insurer. */
    flags?: ClaimFlagV1[];
  };
}
/**
 * Version 2 (issue 13.1, compact events): explanation lines in words where their rule has a
 * wording (policy-v2.ts), and no `bedDays` or `flags` when there are none. A version-1 payload is
 * a version-2 one as it stands: its lines all keep their text.
 */
export interface ClaimAdjudicatedV2 {
  type: 'ClaimAdjudicated';
  data: {
    v: 2;
    claim: ClaimV1;
    regionCode: RegionCode;
    adjudication: AdjudicationV2;
    bedDays?: BedDayPaymentV1 | null;
    flags?: ClaimFlagV1[];
  };
}
export type ClaimAdjudicated = ClaimAdjudicatedV2;

/**
 * A correction of a recorded claim under the rules now in force: the difference per payer and
 * per counter, never a rewrite. It references the adjudication it corrects by its claim id.
 */
export interface ClaimSharesAdjustedV1 {
  type: 'ClaimSharesAdjusted';
  data: {
    personId: string;
    claimId: string;
    regionCode: RegionCode;
    institutionId: string;
    /** The claim's own month (its service month) and the month the correction is applied in. */
    originalMonth: Month;
    appliedMonth: Month;
    year: number;
    deltas: Partial<Record<PayerV1, number>>;
    counterDeltas: CounterDeltasV1;
    /** The adjudication as it now stands. */
    adjudication: AdjudicationV1;
    reason: string;
  };
}
/** Version 2: the adjudication as it now stands with its lines in words, as ClaimAdjudicated version 2 (policy-v2.ts). */
export interface ClaimSharesAdjustedV2 {
  type: 'ClaimSharesAdjusted';
  data: { v: 2 } & Omit<ClaimSharesAdjustedV1['data'], 'adjudication'> & { adjudication: AdjudicationV2 };
}
export type ClaimSharesAdjusted = ClaimSharesAdjustedV2;

/** 补划差额 (南府办发〔2022〕33号 art. 13): the difference of a month already credited, as a new entry. */
export interface PersonalAccountBackPaidV1 {
  type: 'PersonalAccountBackPaid';
  data: { personId: string; regionCode: RegionCode; month: Month; amountFen: number; basisFen: number; rateBp: number; policyVersion: string; citation: string; reason: string };
}
export type PersonalAccountBackPaid = PersonalAccountBackPaidV1;

/** 盐政办发〔2022〕73号 九: a monitoring warning, raised once per person, kind and year. */
export interface WarningRaisedV1 {
  type: 'WarningRaised';
  data: { personId: string; kind: WarningKindV1; year: number; raisedOn: IsoDate; claimId: string; thresholdFen: number; burdenFen: number; rule: string; citation: string };
}
export type WarningRaised = WarningRaisedV1;

/** 以奖代补 (山亭 四): the guardian's monthly reward, accrued by the month's settlement. */
export interface GuardianshipRewardAccruedV1 {
  type: 'GuardianshipRewardAccrued';
  data: {
    personId: string;
    regionCode: RegionCode;
    /** The month the reward is for, and the settlement that pays it (a later one for a status recorded late). */
    month: Month;
    settledWith?: Month;
    amountFen: number;
    payer: string;
    rule: string;
    citation: string;
    detail: string;
  };
}
export type GuardianshipRewardAccrued = GuardianshipRewardAccruedV1;

/** 靖政办发〔2018〕107号 十: the person's yearly premium to the insurer, split city/town. */
export interface PovertyPremiumAccruedV1 {
  type: 'PovertyPremiumAccrued';
  data: { personId: string; regionCode: RegionCode; year: number; month: Month; amountFen: number; cityFen: number; townFen: number; citation: string };
}
export type PovertyPremiumAccrued = PovertyPremiumAccruedV1;

export interface PersonalAccountCreditedV1 {
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
export type PersonalAccountCredited = PersonalAccountCreditedV1;

export interface PersonalAccountPaidV1 {
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
export type PersonalAccountPaid = PersonalAccountPaidV1;

/**
 * Crypto-shredding (API.md Access): the person's name and resident id are made unreadable for
 * good by destroying their data key. Recorded before the key is destroyed; the money facts stay.
 */
export interface PersonIdentityErasedV1 {
  type: 'PersonIdentityErased';
  data: { personId: string; reason: string; erasedAt: string };
}
export type PersonIdentityErased = PersonIdentityErasedV1;

export type PersonEvent =
  | PatientRegistered
  | ReliefStatusTagged
  | ReliefStatusRevoked
  | OutOfAreaFilingRecorded
  | EmploymentChanged
  | ContributionBaseChanged
  | ClaimAdjudicated
  | PersonalAccountCredited
  | PersonalAccountPaid
  | WarningRaised
  | ClaimSharesAdjusted
  | ClaimCancelled
  | PersonalAccountBackPaid
  | GuardianshipRewardAccrued
  | PovertyPremiumAccrued
  | PersonIdentityErased;

export const personStream = (personId: string) => `person-${personId}`;
