/**
 * The rule catalogue is complete and true: every rule id a settlement writes in its explanation
 * (random claims of every pack, fast-check) has an entry with at least one article; every article
 * quoted from a seed reads as the seed does; every parameter a rule names is defined.
 */
import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Adjudication } from './claim';
import { RegionPack } from './pack';
import { ALL_PARAMETER_DEFINITIONS, REGION_PACKS, ruleCatalogue } from './registry';
import { claimArb, personArb } from './testing/arbitraries';
import { book, record, yanchengBook, yuan } from './testing/fixtures';
import { settleOrRefuse } from './testing/property';
import { NANCHONG_PARAMETER_KEYS } from './packs/nanchong/parameters';
import { YANCHENG_PARAMETER_KEYS } from './packs/yancheng/parameters';
import { JINGJIANG_PARAMETER_KEYS } from './packs/jingjiang/parameters';
import { SHANTING_PARAMETER_KEYS } from './packs/shanting/parameters';

const catalogue = new Map(ruleCatalogue().map((r) => [r.id, r]));
const rulesOf = (a: Adjudication | null) => (a ? a.explanation.map((l) => l.rule) : []);
const pack = (region: string) => REGION_PACKS.find((p) => p.region === region) as RegionPack;

// the same random claims the packs' property specs settle
const CASES = [
  { region: 'nanchong', params: book(record('nanchong.retired_pension_base', yuan(3_000))), claims: claimArb({ years: [2023, 2024], prior: 'sometimes', priorAssistance: true }) },
  { region: 'yancheng', params: yanchengBook(), claims: claimArb({ years: [2023, 2024], prior: 'sometimes', priorAssistance: false }) },
  { region: 'jingjiang', params: book(), claims: claimArb({ years: [2019, 2023], prior: 'always', priorAssistance: true, tags: true }) },
  { region: 'shanting', params: book(), claims: fc.oneof(claimArb({ years: [2019, 2023], prior: 'never', priorAssistance: false }), claimArb({ years: [2019, 2023], prior: 'always', priorAssistance: true })) },
] as const;

describe('rule catalogue', () => {
  it.each(CASES.map((c) => [c.region, c] as const))('every rule id a %s settlement explains with is catalogued with an article', (region, c) => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(c.claims, personArb(region as 'nanchong', {}), (claim, person) => {
        for (const rule of rulesOf(settleOrRefuse(claim, person, pack(region), c.params))) {
          seen.add(rule);
          expect({ rule, hasArticle: (catalogue.get(rule)?.entry.articles.length ?? 0) > 0 }).toEqual({ rule, hasArticle: true });
        }
      }),
      { numRuns: 300 },
    );
    // the run reached the pack's own rules, not only the chain's
    expect([...seen].some((r) => r.startsWith(`${region}.`))).toBe(true);
  });

  it('rule ids are unique across the chain and the packs, and a pack only catalogues its own', () => {
    const all = ruleCatalogue();
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    for (const r of all) if (r.region) expect(r.id.startsWith(`${r.region}.`)).toBe(true);
  });

  it('every parameter a rule names is defined by a pack', () => {
    for (const r of ruleCatalogue()) for (const key of r.entry.parameters) expect({ rule: r.id, key, defined: ALL_PARAMETER_DEFINITIONS.has(key) }).toEqual({ rule: r.id, key, defined: true });
  });

  it("each pack's typed parameter keys are exactly the keys it defines", () => {
    const keysOf = (region: string) => pack(region).parameters.map((d) => d.key).sort();
    expect([...NANCHONG_PARAMETER_KEYS].sort()).toEqual(keysOf('nanchong'));
    expect([...YANCHENG_PARAMETER_KEYS].sort()).toEqual(keysOf('yancheng'));
    expect([...JINGJIANG_PARAMETER_KEYS].sort()).toEqual(keysOf('jingjiang'));
    expect([...SHANTING_PARAMETER_KEYS].sort()).toEqual(keysOf('shanting'));
  });

  // the seeds live beside the repository (../shared/seeds), as README's links to ../shared do
  const SEEDS = join(__dirname, '../../../../shared/seeds');
  (existsSync(SEEDS) ? it : it.skip)('every article quoted from a seed reads as the seed does (whitespace and markup removed)', () => {
    const norm = (s: string) => s.replace(/[\s*#]+/g, '');
    const seeds = readdirSync(SEEDS).map((f) => norm(readFileSync(join(SEEDS, f), 'utf8')));
    const quoted = ruleCatalogue().flatMap((r) => r.entry.articles.filter((a) => !/\.md$/.test(a.document)).map((a) => ({ rule: r.id, article: a.article, text: a.text })));
    expect(quoted.length).toBeGreaterThan(30);
    for (const q of quoted) expect({ ...q, inSeed: seeds.some((s) => s.includes(q.text)) }).toEqual({ ...q, inSeed: true });
  });
});
