/**
 * Wordings (wording.ts): a line stored in words reads, when rendered, exactly as the rule said it
 * when it decided; and a released wording's text never moves (stored events hold its id only).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { RegionCode } from '@benefit/shared';
import { CHAIN_WORDS } from './chain-wordings';
import { ExplanationLine } from './claim';
import { RegionPack } from './pack';
import { REGION_PACKS, WORDINGS, lineText } from './registry';
import { YANCHENG_2023, book } from './testing/fixtures';
import { claimArb, personArb } from './testing/arbitraries';
import { settleOrRefuse } from './testing/property';
import { NO_CONTEXT, Said, WordingBook, say, wording } from './wording';

const GOLDEN = path.join(__dirname, 'wording.golden.json');

/** Every wording rendered with its example, in every region whose lines may carry it. */
function renderedExamples(): Record<string, Said> {
  const out: Record<string, Said> = {};
  const chain = new Set<string>(Object.values(CHAIN_WORDS).map((w) => w.id));
  for (const pack of REGION_PACKS as readonly RegionPack[]) {
    for (const w of [...Object.values(CHAIN_WORDS), ...(pack.wordings ?? [])]) {
      out[chain.has(w.id) ? `${w.id} (${pack.region})` : w.id] = w.render(pack, ...w.example);
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

describe('released wordings keep their text (wording.golden.json)', () => {
  it('every wording renders its example as the golden file has it', () => {
    const now = renderedExamples();
    // UPDATE_WORDINGS=1 writes the file: for a new wording only; a changed one needs a new id instead
    if (process.env.UPDATE_WORDINGS === '1') fs.writeFileSync(GOLDEN, `${JSON.stringify(now, null, 2)}\n`);
    const golden = JSON.parse(fs.readFileSync(GOLDEN, 'utf8')) as Record<string, Said>;
    // an entry of the file that is gone or reads differently: stored events would now read differently
    for (const [id, said] of Object.entries(golden)) expect({ id, said: now[id] }).toEqual({ id, said });
    // a wording not in the file: add it with UPDATE_WORDINGS=1 and commit the file
    expect(Object.keys(now).filter((id) => !(id in golden))).toEqual([]);
  });

  it('every pack wording starts with its region, so ids never clash between packs', () => {
    for (const pack of REGION_PACKS as readonly RegionPack[]) for (const w of pack.wordings ?? []) expect(w.id.startsWith(`${pack.region}.`)).toBe(true);
  });
});

describe('WordingBook', () => {
  const hello = wording('toy.hello', (_, name: string, fen: number) => ({ citation: 'toy art. 1', detail: `${name}: ${fen} fen` }), ['x', 1]);

  it('an id defined twice is a bug', () => {
    expect(() => new WordingBook([hello, wording('toy.hello', () => ({ citation: 'other' }), [])])).toThrow(/defined twice/);
  });

  it('renders stored words; words of an unknown wording were written by a newer build', () => {
    const book = new WordingBook([hello]);
    expect(book.render(NO_CONTEXT, ['toy.hello', 'a', 5])).toEqual({ citation: 'toy art. 1', detail: 'a: 5 fen' });
    expect(() => book.render(NO_CONTEXT, ['toy.gone', 1])).toThrow(/no wording toy\.gone.*newer build/);
  });

  it('say: the text and the words it came from; no detail key when the wording has none', () => {
    expect(say(NO_CONTEXT, hello, 'b', 7)).toEqual({ citation: 'toy art. 1', detail: 'b: 7 fen', words: ['toy.hello', 'b', 7] });
    expect(Object.keys(say(NO_CONTEXT, wording('toy.bare', () => ({ citation: 'c' }), [])))).toEqual(['citation', 'words']);
  });
});

describe('a line read from its words is the line the rule decided', () => {
  const words = (line: ExplanationLine) => {
    const { citation: _c, detail: _d, ...held } = line;
    return held as ExplanationLine & { words: NonNullable<ExplanationLine['words']> };
  };

  it.each((REGION_PACKS as readonly RegionPack[]).map((p) => [p.region, p] as const))('property (%s): every line carries words, and they render to its citation and detail exactly', (region: RegionCode, pack) => {
    const claims = claimArb({ years: [2023, 2024], prior: 'sometimes', priorAssistance: !pack.computesAssistance });
    const persons = personArb(region, {});
    // Yancheng's assistance reads two values the defaults leave unset; the other regions ignore them
    const params = book(...YANCHENG_2023);
    let settled = 0;
    fc.assert(
      fc.property(claims, persons, (c, p) => {
        const a = settleOrRefuse(c, { ...p, regionCode: region }, pack, params);
        if (!a) return;
        settled++;
        for (const line of a.explanation) {
          expect({ rule: line.rule, worded: line.words !== undefined }).toEqual({ rule: line.rule, worded: true });
          const { words: _w, ...text } = line;
          expect(lineText(region, words(line))).toEqual(text);
          expect(WORDINGS.get(line.words![0])).toBeDefined();
        }
      }),
      { numRuns: 300 },
    );
    // a quarter of the random claims at least settle (the rest are refused): the property is not vacuous
    expect(settled).toBeGreaterThan(75);
  });

  it('a line with its text is read as it is', () => {
    const line: ExplanationLine = { payer: 'self_pay', amountFen: 5, rule: 'old', citation: 'as recorded', detail: 'in version 1' };
    expect(lineText('nanchong', line)).toEqual(line);
  });
});
