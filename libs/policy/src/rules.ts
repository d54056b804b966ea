/**
 * The rule catalogue (after Catala: every fen cites the law): each rule id an explanation line
 * carries, the articles it applies (document, article, the text quoted from the seed) and the
 * parameters it reads. Each pack keeps its own (packs/<region>/rules.ts); `npm run cli -- rules`
 * prints them for an auditor.
 */

/** An article of a document, with its text as the seed gives it (whitespace and markup removed). */
export interface Article {
  document: string;
  article: string;
  text: string;
}

export const article = (document: string, label: string, text: string): Article => ({ document, article: label, text });

export interface RuleEntry<K extends string = string> {
  articles: readonly Article[];
  parameters: readonly K[];
  /** Where the rule rests on a choice or an illustrative value rather than on the article alone. */
  note?: string;
}

/** A pack's rules by id; `K` is the pack's parameter keys, so a rule can only name a parameter that exists. */
export type RuleCatalogue<K extends string = string> = Readonly<Record<string, RuleEntry<K>>>;

// the chain's own rules rest on ../shared/DOMAIN.md and API.md, quoted as they read
const STEP_1 = article('DOMAIN.md', 'Settlement order, step 1', 'When a claim carries `priorPayments`, they replace all of step 1: a step-1 payer they leave out is 0.');
const ASSISTANCE_PRIOR = article('DOMAIN.md', 'Settlement order', '`priorPayments.medical_assistance` carries the civil-affairs assistance already paid');
const STEP_7 = article('DOMAIN.md', 'Settlement order, step 7', '7. `personal_account`; 8. `self_pay` takes the rest.');
const CLASS_C = article('DOMAIN.md', 'Conventions', '"Policy scope" (政策范围内) = items of catalogue class `A` (甲) and `B` (乙).');
const UNLISTED = article('API.md', 'Catalogue (医保目录)', 'a code the catalogue does not list is class `C`, named as such in the explanation.');

/** Rules of the one-bill chain itself (libs/policy/src/chain.ts, catalogue.ts), the same in every region. */
export const CHAIN_RULES = {
  prior_payment: { articles: [STEP_1, ASSISTANCE_PRIOR], parameters: [] },
  'prior_payment.remainder': { articles: [STEP_1], parameters: [] },
  out_of_policy_scope: { articles: [CLASS_C], parameters: [] },
  'personal_account.claim_payment': { articles: [STEP_7], parameters: [], note: "the line's citation is its pack's accountCitation" },
  'catalogue.unlisted_code': { articles: [UNLISTED], parameters: [] },
} as const satisfies RuleCatalogue<never>;

export type ChainRuleId = keyof typeof CHAIN_RULES;
