/**
 * The words of an explanation line, kept apart from its numbers (issue 13.1, compact events).
 *
 * A rule says why each fen went where it went in a citation and a sentence of arithmetic. Most of
 * that text is fixed words around a few numbers, and it made up a large part of every claim's
 * event. A rule that speaks through a wording (`say(wording, ...args)`) gets the same citation and
 * detail as before on its line, plus `words`: the wording's id and the arguments. The log then
 * stores the words alone (ClaimAdjudicated and ClaimSharesAdjusted version 2) and a reader renders
 * the text from them (`lineText` in registry.ts, through `WordingBook.render`), so the same line
 * reads the same at decision time and at every later read.
 *
 * Rules of a wording, since old events hold its id and arguments, never its text:
 * - its text never changes once released: new words take a new id (wording.golden.json holds every
 *   wording's example as it reads; wording.spec.ts fails when one reads differently);
 * - its arguments are numbers, dates and codes (an amount, a rate, an item's code, a location), never
 *   free text;
 * - it reads nothing but its arguments and the pack of the region the claim was settled in.
 */
/** An argument of a wording: fen, basis points, counts, dates and codes. */
export type WordArg = string | number;

/** What a line stores instead of its text: the wording's id, then its arguments. */
export type Words = readonly [id: string, ...args: WordArg[]];

/** The text of a line: its citation and, where there is arithmetic to show, its detail. */
export interface Said {
  citation: string;
  detail?: string;
}

/** What a wording may read besides its arguments: of the claim's region pack (a RegionPack is one), its account citation. */
export interface WordingContext {
  accountCitation?: string;
}

export interface Wording<A extends WordArg[] = WordArg[]> {
  readonly id: string;
  /** A method, so that a wording of particular arguments is a `Wording` of any. */
  render(ctx: WordingContext, ...args: A): Said;
  /** Arguments for the golden file: every wording is rendered by a test. */
  readonly example: A;
}

export function wording<A extends WordArg[]>(id: string, render: (ctx: WordingContext, ...args: A) => Said, example: A): Wording<A> {
  return { id, render, example };
}

/** A line's citation and detail in the wording's words, with the words kept for the log. */
export function say<A extends WordArg[]>(ctx: WordingContext, w: Wording<A>, ...args: A): Said & { words: Words } {
  const said = w.render(ctx, ...args);
  const words: Words = [w.id, ...args];
  return said.detail === undefined ? { citation: said.citation, words } : { citation: said.citation, detail: said.detail, words };
}

/** A context for wordings that read nothing from the pack. */
export const NO_CONTEXT: WordingContext = {};

/** Wordings by id; an id used twice is a bug, found when the book is built. */
export class WordingBook {
  private readonly byId = new Map<string, Wording>();

  constructor(wordings: Iterable<Wording>) {
    for (const w of wordings) {
      if (this.byId.has(w.id)) throw new Error(`invariant: wording ${w.id} is defined twice`);
      this.byId.set(w.id, w);
    }
  }

  get(id: string): Wording | undefined {
    return this.byId.get(id);
  }

  all(): Wording[] {
    return [...this.byId.values()];
  }

  /** The text of stored words; an id no wording has means the log was written by a newer build. */
  render(ctx: WordingContext, words: Words): Said {
    const [id, ...args] = words;
    const w = this.byId.get(id);
    if (!w) throw new Error(`invariant: no wording ${id}: the log was written by a newer build, with wordings this one lacks`);
    return w.render(ctx, ...args);
  }
}
