/**
 * The catalogue (医保目录): which class (甲 A / 乙 B / 丙 C) an item code has on a day, as dated
 * entries. Pure: classification reads only the entries it is given (the edge keeps the book).
 *
 * An entry is in force from its `effectiveFrom` until the next entry of the same code starts; an
 * entry recorded later for the same code and date supersedes the earlier one (both stay in the
 * log: when known vs. when effective, as for parameters). A code the catalogue does not list on
 * the service date is class C (目录外, API.md "Catalogue").
 */
import { CatalogClass, IsoDate } from '@benefit/shared';
import { Adjudication, Claim, ClaimItem, ExplanationLine } from './claim';
import { CHAIN_WORDS } from './chain-wordings';
import { NO_CONTEXT, say } from './wording';

export interface CatalogueEntry {
  code: string;
  name: string;
  catalogClass: CatalogClass;
  drugClass: string | null;
  effectiveFrom: IsoDate;
  /** Position in the catalogue stream: a later record for the same code and date wins. */
  revision: number;
}

/**
 * An item whose class the catalogue gave (the hospital omitted it): a re-adjudication classifies
 * it again, on its service date, from the catalogue then in force. An item without the mark kept
 * the class the hospital gave, and keeps it.
 */
export type CataloguedItem = ClaimItem & { classifiedBy?: 'catalogue' };

/** A claim item as submitted: `catalogClass` may be left to the catalogue. */
export type SubmittedItem = Omit<ClaimItem, 'catalogClass'> & { catalogClass?: CatalogClass | null; classifiedBy?: 'catalogue' };
export type SubmittedClaim = Omit<Claim, 'items'> & { items: SubmittedItem[] };

export { CATALOGUE_CITATION } from './chain-wordings';

export class CatalogueBook {
  private readonly byCode = new Map<string, CatalogueEntry[]>();

  /** `revision`: the last catalogue record the book holds (-1: none). */
  constructor(entries: readonly CatalogueEntry[] = [], readonly revision = -1) {
    for (const e of entries) {
      const list = this.byCode.get(e.code) ?? [];
      list.push(e);
      this.byCode.set(e.code, list);
    }
    // by start date, then by when recorded: the last entry starting on or before a day is in force
    for (const list of this.byCode.values()) list.sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : a.revision - b.revision));
  }

  /** The entry in force on `date`, or null when the catalogue does not list the code that day. */
  entryOn(code: string, date: IsoDate): CatalogueEntry | null {
    const list = this.byCode.get(code);
    if (!list) return null;
    let found: CatalogueEntry | null = null;
    for (const e of list) {
      if (e.effectiveFrom > date) break;
      found = e;
    }
    return found;
  }

  /** Every entry of a code, oldest start first (supersessions included). */
  history(code: string): CatalogueEntry[] {
    return [...(this.byCode.get(code) ?? [])];
  }
}

export const catalogueBook = (entries: readonly CatalogueEntry[] = [], revision = -1) => new CatalogueBook(entries, revision);

/**
 * Items without a class, and items the catalogue classed before, get the class in force on the
 * claim's service date (the admission date of a stay); an unlisted code is class C. Items the
 * hospital classed keep their class (today's meaning of an explicit `catalogClass`).
 * A listed code also takes the entry's drug class (`drugClass`, what the free-drug rules of
 * 盐医保发〔2023〕11号 and 山亭 二 read): the agency's catalogue, not the hospital, says which
 * drug is an antipsychotic; an unlisted code keeps what the hospital sent (class C, which no
 * drug rule pays anyway).
 */
export function classifyClaim(claim: SubmittedClaim, book: CatalogueBook): Claim {
  if (claim.items.every((i) => i.catalogClass && i.classifiedBy !== 'catalogue')) return claim as Claim;
  const items = claim.items.map((i): CataloguedItem => {
    if (i.catalogClass && i.classifiedBy !== 'catalogue') return i as ClaimItem;
    const entry = book.entryOn(i.code, claim.serviceDate);
    if (!entry) return { ...i, catalogClass: 'C', classifiedBy: 'catalogue' };
    return { ...i, catalogClass: entry.catalogClass, drugClass: entry.drugClass, classifiedBy: 'catalogue' };
  });
  return { ...claim, items };
}

/**
 * Explanation lines (0 fen: they move nothing) naming each item the catalogue does not list on
 * the service date, so that a class-C item the hospital did not class is never silently out of scope.
 */
export function catalogueNotes(claim: Claim, book: CatalogueBook): ExplanationLine[] {
  const out: ExplanationLine[] = [];
  for (const i of claim.items as CataloguedItem[]) {
    if (i.classifiedBy !== 'catalogue' || book.entryOn(i.code, claim.serviceDate)) continue;
    out.push({
      payer: 'self_pay',
      amountFen: 0,
      rule: 'catalogue.unlisted_code',
      ...say(NO_CONTEXT, CHAIN_WORDS.unlistedCode, i.code, claim.serviceDate, i.amountFen),
    });
  }
  return out;
}

/** The adjudication with the catalogue's notes appended (they move no money: conservation holds). */
export const withCatalogueNotes = (a: Adjudication, claim: Claim, book: CatalogueBook): Adjudication => {
  const notes = catalogueNotes(claim, book);
  return notes.length ? { ...a, explanation: [...a.explanation, ...notes] } : a;
};
