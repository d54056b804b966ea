/**
 * What a visit accepts, pure (visit.events.ts): registration once, fee details until it is
 * settled, a settlement only of the bill as uploaded, a cancellation only of a settlement. Every
 * refusal names the national field it is about, so the hospital's answer (`err_msg`) says which.
 */
import { IsoDate, conflict, invalid, notFound, refused, sumFen } from '@benefit/shared';
import { Fold } from '../command-runner';
import type { Decider } from '../deciders';
import { FeeDetail, VisitEvent, VisitRegistered, VisitSetting, visitStream } from './visit.events';

/** Rows a visit may hold: a claim holds at most this many items (MAX_CLAIM_ITEMS of libs/runtime). */
export const MAX_VISIT_DETAILS = 1000;

export interface VisitState {
  status: 'none' | 'open' | 'settled' | 'cancelled';
  registration: VisitRegistered['data'] | null;
  /** The bill as now uploaded, in the order rows were first sent. */
  details: FeeDetail[];
  setlId: string | null;
  medfeeSumamtFen: number | null;
}

export const initialVisitState = (): VisitState => ({ status: 'none', registration: null, details: [], setlId: null, medfeeSumamtFen: null });

/** A re-upload replaces the row of the same `feedetl_sn` where it stands; new rows go last. */
function withDetails(current: readonly FeeDetail[], uploaded: readonly FeeDetail[]): FeeDetail[] {
  const out = [...current];
  for (const d of uploaded) {
    const at = out.findIndex((x) => x.feedetlSn === d.feedetlSn);
    if (at === -1) out.push(d);
    else out[at] = d;
  }
  return out;
}

export function evolveVisit(state: VisitState, event: VisitEvent): VisitState {
  switch (event.type) {
    case 'VisitRegistered':
      return { ...state, status: 'open', registration: event.data };
    case 'FeeDetailsUploaded':
      return { ...state, details: withDetails(state.details, event.data.details) };
    case 'VisitSettled':
      return { ...state, status: 'settled', setlId: event.data.setlId, medfeeSumamtFen: event.data.medfeeSumamtFen };
    case 'VisitSettlementCancelled':
      return { ...state, status: 'cancelled' };
  }
}

export const visitFold: Fold<VisitState, VisitEvent> = { name: 'visit', initialState: initialVisitState, evolve: evolveVisit };

/** Who sends a message about a visit: the person and the institution it must belong to, and the setting of the message (2201 vs 2401…). */
export interface VisitParty {
  mdtrtId: string;
  personId: string;
  institutionId: string;
  setting: VisitSetting;
}

export type RegisterVisit = { type: 'RegisterVisit'; data: Omit<VisitRegistered['data'], 'v'> };
export type UploadFeeDetails = { type: 'UploadFeeDetails'; data: VisitParty & { details: FeeDetail[] } };
export type RecordVisitSettlement = { type: 'RecordVisitSettlement'; data: VisitParty & { setlId: string; medfeeSumamtFen: number } };
export type CancelVisitSettlement = { type: 'CancelVisitSettlement'; data: VisitParty & { setlId: string } };
export type VisitCommand = RegisterVisit | UploadFeeDetails | RecordVisitSettlement | CancelVisitSettlement;

const SETTING_NAME: Record<VisitSetting, string> = { outpatient: 'an outpatient visit (2201)', inpatient: 'an inpatient stay (2401)' };

/** The visit exists and belongs to this person, institution and setting; anything else is refused by name. */
export function requireVisit(state: VisitState, party: VisitParty): VisitRegistered['data'] {
  const reg = state.registration;
  // another institution's visit answers as if it did not exist: visit ids do not leak across hospitals
  if (!reg || reg.institutionId !== party.institutionId) throw notFound('Visit', `mdtrt_id ${party.mdtrtId}: no visit of institution ${party.institutionId} is registered under this id`);
  if (reg.personId !== party.personId) throw refused('visit-person-mismatch', `psn_no: visit ${party.mdtrtId} is registered for another person`, 'psn_no');
  if (reg.setting !== party.setting) throw refused('visit-setting-mismatch', `mdtrt_id: visit ${party.mdtrtId} is ${SETTING_NAME[reg.setting]}; this message is for ${SETTING_NAME[party.setting]}`, 'mdtrt_id');
  return reg;
}

/**
 * The bill a settlement settles: the details as uploaded, and only when `medfee_sumamt` is their
 * sum to the fen (a hospital that bills one amount and uploads another is refused, nothing
 * recorded). A settled visit answers again for the same amount (a retry); a cancelled one is
 * closed: its re-settlement is a new visit (2201/2401 again with the same ipt_otp_no).
 */
