/**
 * A visit (就诊, the national platform's `mdtrt_id`) as a stream of its own, `visit-{mdtrtId}`:
 * the registration (2201 outpatient, 2401 admission), the fee details uploaded for it (2204,
 * 2301; a re-upload of a `feedetl_sn` replaces that row), then its settlement and the settlement's
 * cancellation. The money is decided on the person's stream (SubmitClaim, CancelClaim); the visit
 * only holds what the hospital sent and where the visit stands.
 */
import { IsoDate } from '@benefit/shared';

export const visitStream = (mdtrtId: string) => `visit-${mdtrtId}`;

export type VisitSetting = 'outpatient' | 'inpatient';

/** One row of the hospital's bill (feedetail), in fen. */
export interface FeeDetail {
  /** The hospital's row number (`feedetl_sn`): a re-upload with the same number replaces the row. */
  feedetlSn: string;
  /** The national catalogue code (`med_list_codg`): the catalogue classes it on the service date. */
  code: string;
  amountFen: number;
  /** `fee_ocur_time`, the day only; null when not sent. */
  occurredOn: IsoDate | null;
}

/** Schema version 1 (STYLE.md §10: a later shape gets a V2 and an upcaster in the fold). */
export interface VisitRegisteredV1 {
  type: 'VisitRegistered';
  data: {
    v: 1;
    mdtrtId: string;
    personId: string;
    /** `fixmedins_code`. */
    institutionId: string;
    /** The hospital's outpatient or inpatient number (`ipt_otp_no`). */
    iptOtpNo: string;
    setting: VisitSetting;
    /** `begntime` (the visit, or the admission), the day. */
    beginsOn: IsoDate;
    /** `endtime` (the discharge) when the hospital sent it at admission; null otherwise. */
    endsOn: IsoDate | null;
  };
}

export interface FeeDetailsUploadedV1 {
  type: 'FeeDetailsUploaded';
  data: { v: 1; mdtrtId: string; details: FeeDetail[] };
}

/** The visit's bill was settled as claim `setlId` (SubmitClaim recorded it on the person's stream). */
export interface VisitSettledV1 {
  type: 'VisitSettled';
  data: { v: 1; mdtrtId: string; setlId: string; medfeeSumamtFen: number };
}

/** The settlement was cancelled (CancelClaim recorded it): the visit is closed; a re-settlement is a new visit. */
export interface VisitSettlementCancelledV1 {
  type: 'VisitSettlementCancelled';
  data: { v: 1; mdtrtId: string; setlId: string };
}

export type VisitRegistered = VisitRegisteredV1;
export type FeeDetailsUploaded = FeeDetailsUploadedV1;
export type VisitSettled = VisitSettledV1;
export type VisitSettlementCancelled = VisitSettlementCancelledV1;
export type VisitEvent = VisitRegistered | FeeDetailsUploaded | VisitSettled | VisitSettlementCancelled;
