import { RecordedEvent } from '@benefit/event-store';
import { randomBytes } from 'node:crypto';
import { PiiVault, SqliteKeyStore, envMasterKeys } from '@benefit/vault';
import { contextOf, isPublished, keyOf, publishedValue, toMessage } from './routing';

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
    ['person-p1', 'PersonIdentityErased', 'persons'],
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

  it('publishes sealed names and ids exactly as stored (no key downstream; an erasure shreds them there too), and still opens them with the key', async () => {
    const vault = new PiiVault(envMasterKeys(randomBytes(32).toString('hex')), new SqliteKeyStore(':memory:'));
    const name = await vault.seal('p1', 'name', '张三');
    const idNumber = await vault.seal('p1', 'idNumber', '11010519491231002X');
    const m = toMessage(event('person-p1', 'PatientRegistered', { personId: 'p1', name, idNumber, note: 'see 11010519491231002X' }), 'benefit-ledger');
    const published = JSON.parse(m.value);
    expect(published).toEqual({ personId: 'p1', name, idNumber, note: 'see 110105********002X' });
    expect(await vault.open('p1', 'idNumber', published.idNumber)).toBe('11010519491231002X');
    await vault.close();
  });

  it('never takes digits inside an envelope for a resident id', () => {
    // base64url can hold 18 digits in a row: masking them would corrupt the ciphertext
    const envelope = `pii:v1:AbC${'1101051949123100'}29xYz_-${'110105194912310020'}`;
    expect(JSON.parse(publishedValue({ type: 'PatientRegistered', data: { personId: 'p1', idNumber: envelope, name: envelope, nested: [{ idNumber: envelope }] } }))).toEqual({
      personId: 'p1',
      idNumber: envelope,
      name: envelope,
      nested: [{ idNumber: envelope }],
    });
    // the same digits outside an envelope are masked
    expect(publishedValue({ type: 'ReliefStatusTagged', data: { note: `x ${envelope.slice(7)}` } })).not.toContain('110105194912310020');
  });
});

describe('a claim stored in words (ClaimAdjudicated version 2)', () => {
  it('goes out with each line read as its rule said it, the words beside nothing else', () => {
    const line = { payer: 'personal_account', amountFen: 8620, rule: 'personal_account.claim_payment', words: ['personal_account.pays', 8620, 8620, 284365] };
    const data = { v: 2, claim: { claimId: 'C1', personId: 'p1' }, regionCode: 'nanchong', adjudication: { totalFen: 8620, explanation: [line] } };
    const published = JSON.parse(publishedValue({ type: 'ClaimAdjudicated', data }));
    expect(published.v).toBe(2);
    expect(published.adjudication.explanation).toEqual([
      {
        payer: 'personal_account',
        amountFen: 8620,
        rule: 'personal_account.claim_payment',
        citation: '南府办发〔2022〕33号 art. 18(1)(2), art. 20(2)',
        detail: 'pays 86.20 yuan of the 86.20 yuan the person owes; balance before 2843.65 yuan (the rest is cash)',
      },
    ]);
  });
});