export function billToSettle(state: VisitState, party: VisitParty, medfeeSumamtFen: number): { registration: VisitRegistered['data']; details: FeeDetail[] } {
  const registration = requireVisit(state, party);
  if (state.status === 'cancelled') {
    throw refused('visit-cancelled', `mdtrt_id: the settlement of visit ${party.mdtrtId} was cancelled; a re-settlement is a new visit: register it again (2201/2401, same ipt_otp_no) and upload its details`, 'mdtrt_id');
  }
  if (state.details.length === 0) throw refused('no-fee-details', `mdtrt_id: no fee details are uploaded for visit ${party.mdtrtId} (2204/2301)`, 'mdtrt_id');
  const uploadedFen = sumFen(state.details.map((d) => d.amountFen));
  if (medfeeSumamtFen !== uploadedFen) {
    throw refused('medfee-mismatch', `medfee_sumamt: ${yuanText(medfeeSumamtFen)} differs from the ${state.details.length} uploaded fee details, which add up to ${yuanText(uploadedFen)}`, 'medfee_sumamt');
  }
  return { registration, details: state.details };
}

const yuanText = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')} yuan`;

export function decideVisit(command: VisitCommand, state: VisitState): VisitEvent[] {
  switch (command.type) {
    case 'RegisterVisit': {
      const d = command.data;
      const reg = state.registration;
      if (!reg) return [{ type: 'VisitRegistered', data: { v: 1, ...d } }];
      // the same registration again is a retry; anything else under the same id is a conflict
      const same = reg.personId === d.personId && reg.institutionId === d.institutionId && reg.iptOtpNo === d.iptOtpNo && reg.setting === d.setting && reg.beginsOn === d.beginsOn && reg.endsOn === d.endsOn;
      if (same) return [];
      throw conflict('visit-registered', `ipt_otp_no ${d.iptOtpNo} is registered as visit ${d.mdtrtId} with another person, time or setting`);
    }
    case 'UploadFeeDetails': {
      const d = command.data;
      const reg = requireVisit(state, d);
      if (state.status === 'settled') throw refused('visit-settled', `mdtrt_id: visit ${d.mdtrtId} is settled; cancel the settlement first (2208/2305)`, 'mdtrt_id');
      if (state.status === 'cancelled') throw refused('visit-cancelled', `mdtrt_id: the settlement of visit ${d.mdtrtId} was cancelled; upload the corrected bill to a new visit (2201/2401)`, 'mdtrt_id');
      const seen = new Set<string>();
      for (const [i, row] of d.details.entries()) {
        if (seen.has(row.feedetlSn)) throw invalid([{ field: `feedetail[${i}].feedetl_sn`, message: `${row.feedetlSn} is sent twice in one upload` }]);
        seen.add(row.feedetlSn);
        if (row.occurredOn !== null && row.occurredOn < reg.beginsOn) throw invalid([{ field: `feedetail[${i}].fee_ocur_time`, message: `is before the visit began (${reg.beginsOn})` }]);
      }
      const after = withDetails(state.details, d.details);
      if (after.length > MAX_VISIT_DETAILS) throw refused('too-many-fee-details', `feedetail: a visit holds at most ${MAX_VISIT_DETAILS} fee details; this upload would make ${after.length}`, 'feedetail');
      // rows sent again unchanged change nothing: the upload is a retry
      const changes = d.details.filter((row) => {
        const was = state.details.find((x) => x.feedetlSn === row.feedetlSn);
        return !was || was.code !== row.code || was.amountFen !== row.amountFen || was.occurredOn !== row.occurredOn;
      });
      return changes.length ? [{ type: 'FeeDetailsUploaded', data: { v: 1, mdtrtId: d.mdtrtId, details: changes } }] : [];
    }
    case 'RecordVisitSettlement': {
      const d = command.data;
      billToSettle(state, d, d.medfeeSumamtFen);
      if (state.status === 'settled') return [];
      return [{ type: 'VisitSettled', data: { v: 1, mdtrtId: d.mdtrtId, setlId: d.setlId, medfeeSumamtFen: d.medfeeSumamtFen } }];
    }
    case 'CancelVisitSettlement': {
      const d = command.data;
      requireVisit(state, d);
      if (state.status === 'cancelled' && state.setlId === d.setlId) return [];
      if (state.status !== 'settled') throw refused('visit-not-settled', `mdtrt_id: visit ${d.mdtrtId} has no settlement to cancel`, 'mdtrt_id');
      if (state.setlId !== d.setlId) throw notFound('Settlement', `setl_id: no settlement ${d.setlId} is recorded for visit ${d.mdtrtId}`);
      return [{ type: 'VisitSettlementCancelled', data: { v: 1, mdtrtId: d.mdtrtId, setlId: d.setlId } }];
    }
  }
}

/** The visit decider (deciders.ts): every command decided on the visit's own stream. */
export const visitDecider: Decider<VisitCommand, VisitState, VisitEvent> = {
  ...visitFold,
  streamOf: (command) => visitStream(command.data.mdtrtId),
  decide: (command, state) => decideVisit(command, state),
};

/** A day of a national-platform time (`yyyy-MM-dd HH:mm:ss`, or the date alone), or null when it is not one. */
export function dayOf(time: string): IsoDate | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$/.exec(time);
  return m ? m[1] : null;
}
