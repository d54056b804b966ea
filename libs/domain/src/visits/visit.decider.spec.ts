/** The visit stream (API.md "National platform messages" 2201/2401, 2204/2301, 2207/2304, 2208/2305). */
import { deciderSpec } from '../testing/decider-spec';
import { FeeDetail, VisitEvent } from './visit.events';
import { VisitCommand, billToSettle, decideVisit, evolveVisit, initialVisitState, visitFold } from './visit.decider';

const spec = deciderSpec<ReturnType<typeof initialVisitState>, VisitEvent, VisitCommand>(visitFold, decideVisit);
const party = { mdtrtId: 'H1:OP1', personId: 'P-1', institutionId: 'H1', setting: 'outpatient' as const };
const registered: VisitEvent = { type: 'VisitRegistered', data: { v: 1, mdtrtId: 'H1:OP1', personId: 'P-1', institutionId: 'H1', iptOtpNo: 'OP1', setting: 'outpatient', beginsOn: '2023-03-05', endsOn: null } };
const row = (feedetlSn: string, amountFen: number, code = 'XA01'): FeeDetail => ({ feedetlSn, code, amountFen, occurredOn: '2023-03-05' });
const uploaded = (...details: FeeDetail[]): VisitEvent => ({ type: 'FeeDetailsUploaded', data: { v: 1, mdtrtId: 'H1:OP1', details } });
const settled: VisitEvent = { type: 'VisitSettled', data: { v: 1, mdtrtId: 'H1:OP1', setlId: 'H1:OP1', medfeeSumamtFen: 30000 } };
const register: VisitCommand = { type: 'RegisterVisit', data: { mdtrtId: 'H1:OP1', personId: 'P-1', institutionId: 'H1', iptOtpNo: 'OP1', setting: 'outpatient', beginsOn: '2023-03-05', endsOn: null } };
const upload = (...details: FeeDetail[]): VisitCommand => ({ type: 'UploadFeeDetails', data: { ...party, details } });

describe('2201 registration', () => {
  it('registers once; the same registration again is a retry; another person under the number is a conflict', () => {
    spec.given([]).when(register).then([registered]);
    spec.given([registered]).when(register).then([]);
    spec.given([registered]).when({ ...register, data: { ...register.data, personId: 'P-2' } } as VisitCommand).thenRefused('conflict', 'visit-registered');
  });
});

describe('2204 fee details: a re-upload replaces by feedetl_sn', () => {
  it('row 2 sent again with 150.00 instead of 150.50 replaces it where it stands; unchanged rows are a retry', () => {
    const state = [registered, uploaded(row('1', 30000), row('2', 15050)), uploaded(row('2', 15000))].reduce(evolveVisit, initialVisitState());
    expect(state.details).toEqual([row('1', 30000), row('2', 15000)]);
    spec.given([registered, uploaded(row('1', 30000))]).when(upload(row('1', 30000))).then([]);
    spec.given([registered, uploaded(row('1', 30000))]).when(upload(row('1', 30000), row('2', 100))).then([uploaded(row('2', 100))]);
  });

  it('refused: another institution’s visit (404), another person, an inpatient message, a settled visit, a row twice in one upload', () => {
    spec.given([]).when(upload(row('1', 1))).thenRefused('not_found');
    spec.given([registered]).when({ type: 'UploadFeeDetails', data: { ...party, institutionId: 'H2', details: [row('1', 1)] } }).thenRefused('not_found');
    spec.given([registered]).when({ type: 'UploadFeeDetails', data: { ...party, personId: 'P-9', details: [row('1', 1)] } }).thenRefused('refused', 'visit-person-mismatch');
    spec.given([registered]).when({ type: 'UploadFeeDetails', data: { ...party, setting: 'inpatient', details: [row('1', 1)] } }).thenRefused('refused', 'visit-setting-mismatch');
    spec.given([registered, uploaded(row('1', 30000)), settled]).when(upload(row('2', 1))).thenRefused('refused', 'visit-settled');
    spec.given([registered]).when(upload(row('1', 1), row('1', 2))).thenRefused('invalid');
  });
});

describe('2207 settlement: only the bill as uploaded', () => {
  it('medfee_sumamt 300.00 = the uploaded details → the bill; 300.01 is refused naming medfee_sumamt', () => {
    const state = [registered, uploaded(row('1', 20000), row('2', 10000))].reduce(evolveVisit, initialVisitState());
    expect(billToSettle(state, party, 30000).details).toHaveLength(2);
    expect(() => billToSettle(state, party, 30001)).toThrow(/medfee_sumamt: 300\.01 yuan differs from the 2 uploaded fee details, which add up to 300\.00 yuan/);
    spec.given([registered, uploaded(row('1', 30000))]).when({ type: 'RecordVisitSettlement', data: { ...party, setlId: 'H1:OP1', medfeeSumamtFen: 30000 } }).then([settled]);
    spec.given([registered, uploaded(row('1', 30000)), settled]).when({ type: 'RecordVisitSettlement', data: { ...party, setlId: 'H1:OP1', medfeeSumamtFen: 30000 } }).then([]);
    spec.given([registered]).when({ type: 'RecordVisitSettlement', data: { ...party, setlId: 'H1:OP1', medfeeSumamtFen: 0 } }).thenRefused('refused', 'no-fee-details');
  });

  it('2208: a settled visit is cancelled once; it is then closed (a re-settlement is a new visit)', () => {
    const cancelled: VisitEvent = { type: 'VisitSettlementCancelled', data: { v: 1, mdtrtId: 'H1:OP1', setlId: 'H1:OP1' } };
    const cancel: VisitCommand = { type: 'CancelVisitSettlement', data: { ...party, setlId: 'H1:OP1' } };
    spec.given([registered, uploaded(row('1', 30000)), settled]).when(cancel).then([cancelled]);
    spec.given([registered, uploaded(row('1', 30000)), settled, cancelled]).when(cancel).then([]);
    spec.given([registered]).when(cancel).thenRefused('refused', 'visit-not-settled');
    spec.given([registered, uploaded(row('1', 30000)), settled, cancelled]).when({ type: 'RecordVisitSettlement', data: { ...party, setlId: 'H1:OP1', medfeeSumamtFen: 30000 } }).thenRefused('refused', 'visit-cancelled');
  });
});
