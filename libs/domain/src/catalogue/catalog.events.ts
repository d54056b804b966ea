/**
 * The catalogue (医保目录) as events in the stream `catalog`: one dated entry per record. A
 * re-classification is a new entry with a later `effectiveFrom`; a correction of an entry is a new
 * record for the same code and date (it supersedes the earlier one; both stay in the log).
 */
import { CatalogClass, IsoDate } from '@benefit/shared';
import { CatalogueEntry } from '@benefit/policy';

export const CATALOG_STREAM = 'catalog';

/** An entry as stored, schema version 1 (STYLE.md §10: a later shape gets a V2 and a lift in ../events/registry.ts). */
export interface CatalogEntryRecordedV1 {
  type: 'CatalogEntryRecorded';
  data: {
    v: 1;
    code: string;
    name: string;
    catalogClass: CatalogClass;
    /** For drugs, the class rules read (e.g. `antipsychotic`); null otherwise. */
    drugClass: string | null;
    effectiveFrom: IsoDate;
    /** `put` (PUT /v1/catalog/{code}) or `import` (POST /v1/catalog/imports, with its line). */
    source: { kind: 'put' } | { kind: 'import'; line: number };
  };
}

export type CatalogEntryRecorded = CatalogEntryRecordedV1;

/** The one place a stored CatalogEntryRecorded is read, after the upcasting store lifted it to the current version. */
export function catalogEntryOf(data: unknown, revision: number): CatalogueEntry {
  const d = data as CatalogEntryRecorded['data'] | undefined;
  // a version this build does not know was written by a newer one: classing by it wrongly would mis-settle claims
  if (d?.v !== 1) throw new Error(`invariant: CatalogEntryRecorded schema version ${String((d as { v?: unknown })?.v)} is unknown to this build`);
  return { code: d.code, name: d.name, catalogClass: d.catalogClass, drugClass: d.drugClass, effectiveFrom: d.effectiveFrom, revision };
}
