/**
 * Which relief statuses apply to a claim, and with which details. The date rules are those of
 * 盐政办发〔2022〕73号 八; the deciders call `statusesForClaim` to fill `Beneficiary.statuses`.
 */
import { IsoDate, RegionCode, ReliefStatus, lastDayOf, monthOf } from '@benefit/shared';
import { Beneficiary, Claim, StatusInForce } from './claim';

/** A status as recorded (ReliefStatusTagged, plus the revocation when there is one). */
export interface StatusRecord {
  status: ReliefStatus;
  validFrom: IsoDate;
  validTo: IsoDate | null;
  /** Date of ReliefStatusRevoked.effectiveDate, when revoked. */
  revokedOn?: IsoDate | null;
  /** Or the last day it applies after revocation, if the caller already computed it. */
  revokedThrough?: IsoDate | null;
  diagnosis?: string | null;
  riskLevel?: number | null;
  potentialRisk?: boolean;
  firstTreatmentDate?: IsoDate | null;
}

const addYears = (date: IsoDate, years: number): IsoDate => {
  const y = Number(date.slice(0, 4)) + years;
  const md = date.slice(5);
  // 29 February has no twin in a common year: the last day of February stands for it
  return md === '02-29' && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? `${y}-02-28` : `${y}-${md}`;
};
const dayBefore = (date: IsoDate): IsoDate => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const minDate = (a: IsoDate | null, b: IsoDate | null): IsoDate | null => (a === null ? b : b === null ? a : a < b ? a : b);

/**
 * First and last day a recorded status applies (盐政办发〔2022〕73号 八):
 * - revoked, or lapsed at its validTo: until the end of that month (丧失…身份的，原则上次月起不再享受);
 * - `temporary_relief_major_illness`: one year (一年一确定) — Choice: from validFrom when no
 *   validTo is recorded — and back to the first treatment of the certified disease, at most 2 years
 *   before validFrom (追溯时间不超出2年);
 * - any other status: from validFrom (获得相应身份后即享受).
 */
export function statusWindow(r: StatusRecord): { from: IsoDate; through: IsoDate | null } {
  let from = r.validFrom;
  // 八: a status that lapses at its validTo stops at the end of that month, as a revoked one does
  let through = r.validTo === null ? null : lastDayOf(monthOf(r.validTo));
  if (r.status === 'temporary_relief_major_illness') {
    through = through ?? dayBefore(addYears(r.validFrom, 1));
    if (r.firstTreatmentDate && r.firstTreatmentDate < r.validFrom) {
      const earliest = addYears(r.validFrom, -2);
      from = r.firstTreatmentDate > earliest ? r.firstTreatmentDate : earliest;
    }
  }
  const revokedThrough = r.revokedThrough ?? (r.revokedOn ? lastDayOf(monthOf(r.revokedOn)) : null);
  return { from, through: minDate(through, revokedThrough) };
}

const covers = (w: { from: IsoDate; through: IsoDate | null }, date: IsoDate) => w.from <= date && (w.through === null || w.through >= date);

/**
 * The statuses that apply to a claim: those in force on the service date — for an inpatient stay
 * the admission date, so a status lost during the stay still applies to it — and, in Yancheng,
 * those acquired during the stay (当次住院起即可…享受). Choice: the during-stay rule is the
 * Yancheng document's; other regions take the statuses held on the admission date.
 * One entry per status; the latest record wins for its details.
 */
export function statusesForClaim(records: readonly StatusRecord[], claim: Pick<Claim, 'visitType' | 'serviceDate' | 'dischargeDate'>, region: RegionCode): StatusInForce[] {
  const stay = claim.visitType === 'inpatient' && region === 'yancheng' ? (claim.dischargeDate ?? claim.serviceDate) : null;
  const found = new Map<ReliefStatus, StatusInForce>();
  for (const r of records) {
    const w = statusWindow(r);
    const held = covers(w, claim.serviceDate);
    const acquired = !held && stay !== null && w.from > claim.serviceDate && w.from <= stay;
    if (!held && !acquired) continue;
    const entry: StatusInForce = {
      status: r.status,
      diagnosis: r.diagnosis ?? null,
      riskLevel: r.riskLevel ?? null,
      potentialRisk: r.potentialRisk ?? false,
      firstTreatmentDate: r.firstTreatmentDate ?? null,
      from: w.from,
      through: w.through,
      acquiredDuringStay: acquired,
    };
    const earlier = found.get(r.status);
    // a status held at admission stays "held", whatever a later record says
    found.set(r.status, earlier && !earlier.acquiredDuringStay && acquired ? earlier : entry);
  }
  return [...found.values()];
}

/** The statuses a rule should read: the detailed ones when the caller gave them, else the bare codes. */
export function statusesOf(person: Beneficiary): StatusInForce[] {
  return person.statuses ?? person.activeStatuses.map((status) => ({ status }));
}

export const holds = (person: Beneficiary, status: ReliefStatus): boolean => statusesOf(person).some((s) => s.status === status);
