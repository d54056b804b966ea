/** 盐政办发〔2022〕73号 八: which statuses apply to a claim. */
import { settleClaim } from './chain';
import { StatusRecord, statusWindow, statusesForClaim } from './statuses';
import { claim, item, person, yanchengBook, yuan } from './testing/fixtures';
import { yanchengPack } from './packs/yancheng';

const tag = (status: StatusRecord['status'], validFrom: string, over: Partial<StatusRecord> = {}): StatusRecord => ({ status, validFrom, validTo: null, ...over });
const codes = (records: StatusRecord[], c: Parameters<typeof statusesForClaim>[1], region: Parameters<typeof statusesForClaim>[2] = 'yancheng') =>
  statusesForClaim(records, c, region).map((s) => s.status);

describe('八 a status that lapses at its validTo stops at the end of that month, as a revoked one does', () => {
  const lapsing = [tag('minimum_living', '2023-01-01', { validTo: '2023-05-10' })];
  it('validTo 2023-05-10: assisted through 2023-05-31, not from 2023-06-01', () => {
    expect(statusWindow(lapsing[0])).toEqual({ from: '2023-01-01', through: '2023-05-31' });
    expect(codes(lapsing, { visitType: 'general_outpatient', serviceDate: '2023-05-31', dischargeDate: null })).toEqual(['minimum_living']);
    expect(codes(lapsing, { visitType: 'general_outpatient', serviceDate: '2023-06-01', dischargeDate: null })).toEqual([]);
  });

  it('revoked before it lapses: the earlier month end wins', () => {
    expect(statusWindow(tag('minimum_living', '2023-01-01', { validTo: '2023-08-10', revokedOn: '2023-05-10' })).through).toBe('2023-05-31');
  });
});

describe('八 a revoked status stops at the end of the month of revocation', () => {
  const revoked = [tag('minimum_living', '2023-01-01', { revokedOn: '2023-05-10' })];
  it('still in force on 31 May, gone on 1 June', () => {
    expect(statusWindow(revoked[0])).toEqual({ from: '2023-01-01', through: '2023-05-31' });
    expect(codes(revoked, { visitType: 'general_outpatient', serviceDate: '2023-05-31', dischargeDate: null })).toEqual(['minimum_living']);
    expect(codes(revoked, { visitType: 'general_outpatient', serviceDate: '2023-06-01', dischargeDate: null })).toEqual([]);
  });

  it('a stay uses the statuses held on the admission date: revoked during the stay, it still applies', () => {
    expect(codes(revoked, { visitType: 'inpatient', serviceDate: '2023-05-20', dischargeDate: '2023-06-15' })).toEqual(['minimum_living']);
  });

  it('a revocation the caller already turned into revokedThrough is honoured as given', () => {
    expect(statusWindow(tag('orphan', '2023-01-01', { revokedThrough: '2023-03-31' })).through).toBe('2023-03-31');
  });
});

describe('八 a status acquired during a stay applies to the whole stay', () => {
  const acquired = [tag('extremely_poor', '2023-06-05')];
  it('Yancheng: admitted 20 May, status from 5 June, discharged 15 June → applies, marked acquiredDuringStay', () => {
    const [s] = statusesForClaim(acquired, { visitType: 'inpatient', serviceDate: '2023-05-20', dischargeDate: '2023-06-15' }, 'yancheng');
    expect(s).toMatchObject({ status: 'extremely_poor', acquiredDuringStay: true });
  });

  it('not after discharge, not for outpatient visits, and not outside Yancheng (Choice)', () => {
    expect(codes(acquired, { visitType: 'inpatient', serviceDate: '2023-05-20', dischargeDate: '2023-06-04' })).toEqual([]);
    expect(codes(acquired, { visitType: 'general_outpatient', serviceDate: '2023-05-20', dischargeDate: null })).toEqual([]);
    expect(codes(acquired, { visitType: 'inpatient', serviceDate: '2023-05-20', dischargeDate: '2023-06-15' }, 'jingjiang')).toEqual([]);
  });

  it('the whole stay is assisted at the acquired ratio', () => {
    const statuses = statusesForClaim(acquired, { visitType: 'inpatient', serviceDate: '2023-05-20', dischargeDate: '2023-06-15' }, 'yancheng');
    const c = claim({ visitType: 'inpatient', location: 'in_city', serviceDate: '2023-05-20', dischargeDate: '2023-06-15', items: [item(yuan(1_000))], priorPayments: { basic_pooling: yuan(500) } });
    expect(settleClaim(c, person({ statuses, activeStatuses: [] }), yanchengPack, yanchengBook()).shares.medical_assistance).toBe(yuan(500));
  });
});

describe('八 temporary_relief_major_illness: one year, back to the first treatment, at most 2 years', () => {
  it('recognised 1 June 2023, first treated 15 January 2022: from 15 January 2022 to 31 May 2024', () => {
    expect(statusWindow(tag('temporary_relief_major_illness', '2023-06-01', { firstTreatmentDate: '2022-01-15' }))).toEqual({ from: '2022-01-15', through: '2024-05-31' });
  });

  it('first treated in March 2020: back to 1 June 2021 only (2 years)', () => {
    expect(statusWindow(tag('temporary_relief_major_illness', '2023-06-01', { firstTreatmentDate: '2020-03-01' })).from).toBe('2021-06-01');
  });

  it('a claim of February 2022 is covered once the status is recorded (the caller re-settles it)', () => {
    const r = [tag('temporary_relief_major_illness', '2023-06-01', { firstTreatmentDate: '2022-01-15' })];
    expect(codes(r, { visitType: 'general_outpatient', serviceDate: '2022-02-01', dischargeDate: null })).toEqual(['temporary_relief_major_illness']);
    expect(codes(r, { visitType: 'general_outpatient', serviceDate: '2024-06-01', dischargeDate: null })).toEqual([]);
  });

  it('other statuses apply from their start date only', () => {
    expect(statusWindow(tag('minimum_living', '2023-06-01', { firstTreatmentDate: '2022-01-15' })).from).toBe('2023-06-01');
  });
});

describe('details travel with the status', () => {
  it('diagnosis, risk level and potential risk; the latest record wins', () => {
    const r = [tag('severe_mental_disorder', '2023-01-01', { riskLevel: 1, diagnosis: 'schizophrenia' }), tag('severe_mental_disorder', '2023-03-01', { riskLevel: 3, diagnosis: 'schizophrenia', potentialRisk: true })];
    expect(statusesForClaim(r, { visitType: 'general_outpatient', serviceDate: '2023-06-01', dischargeDate: null }, 'shanting')).toEqual([
      expect.objectContaining({ status: 'severe_mental_disorder', riskLevel: 3, potentialRisk: true, diagnosis: 'schizophrenia' }),
    ]);
  });
});
