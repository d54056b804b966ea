import { Payer, RegionCode } from '@benefit/shared';
import { ExplanationLine } from './claim';
import { CHAIN_WORDS } from './chain-wordings';
import { WordingBook, Words } from './wording';
import { RegionPack } from './pack';
import { SyntheticProfile } from './synthetic';
import { CHAIN_RULES, RuleEntry } from './rules';
import { ParameterBook, ParameterDefinition, ParameterRecord } from './parameters';
import { fundPayTypeParameters } from './fund-pay-types';
import { jingjiangPack } from './packs/jingjiang';
import { nanchongPack } from './packs/nanchong';
import { shantingPack } from './packs/shanting';
import { yanchengPack } from './packs/yancheng';

/**
 * The region registry: one line per region. A region is its folder under packs/ (which declares
 * its code) plus its line here; the order is the order regions are listed in (API enums, reports).
 */
export const REGION_PACKS = [nanchongPack, yanchengPack, jingjiangPack, shantingPack] as const;

// a region code declared by a pack but missing from REGION_PACKS fails to compile here
type Unregistered = Exclude<RegionCode, (typeof REGION_PACKS)[number]['region']>;
const everyRegionRegistered: [Unregistered] extends [never] ? true : never = true;
void everyRegionRegistered;

export const REGIONS: readonly RegionCode[] = REGION_PACKS.map((p) => p.region);

export const PACKS = Object.fromEntries(REGION_PACKS.map((p) => [p.region, p])) as Readonly<Record<RegionCode, RegionPack>>;

export const packFor = (region: RegionCode): RegionPack => PACKS[region];

/** The regions of a synthetic city, in registry order, with their profiles. */
export const SYNTHETIC_REGIONS: readonly { region: RegionCode; profile: SyntheticProfile }[] = REGION_PACKS.flatMap((p: RegionPack) => (p.synthetic ? [{ region: p.region, profile: p.synthetic }] : []));

/** Every rule of the engine: the chain's own, then each pack's, in registry order. */
export function ruleCatalogue(): { id: string; region: RegionCode | null; entry: RuleEntry }[] {
  const chain = Object.entries(CHAIN_RULES).map(([id, entry]) => ({ id, region: null, entry: entry as RuleEntry }));
  const packs = REGION_PACKS.flatMap((p: RegionPack) => Object.entries(p.rules ?? {}).map(([id, entry]) => ({ id, region: p.region, entry })));
  return [...chain, ...packs];
}

export const isRegionCode = (code: unknown): code is RegionCode => typeof code === 'string' && (REGIONS as readonly string[]).includes(code);

/** The pack whose insurer contract reports a yearly loss ratio (GET /v1/poverty-insurance/loss-ratio), if any. */
export const lossRatioPack = (): RegionPack | undefined => REGION_PACKS.find((p: RegionPack) => p.lossRatio);

export const ALL_PARAMETER_DEFINITIONS: ReadonlyMap<string, ParameterDefinition> = new Map(
  [...Object.values(PACKS).flatMap((p) => p.parameters), ...fundPayTypeParameters(REGIONS)].map((d) => [d.key, d] as const),
);

/** An example of a parameter override for API documentation: the first rate a pack defines, at a different value. */
export function parameterExample(): Record<string, number> {
  const rate = [...ALL_PARAMETER_DEFINITIONS.values()].find((d) => d.unit === 'rate' && d.defaults.length > 0);
  return rate ? { [rate.key]: 0.7 } : {};
}

export const parameterBook = (records: ParameterRecord[] = [], revision = -1) => new ParameterBook(ALL_PARAMETER_DEFINITIONS, records, revision);

/** Every wording of the engine: the chain's own, then each pack's (wording.ts). */
export const WORDINGS = new WordingBook([...Object.values(CHAIN_WORDS), ...REGION_PACKS.flatMap((p: RegionPack) => p.wordings ?? [])]);

/**
 * An explanation line as the log may hold it: with its text, or in the words its text renders
 * from (its rule left out where it is the wording's id).
 */
export type HeldLine = ExplanationLine | { payer: Payer; amountFen: number; rule?: string; words: Words };

/**
 * The line with its citation and detail, as the rule said them when it decided (a line held in
 * words is rendered in the claim's region); the words themselves stay in the log.
 */
export function lineText(region: RegionCode, line: HeldLine): ExplanationLine {
  const said = 'citation' in line ? line : WORDINGS.render(packFor(region), line.words);
  // a line held in words may leave its rule out where it is the wording's id
  const rule = line.rule ?? (line as { words: Words }).words[0];
  const out: ExplanationLine = { payer: line.payer, amountFen: line.amountFen, rule, citation: said.citation };
  if (said.detail !== undefined) out.detail = said.detail;
  return out;
}
