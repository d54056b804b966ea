/**
 * The policy's shapes that changed in version 2 of ClaimAdjudicated and ClaimSharesAdjusted (issue
 * 13.1, compact events):
 * an explanation line whose rule speaks through a wording stores the wording's id and arguments
 * (`words`) instead of its citation and detail, which a reader renders from them
 * (@benefit/policy wording.ts). A line of a rule without a wording keeps its text as in version 1.
 * Everything else is as policy-v1.ts has it; like it, this is a copy that may not move on.
 */
import { lineText } from '@benefit/policy';
import type { RegionCode } from '@benefit/shared';
import type { AdjudicationV1, ExplanationLineV1, PayerV1 } from './policy-v1';

/** A wording's id, then its arguments (numbers, dates and codes). */
export type WordsV2 = readonly [id: string, ...args: (string | number)[]];

/**
 * A line kept in words: its text is rendered when read. Its rule is named once: `rule` is left
 * out when it is the wording's id (`words[0]`), as it is for most lines (`ruleOf`).
 */
export interface WordedLineV2 {
  payer: PayerV1;
  amountFen: number;
  rule?: string;
  words: WordsV2;
}

export type ExplanationLineV2 = WordedLineV2 | ExplanationLineV1;

export interface AdjudicationV2 extends Omit<AdjudicationV1, 'explanation'> {
  explanation: ExplanationLineV2[];
}

export const isWorded = (line: ExplanationLineV2): line is WordedLineV2 => 'words' in line && !('citation' in line);

/** The rule of a stored line: its own, or its wording's id where the line leaves it out. */
export const ruleOf = (line: ExplanationLineV2): string => line.rule ?? (line as WordedLineV2).words[0];

/**
 * The adjudication with the text of every line, rendered in the claim's region from the words
 * where a line holds them: what a view, an auditor's tool or a correction shows.
 */
export function withLineText<A extends { explanation: ExplanationLineV2[] }>(regionCode: RegionCode, a: A): Omit<A, 'explanation'> & { explanation: ExplanationLineV1[] } {
  if (!a.explanation.some(isWorded)) return a as Omit<A, 'explanation'> & { explanation: ExplanationLineV1[] };
  return { ...a, explanation: a.explanation.map((line) => lineText(regionCode, line)) };
}

/** The types whose version 2 holds an adjudication with its lines in words. */
const WORDED_TYPES: ReadonlySet<string> = new Set(['ClaimAdjudicated', 'ClaimSharesAdjusted']);

/**
 * An event's payload as it is served outside the service (the API's event views, the Kafka relay,
 * the CLI's audit): a claim or a correction stored in words (version 2) with each line's citation and detail
 * rendered as its rule said them, and a claim's empty bedDays and flags as null and [], so a reader
 * gets the fields version 1 had whatever version the log holds (and `v`);
 * any other payload as stored. Words of a wording this build lacks (written by a newer build) are
 * served as stored rather than failing the whole read: they still name what was said.
 */
export function payloadWithText(type: string, data: unknown): unknown {
  const d = data as { v?: unknown; regionCode: RegionCode; adjudication?: { explanation?: unknown } } | null | undefined;
  if (!WORDED_TYPES.has(type) || d?.v !== 2 || !Array.isArray(d.adjudication?.explanation)) return data;
  try {
    const served = { ...d, adjudication: withLineText(d.regionCode, d.adjudication as AdjudicationV2) };
    if (type !== 'ClaimAdjudicated') return served;
    // the claim as version 1 served it: bedDays and flags present, null and [] when there are none
    const claim = served as typeof served & { bedDays?: unknown; flags?: unknown };
    return { ...claim, bedDays: claim.bedDays ?? null, flags: claim.flags ?? [] };
  } catch {
    return data;
  }
}
