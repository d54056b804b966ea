/**
 * The mapping into the version-1 schema changes nothing of today's values — the stored JSON is
 * byte for byte what it was before versioning, key order included — and keeps out what the
 * schema does not name, so a field added to a working type cannot reach the log unversioned.
 */
import { Adjudication, BedDayPayment, Claim, catalogueBook, classifyClaim, packFor, parameterBook, settleClaim } from '@benefit/policy';
import { foldPerson } from '../person/person.fold';
import { beneficiaryForClaim } from '../person/person.state';
import { claim, item, registered } from '../testing/fixtures';
import { adjudicationV1, bedDayPaymentV1, claimV1, counterLimitsV1 } from './to-policy-v1';

const params = parameterBook();
/** A Nanchong in-service employee's 500-yuan claim settled by the chain (南府办发〔2022〕33号 art. 7(1)). */
function settled(c: Claim): Adjudication {
  const state = foldPerson([registered()]);
  return settleClaim(c, beneficiaryForClaim(state, c), packFor('nanchong'), params);
}

describe('today’s values map onto version 1 unchanged', () => {
  it('a settled claim and its adjudication: the same JSON, every share, line and counter in its place', () => {
    const c = claim({ usePersonalAccount: true, items: [item(50000), item(3000, 'C', { tags: ['above_tariff'] })], circumstances: ['emergency'] });
    const a = settled(c);
    expect(a.explanation.length).toBeGreaterThan(1);
    expect(JSON.stringify(claimV1(c))).toBe(JSON.stringify(c));
    expect(JSON.stringify(adjudicationV1(a))).toBe(JSON.stringify(a));
  });

  it('an item the catalogue classed keeps `classifiedBy`, and priorPayments keep their payers', () => {
    const { catalogClass: _class, ...unclassed } = item(50000, 'A', { code: 'UNLISTED' });
    const classed = classifyClaim({ ...claim({ priorPayments: { basic_pooling: 1000, medical_assistance: 200 } }), items: [unclassed] }, catalogueBook());
    expect(classed.items[0]).toMatchObject({ catalogClass: 'C', classifiedBy: 'catalogue' });
    expect(JSON.stringify(claimV1(classed))).toBe(JSON.stringify(classed));
  });

  it('bed days and counter limits (null: no limit) are copied as they are; no bed days stays null', () => {
    const bedDays: BedDayPayment = { bedDays: 5, perDiemFen: 20000, amountFen: 100000, illustrative: true, rule: 'shanting.bed_day', citation: '山亭 一', detail: '5 × 200 yuan' };
    expect(JSON.stringify(bedDayPaymentV1(bedDays))).toBe(JSON.stringify(bedDays));
    expect(bedDayPaymentV1(null)).toBeNull();
    expect(counterLimitsV1({ outpatient_pooling_paid: 100000, personal_burden: null })).toStrictEqual({ outpatient_pooling_paid: 100000, personal_burden: null });
  });
});

describe('what version 1 does not name stays out of the log', () => {
  it('a field the working types gained (here forced in) is not stored: it needs a version 2 first', () => {
    const c = { ...claim(), referralNumber: 'R-1' } as Claim;
    const a = { ...settled(claim()), rebateFen: 5 } as Adjudication;
    a.explanation = a.explanation.map((line) => ({ ...line, weight: 1 }));
    expect(claimV1(c)).not.toHaveProperty('referralNumber');
    expect(adjudicationV1(a)).not.toHaveProperty('rebateFen');
    expect(adjudicationV1(a).explanation.every((line) => !('weight' in line))).toBe(true);
  });
});
