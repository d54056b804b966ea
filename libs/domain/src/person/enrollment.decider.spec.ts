/** Enrollment: registration, relief statuses (盐政办发〔2022〕73号 八), employment (南府办发〔2022〕33号 art. 14). */
import { deciderSpec } from '../testing/decider-spec';
import { registered } from '../testing/fixtures';
import { EnrollmentCommand, EraseIdentity, decideEnrollment, decideErasure } from './enrollment.decider';
import { PersonEvent } from './person.events';
import { personFold, foldPerson } from './person.fold';
import { activeStatusesOn } from './person.state';

const spec = deciderSpec(personFold, (cmd: EnrollmentCommand, s) => decideEnrollment(cmd, s));
const tagged = (status = 'minimum_living', validFrom = '2023-01-01', validTo: string | null = null): PersonEvent => ({
  type: 'ReliefStatusTagged',
  data: { personId: 'P-1', status: status as never, validFrom, validTo, source: 'civil_affairs', diagnosis: null, riskLevel: null, firstTreatmentDate: null },
});
const revoked = (effectiveDate: string): PersonEvent => ({ type: 'ReliefStatusRevoked', data: { personId: 'P-1', status: 'minimum_living', effectiveDate } });

describe('registration', () => {
  it('records a new person', () => {
    const e = registered();
    spec.given([]).when({ type: 'RegisterPatient', data: e.data as never }).then([e]);
  });

  it('the same person id again is a conflict', () => {
    spec.given([registered()]).when({ type: 'RegisterPatient', data: registered().data as never }).thenRefused('conflict', 'person-exists');
  });
});

describe('relief statuses', () => {
  it('a status applies from its start date', () => {
    const s = foldPerson([registered(), tagged('minimum_living', '2023-03-01')]);
    expect(activeStatusesOn(s, '2023-02-28')).toEqual([]);
    expect(activeStatusesOn(s, '2023-03-01')).toEqual(['minimum_living']);
  });

  it('八: a revoked status stops at the end of the month of revocation', () => {
    const s = foldPerson([registered(), tagged(), revoked('2023-05-10')]);
    expect(activeStatusesOn(s, '2023-05-31')).toEqual(['minimum_living']);
    expect(activeStatusesOn(s, '2023-06-01')).toEqual([]);
  });

  it('tagging a status already held for an overlapping period is a conflict', () => {
    spec.given([registered(), tagged()]).when({ type: 'TagReliefStatus', data: tagged('minimum_living', '2023-06-01').data as never }).thenRefused('conflict', 'status-overlaps');
  });

  it('after revocation the status can be tagged again from the next month', () => {
    spec.given([registered(), tagged(), revoked('2023-05-10')]).when({ type: 'TagReliefStatus', data: tagged('minimum_living', '2023-07-01').data as never }).then((e) => expect(e).toHaveLength(1));
  });

  it('revoking a status the person does not hold is a conflict', () => {
    spec.given([registered()]).when({ type: 'RevokeReliefStatus', data: revoked('2023-05-10').data as never }).thenRefused('conflict', 'status-not-held');
  });

  it('commands on an unregistered person are not found', () => {
    spec.given([]).when({ type: 'TagReliefStatus', data: tagged().data as never }).thenRefused('not_found');
  });
});

describe('employment and contribution base (employee scheme only)', () => {
  it('records retirement from a month', () => {
    spec.given([registered()]).when({ type: 'ChangeEmployment', data: { personId: 'P-1', employment: 'retired', effectiveMonth: '2023-07' } }).then((e) => expect(e).toHaveLength(1));
  });

  it('an employment already in force from that month changes nothing', () => {
    spec.given([registered()]).when({ type: 'ChangeEmployment', data: { personId: 'P-1', employment: 'in_service', effectiveMonth: '2023-07' } }).then([]);
  });

  it('a resident has no employment to change', () => {
    const resident = registered({ scheme: 'resident', employment: null, monthlyContributionBaseFen: null });
    spec.given([resident]).when({ type: 'ChangeEmployment', data: { personId: 'P-1', employment: 'retired', effectiveMonth: '2023-07' } }).thenRefused('refused', 'employee-scheme-only');
  });

  it('a change before the registration month is invalid', () => {
    spec.given([registered({ registeredOn: '2023-05-01' })]).when({ type: 'ChangeContributionBase', data: { personId: 'P-1', monthlyContributionBaseFen: 700000, effectiveMonth: '2023-04' } }).thenRefused('invalid');
  });
});

describe('erasure of the identity (crypto-shredding, API.md Access)', () => {
  const erasure = deciderSpec(personFold, (cmd: EraseIdentity, s) => decideErasure(cmd, s));
  const erase = (erasedAt = '2024-05-01T08:00:00.000Z'): EraseIdentity => ({ type: 'EraseIdentity', data: { personId: 'P-1', reason: 'request under PIPL art. 47', erasedAt } });
  const erased = (erasedAt = '2024-05-01T08:00:00.000Z'): PersonEvent => ({ type: 'PersonIdentityErased', data: erase(erasedAt).data });

  it('records the erasure of a registered person once', () => {
    erasure.given([registered()]).when(erase()).then([erased()]);
  });

  it('the same erasure again records nothing, and the first date stands', () => {
    erasure.given([registered(), erased()]).when(erase('2025-01-01T00:00:00.000Z')).then([]);
    expect(foldPerson([registered(), erased(), erased('2025-01-01T00:00:00.000Z')]).identityErasedAt).toBe('2024-05-01T08:00:00.000Z');
  });

  it('an unknown person is not found', () => {
    erasure.given([]).when(erase()).thenRefused('not_found');
  });

  it('leaves the money facts as they were: the balance and the registration', () => {
    const before = foldPerson([registered({ openingPersonalAccountFen: 1234 })]);
    const after = foldPerson([registered({ openingPersonalAccountFen: 1234 }), erased()]);
    expect(after.balanceFen).toBe(before.balanceFen);
    expect(after.registration).toEqual(before.registration);
  });

  it('registering the person again stays a conflict', () => {
    spec.given([registered(), erased()]).when({ type: 'RegisterPatient', data: registered().data as never }).thenRefused('conflict', 'person-exists');
  });
});
