/** 南府办发〔2022〕33号 art. 26: out-of-area filings (异地备案) on the person, and what they open outside the pooling region. */
import { Claim, parameterBook } from '@benefit/policy';
import { ClaimContext, SubmitClaim, decideClaim } from '../claims/claim.decider';
import { deciderSpec } from '../testing/decider-spec';
import { claim, item, registered } from '../testing/fixtures';
import { EnrollmentCommand, RecordOutOfAreaFiling, decideEnrollment } from './enrollment.decider';
import { ClaimAdjudicated, OutOfAreaFilingRecorded, PersonEvent } from './person.events';
import { foldPerson, personFold } from './person.fold';
import { filedOutOfAreaOn } from './person.state';
import { withLineText } from '../events/policy-v2';

const enrollment = deciderSpec(personFold, (cmd: EnrollmentCommand, s) => decideEnrollment(cmd, s));
const ctx: ClaimContext = { params: parameterBook(), today: '2026-11-22' };
const claims = deciderSpec(personFold, (cmd: SubmitClaim, s) => decideClaim(cmd, s, ctx));

const filing = (validFrom = '2023-01-01', validTo: string | null = null, kind: OutOfAreaFilingRecorded['data']['kind'] = 'retiree_resettled'): OutOfAreaFilingRecorded => ({
  type: 'OutOfAreaFilingRecorded',
  data: { personId: 'P-1', kind, validFrom, validTo },
});
const file = (e: OutOfAreaFilingRecorded): RecordOutOfAreaFiling => ({ type: 'RecordOutOfAreaFiling', data: e.data });
const adjudicated = (history: PersonEvent[], over: Partial<Claim>) => {
  const [e] = claims.given(history).when({ type: 'SubmitClaim', data: claim(over) }).then(() => undefined) as ClaimAdjudicated[];
  // its lines with their text, rendered from the words the event holds
  return withLineText(e.data.regionCode, e.data.adjudication);
};

describe('art. 26 recording a filing: retirees settled elsewhere, employees posted elsewhere, with a validity period', () => {
  it('records the filing with its dates', () => {
    enrollment.given([registered()]).when(file(filing('2023-03-01', '2023-12-31', 'posted_elsewhere'))).then([filing('2023-03-01', '2023-12-31', 'posted_elsewhere')]);
  });

  it('the same filing sent again records nothing', () => {
    enrollment.given([registered(), filing()]).when(file(filing())).then([]);
  });

  it('validTo before validFrom is refused', () => {
    enrollment.given([registered()]).when(file(filing('2023-06-01', '2023-05-31'))).thenRefused('invalid');
  });

  it('an unregistered person is not found', () => {
    enrollment.given([]).when(file(filing())).thenRefused('not_found');
  });

  it('a resident-scheme person is refused: the document covers employees (art. 3)', () => {
    enrollment.given([registered({ scheme: 'resident', employment: null, monthlyContributionBaseFen: null })]).when(file(filing())).thenRefused('refused', 'employee-scheme-only');
  });

  it('valid from validFrom through validTo, both days included', () => {
    const s = foldPerson([registered(), filing('2023-03-01', '2023-06-30')]);
    expect([filedOutOfAreaOn(s, '2023-02-28'), filedOutOfAreaOn(s, '2023-03-01'), filedOutOfAreaOn(s, '2023-06-30'), filedOutOfAreaOn(s, '2023-07-01')]).toEqual([false, true, true, false]);
  });
});

describe('art. 26 pooling outside the region pays only filed or referred persons; emergencies count as filed (Choice)', () => {
  const outside = { location: 'out_of_province' as const, serviceDate: '2023-06-15', items: [item(50000)] };

  it('unfiled, unreferred: 500 yuan outside the province, nothing from pooling and no pooling counter moves', () => {
    const a = adjudicated([registered()], outside);
    expect(a.shares.basic_pooling).toBe(0);
    expect(a.shares.self_pay).toBe(50000);
    expect(a.counterDeltas).toEqual({ personal_burden: 50000 });
    expect(a.explanation).toContainEqual(expect.objectContaining({ payer: 'basic_pooling', amountFen: 0, citation: '南府办发〔2022〕33号 art. 26' }));
  });

  it('filed and valid on the service date: (500 − 200) × 60% = 180 yuan under the same deductible, rate and cap', () => {
    const a = adjudicated([registered(), filing('2023-01-01')], outside);
    expect(a.shares.basic_pooling).toBe(18000);
    expect(a.counterDeltas).toMatchObject({ outpatient_pooling_deductible: 20000, outpatient_pooling_paid: 18000 });
  });

  it('a filing that ended before the service date does not count: nothing from pooling', () => {
    expect(adjudicated([registered(), filing('2023-01-01', '2023-05-31')], outside).shares.basic_pooling).toBe(0);
  });

  it('a filing that starts after the service date does not count: nothing from pooling', () => {
    expect(adjudicated([registered(), filing('2023-07-01')], outside).shares.basic_pooling).toBe(0);
  });

  it('referred (referral: true), unfiled: 180 yuan', () => {
    expect(adjudicated([registered()], { ...outside, referral: true }).shares.basic_pooling).toBe(18000);
  });

  it('an emergency outside the province, unfiled: 180 yuan', () => {
    expect(adjudicated([registered()], { ...outside, visitType: 'emergency' }).shares.basic_pooling).toBe(18000);
  });

  it('inside the province but outside the city (in_province) needs a filing too; in_city does not', () => {
    expect(adjudicated([registered()], { ...outside, location: 'in_province' }).shares.basic_pooling).toBe(0);
    expect(adjudicated([registered()], { ...outside, location: 'in_city' }).shares.basic_pooling).toBe(18000);
  });

  it('filed but non-designated there: nothing from pooling (art. 25)', () => {
    expect(adjudicated([registered(), filing()], { ...outside, designated: false }).shares.basic_pooling).toBe(0);
  });
});
