import { RecordedEvent } from '@benefit/event-store';
import { contextOf, isPublished, keyOf, toMessage } from './routing';

const event = (streamId: string, type: string, data: unknown): RecordedEvent => ({
  streamId,
  type,
  data,
  revision: 3,
  position: 42,
  metadata: { eventId: 'e-1', correlationId: 'corr-1', causationId: null, actor: 'tester', recordedAt: '2025-01-01T00:00:00.000Z' },
});

describe('relay routing', () => {
  it.each([
    ['person-p1', 'PatientRegistered', 'persons'],
    ['person-p1', 'ReliefStatusTagged', 'persons'],
    ['person-p1', 'EmploymentChanged', 'persons'],
    ['resident-abc', 'KeyReserved', 'persons'],
    ['person-p1', 'ClaimAdjudicated', 'claims'],
    ['person-p1', 'ClaimSharesAdjusted', 'claims'],
    ['claim-c1', 'KeyReserved', 'claims'],
    ['person-p1', 'PersonalAccountCredited', 'accounts'],
    ['person-p1', 'PersonalAccountPaid', 'accounts'],
    ['person-p1', 'PersonalAccountBackPaid', 'accounts'],
    ['settlements-511300', 'MonthSettled', 'settlements'],
    ['person-p1', 'GuardianshipRewardAccrued', 'settlements'],
    ['person-p1', 'PovertyPremiumAccrued', 'settlements'],
    ['parameters', 'ParameterRecorded', 'parameters'],
    ['misc', 'Unknown', 'other'],
  ])('%s %s goes to %s', (streamId, type, context) => {
    expect(contextOf({ streamId, type })).toBe(context);
  });

  it('publishes every event but the access records (oversight data, served by GET /v1/access-log)', () => {
    expect(isPublished({ type: 'PersonDataRead' })).toBe(false);
    for (const type of ['PatientRegistered', 'ClaimAdjudicated', 'PersonalAccountPaid', 'MonthSettled', 'ParameterRecorded', 'KeyReserved', 'Unknown']) expect(isPublished({ type })).toBe(true);
  });

  it('keys by person, else region, else stream', () => {
    expect(keyOf({ streamId: 'person-p1', data: { personId: 'p1' } })).toBe('p1');
    expect(keyOf({ streamId: 'person-p1', data: { claim: { personId: 'p1' } } })).toBe('p1');
    expect(keyOf({ streamId: 'settlements-511300', data: { regionCode: '511300' } })).toBe('511300');
    expect(keyOf({ streamId: 'parameters', data: { key: 'x' } })).toBe('parameters');
  });

  it('masks the resident id, by field and in free text, and sets every header', () => {
    const m = toMessage(
      event('person-p1', 'PatientRegistered', { personId: 'p1', idNumber: '11010519491231002X', family: [{ idNumber: '11010519491231002X' }], note: 'see 11010519491231002X' }),
      'benefit-ledger',
    );
    expect(m.topic).toBe('benefit-ledger.persons');
    expect(m.key).toBe('p1');
    expect(m.value).not.toContain('11010519491231002X');
    expect(m.value).not.toContain('19491231');
    expect(JSON.parse(m.value)).toMatchObject({ personId: 'p1', idNumber: '110105********002X', family: [{ idNumber: '110105********002X' }] });
    expect(m.headers).toEqual({
      eventId: 'e-1',
      type: 'PatientRegistered',
      position: '42',
      streamId: 'person-p1',
      revision: '3',
      recordedAt: '2025-01-01T00:00:00.000Z',
      correlationId: 'corr-1',
      contentType: 'application/json',
      actor: 'tester',
    });
  });
});
