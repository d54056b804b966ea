/**
 * Every event type this build stores, with the version of its schema it writes and the lifts from
 * older ones (libs/event-store upcasting.ts). Each type is at version 1 but ClaimAdjudicated and
 * ClaimSharesAdjusted (2: explanation lines in words).
 * The compiler holds the list to the event unions, so a new event type cannot be forgotten here:
 * the national platform's visits and the institution registry are versioned as every other stream.
 */
import { EventSchema, EventStore, upcasting } from '@benefit/event-store';
import type { ClaimAdjudicated, ClaimAdjudicatedV1, ClaimSharesAdjusted, ClaimSharesAdjustedV1, PersonEvent } from '../person/person.events';
import type { MonthSettled } from '../settlement/settlement.decider';
import type { MonthEndChunkRecorded } from '../settlement/month-end-job';
import type { ParameterRecorded } from '../parameters/parameter.events';
import type { CatalogEntryRecorded } from '../catalogue/catalog.events';
import type { PersonDataRead } from '../access/access.events';
import type { KEY_RESERVED } from '../reservations';
import type { VisitEvent } from '../visits/visit.events';
import type { InstitutionRecorded } from '../institutions/institution.events';

export type StoredEventType = PersonEvent['type'] | MonthSettled['type'] | MonthEndChunkRecorded['type'] | ParameterRecorded['type'] | CatalogEntryRecorded['type'] | PersonDataRead['type'] | VisitEvent['type'] | InstitutionRecorded['type'] | typeof KEY_RESERVED;

const V1: EventSchema = { current: 1 };

export const EVENT_SCHEMAS = {
  PatientRegistered: V1,
  ReliefStatusTagged: V1,
  ReliefStatusRevoked: V1,
  OutOfAreaFilingRecorded: V1,
  EmploymentChanged: V1,
  ContributionBaseChanged: V1,
  // version 2: lines in words (policy-v2.ts); every version-1 payload is one as it stands
  ClaimAdjudicated: { current: 2, lifts: { 1: (d: ClaimAdjudicatedV1['data']): ClaimAdjudicated['data'] => ({ v: 2, ...d }) } },
  // version 2: the adjudication's lines in words, as ClaimAdjudicated's
  ClaimSharesAdjusted: { current: 2, lifts: { 1: (d: ClaimSharesAdjustedV1['data']): ClaimSharesAdjusted['data'] => ({ v: 2, ...d }) } },
  ClaimCancelled: V1,
  PersonalAccountCredited: V1,
  PersonalAccountPaid: V1,
  PersonalAccountBackPaid: V1,
  WarningRaised: V1,
  GuardianshipRewardAccrued: V1,
  PovertyPremiumAccrued: V1,
  PersonIdentityErased: V1,
  MonthSettled: V1,
  MonthEndChunkRecorded: V1,
  ParameterRecorded: V1,
  CatalogEntryRecorded: V1,
  PersonDataRead: V1,
  VisitRegistered: V1,
  FeeDetailsUploaded: V1,
  VisitSettled: V1,
  VisitSettlementCancelled: V1,
  InstitutionRecorded: V1,
  KeyReserved: V1,
} as const satisfies Record<StoredEventType, EventSchema>;

/**
 * The store every reader of this build should read through: each event in its current schema.
 * Wrap the store once where storage is opened; writes are unchanged.
 */
export const withCurrentSchemas = (store: EventStore): EventStore => upcasting(store, EVENT_SCHEMAS);
