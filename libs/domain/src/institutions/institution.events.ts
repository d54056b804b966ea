/**
 * The institution registry (定点医药机构, API.md "Institutions") as dated facts in the stream
 * `institutions`: each record says what an institution is from a day on (level, designation,
 * county). A change is a new record with a later `effectiveFrom`; a correction is a new record for
 * the same day (it supersedes the earlier one; both stay in the log), as for the catalogue.
 */
import { InstitutionLevel, IsoDate } from '@benefit/shared';

export const INSTITUTIONS_STREAM = 'institutions';

/** Schema version 1 (STYLE.md §10: a later shape gets a V2 and its lift in the event registry, events/registry.ts). */
export interface InstitutionRecordedV1 {
  type: 'InstitutionRecorded';
  data: {
    v: 1;
    institutionId: string;
    name: string;
    level: InstitutionLevel;
    designated: boolean;
    /** The county the institution is in: a visit's location is read against the person's county. */
    countyCode: string;
    /** From when the fact holds; null: from the start (an institution recorded without a date). */
    effectiveFrom: IsoDate | null;
  };
}

export type InstitutionRecorded = InstitutionRecordedV1;

export interface InstitutionFact extends Omit<InstitutionRecorded['data'], 'v'> {
  /** Position in the stream: a later record for the same institution and day wins. */
  revision: number;
}

/** The one place a stored InstitutionRecorded is read: older schema versions will be upcast here. */
export function institutionFactOf(data: unknown, revision: number): InstitutionFact {
  const d = data as InstitutionRecorded['data'] | undefined;
  // a version this build does not know was written by a newer one: settling by it wrongly would mis-pay claims
  if (d?.v !== 1) throw new Error(`invariant: InstitutionRecorded schema version ${String((d as { v?: unknown })?.v)} is unknown to this build`);
  const { v: _v, ...fact } = d;
  return { ...fact, revision };
}

/** Every institution's facts, by start day then by when recorded. */
export class InstitutionBook {
  private readonly byId = new Map<string, InstitutionFact[]>();

  constructor(
    facts: readonly InstitutionFact[] = [],
    readonly revision = -1,
  ) {
    for (const f of facts) this.byId.set(f.institutionId, [...(this.byId.get(f.institutionId) ?? []), f]);
    const start = (f: InstitutionFact) => f.effectiveFrom ?? '';
    for (const list of this.byId.values()) list.sort((a, b) => (start(a) < start(b) ? -1 : start(a) > start(b) ? 1 : a.revision - b.revision));
  }

  /** What the institution is on `date`, or null when nothing is recorded in force that day. */
  factOn(institutionId: string, date: IsoDate): InstitutionFact | null {
    let found: InstitutionFact | null = null;
    for (const f of this.byId.get(institutionId) ?? []) {
      if (f.effectiveFrom !== null && f.effectiveFrom > date) break;
      found = f;
    }
    return found;
  }

  history(institutionId: string): InstitutionFact[] {
    return [...(this.byId.get(institutionId) ?? [])];
  }
}
