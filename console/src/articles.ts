/**
 * The article a citation names, quoted from the policy documents (articles.json, extracted from
 * shared/seeds by console/tools/extract-articles.mjs). Citations read `南府办发〔2022〕33号 art. 7(1)`,
 * `盐政办发〔2022〕73号 六`, `靖政办发〔2018〕107号 二十一(一)`, `盐医保发〔2023〕11号 四.3 (Choice…)`.
 */
import articles from './articles.json';

const DOCS = (articles as { docs: Record<string, Record<string, string[]>> }).docs;
const N = '一二三四五六七八九十';

/** 7 → 七, 26 → 二十六 (articles run to 38). */
function numeral(n: number): string {
  if (n <= 10) return n === 10 ? '十' : N[n - 1];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : N[tens - 1]}十${ones ? N[ones - 1] : ''}`;
}

export interface Quote {
  doc: string;
  article: string;
  /** The article's paragraphs; the one the citation points into (a sub-item) first when found. */
  text: string[];
}

export function quoteOf(citation: string): Quote | null {
  const doc = Object.keys(DOCS).find((d) => citation.startsWith(d));
  if (!doc) return null;
  const rest = citation.slice(doc.length).trim();
  let article: string | undefined;
  let sub: string | undefined;
  const art = /^art\.\s*(\d+)(?:\((\d+)\))?/.exec(rest);
  if (art) {
    article = numeral(Number(art[1]));
    if (art[2]) sub = `（${numeral(Number(art[2]))}）`;
  } else {
    const m = new RegExp(`^([${N}]+)(?:\\(([${N}]+)\\)|\\.(\\d+))?`).exec(rest);
    if (m) {
      article = m[1];
      if (m[2]) sub = `（${m[2]}）`;
      if (m[3]) sub = `${m[3]}.`;
    }
  }
  const paragraphs = article ? DOCS[doc][article] : undefined;
  if (!article || !paragraphs) return null;
  const norm = (p: string) => p.replace(/[(]/g, '（').replace(/[)]/g, '）').replace(/．/g, '.');
  const pointed = sub ? paragraphs.filter((p) => norm(p).startsWith(sub!)) : [];
  return { doc, article, text: pointed.length ? [paragraphs[0], ...pointed.filter((p) => p !== paragraphs[0])] : paragraphs };
}
