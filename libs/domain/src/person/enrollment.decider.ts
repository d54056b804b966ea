/** Enrollment: registering insured persons and recording what changes their entitlements. */
import { Employment, IsoDate, Month, conflict, invalid, monthOf, notFound, refused } from '@benefit/shared';
import {
  ContributionBaseChanged,
  EmploymentChanged,
  OutOfAreaFilingRecorded,
  PatientRegistered,
  PersonEvent,
  PersonIdentityErased,
  ReliefStatusRevoked,
  ReliefStatusTagged,
} from './person.events';
import { PersonState, Registration, employmentIn } from './person.state';

export type RegisterPatient = { type: 'RegisterPatient'; data: PatientRegistered['data'] };
export type TagReliefStatus = { type: 'TagReliefStatus'; data: ReliefStatusTagged['data'] };
export type RevokeReliefStatus = { type: 'RevokeReliefStatus'; data: ReliefStatusRevoked['data'] };
export type ChangeEmployment = { type: 'ChangeEmployment'; data: EmploymentChanged['data'] };
export type ChangeContributionBase = { type: 'ChangeContributionBase'; data: ContributionBaseChanged['data'] };
export type RecordOutOfAreaFiling = { type: 'RecordOutOfAreaFiling'; data: OutOfAreaFilingRecorded['data'] };
export type EraseIdentity = { type: 'EraseIdentity'; data: PersonIdentityErased['data'] };
export type EnrollmentCommand = RegisterPatient | TagReliefStatus | RevokeReliefStatus | ChangeEmployment | ChangeContributionBase | RecordOutOfAreaFiling;

export function requireRegistered(state: PersonState, personId: string): Registration {
  if (!state.registration) throw notFound('Person', `no person ${personId} is registered`);
  return state.registration;
}

function requireEmployee(reg: Registration, what: string): void {
  // 南府办发〔2022〕33号 art. 13–14: employment status and contribution base belong to the employee scheme
  if (reg.scheme !== 'employee') throw refused('employee-scheme-only', `${what} applies to the employee scheme; ${reg.personId} is insured as a resident`);
}

function requireFromRegistration(reg: Registration, month: Month, field: string): void {
  if (month < monthOf(reg.registeredOn)) throw invalid([{ field, message: `must not be before the registration month ${monthOf(reg.registeredOn)}` }]);
}

export function decideEnrollment(cmd: EnrollmentCommand, state: PersonState): PersonEvent[] {
  switch (cmd.type) {
    case 'RegisterPatient':
      if (state.registration) throw conflict('person-exists', `person ${cmd.data.personId} is already registered`);
      return [{ type: 'PatientRegistered', data: cmd.data }];

    case 'TagReliefStatus': {
      requireRegistered(state, cmd.data.personId);
      const d = cmd.data;
      const overlapping = state.statuses.find(
        (s) =>
          s.status === d.status &&
          (s.revokedThrough ?? s.validTo ?? '9999-12-31') >= d.validFrom &&
          s.validFrom <= (d.validTo ?? '9999-12-31'),
      );
      if (overlapping) {
        throw conflict('status-overlaps', `${d.status} is already recorded from ${overlapping.validFrom} for an overlapping period; revoke it first`);
      }
      return [{ type: 'ReliefStatusTagged', data: d }];
    }

    case 'RevokeReliefStatus': {
      requireRegistered(state, cmd.data.personId);
      const open = state.statuses.find((s) => s.status === cmd.data.status && s.revokedThrough === null);
      if (!open) throw conflict('status-not-held', `${cmd.data.personId} holds no unrevoked ${cmd.data.status} status`);
      if (cmd.data.effectiveDate < open.validFrom) {
        throw invalid([{ field: 'effectiveDate', message: `must not be before the status start ${open.validFrom}` }]);
      }
      return [{ type: 'ReliefStatusRevoked', data: cmd.data }];
    }

    case 'ChangeEmployment': {
      const reg = requireRegistered(state, cmd.data.personId);
      requireEmployee(reg, 'an employment change');
      requireFromRegistration(reg, cmd.data.effectiveMonth, 'effectiveMonth');
      if (employmentIn(state, cmd.data.effectiveMonth) === cmd.data.employment && !laterChange(state, cmd.data.effectiveMonth)) return [];
      return [{ type: 'EmploymentChanged', data: cmd.data }];
    }

    case 'RecordOutOfAreaFiling': {
      // 南府办发〔2022〕33号 art. 26: a filing is valid from validFrom through validTo (open-ended when null)
      const reg = requireRegistered(state, cmd.data.personId);
      requireEmployee(reg, 'an out-of-area filing');
      const d = cmd.data;
      if (d.validTo !== null && d.validTo < d.validFrom) throw invalid([{ field: 'validTo', message: 'must not be before validFrom' }]);
      // the same filing sent again (a retried request) records nothing
      const same = state.outOfAreaFilings.some((f) => f.kind === d.kind && f.validFrom === d.validFrom && f.validTo === d.validTo);
      return same ? [] : [{ type: 'OutOfAreaFilingRecorded', data: d }];
    }

    case 'ChangeContributionBase': {
      const reg = requireRegistered(state, cmd.data.personId);
      requireEmployee(reg, 'a contribution base');
      requireFromRegistration(reg, cmd.data.effectiveMonth, 'effectiveMonth');
      return [{ type: 'ContributionBaseChanged', data: cmd.data }];
    }
  }
}

/**
 * Crypto-shredding of a registered person's identity, recorded once: the same erasure again
 * records nothing (its handler then only finishes destroying the data key, if a crash stopped it).
 */
export function decideErasure(cmd: EraseIdentity, state: PersonState): PersonEvent[] {
  requireRegistered(state, cmd.data.personId);
  if (state.identityErasedAt !== null) return [];
  return [{ type: 'PersonIdentityErased', data: cmd.data }];
}

const laterChange = (state: PersonState, month: Month): boolean => state.employment.some((e) => e.from > month);

export type { Employment, IsoDate };
