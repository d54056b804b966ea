// Writes console/src/articles.json: the text of each article of the five policy documents the
// region packs cite, so that the claim view quotes the article next to each explanation line.
// Source: shared/seeds/ beside the repository (the documents as the agency published them).
// Run: node console/tools/extract-articles.mjs [path/to/shared/seeds]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const seeds = path.resolve(process.argv[2] ?? path.join(here, '..', '..', '..', 'shared', 'seeds'));
const N = '一二三四五六七八九十';

// each document: how its articles start (the citation's numbering: 第七条, 六、 or （六）)
const DOCS = [
  { doc: '南府办发〔2022〕33号', head: '南府办发〔2022〕33号', marker: new RegExp(`^第([${N}]+)条`) },
  { doc: '靖政办发〔2018〕107号', head: '靖政办发〔2018〕107号', marker: new RegExp(`^第([${N}]+)条`) },
  { doc: '盐政办发〔2022〕73号', head: '盐政办发〔2022〕73号', marker: new RegExp(`^[（(]([${N}]+)[）)]`) },
  { doc: '盐医保发〔2023〕11号', head: '盐医保发〔2023〕11号', marker: new RegExp(`^([${N}]+)、`) },
  { doc: '山亭区严重精神障碍救治救助意见', head: '山亭区人民政府办公室', marker: new RegExp(`^([${N}]+)、`) },
];

const clean = (line) => line.replace(/\[bookmark:[^\]]*\]/g, '').replace(/\*\*/g, '').replace(/\s+$/, '').replace(/^\s+/, '');

const out = { source: 'shared/seeds (extracted by console/tools/extract-articles.mjs)', docs: {} };
for (const file of fs.readdirSync(seeds).filter((f) => f.endsWith('.txt')).sort()) {
  const text = fs.readFileSync(path.join(seeds, file), 'utf8');
  const spec = DOCS.find((d) => text.slice(0, 2000).includes(d.head));
  if (!spec) continue;
  const articles = {};
  let current = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = clean(raw);
    if (!line) continue;
    const m = spec.marker.exec(line);
    if (m) {
      current = m[1];
      articles[current] = [];
    }
    if (current) articles[current].push(line);
  }
  out.docs[spec.doc] = articles;
}
const target = path.join(here, '..', 'src', 'articles.json');
fs.writeFileSync(target, JSON.stringify(out, null, 1) + '\n');
console.log(`${target}: ${Object.entries(out.docs).map(([d, a]) => `${d} ${Object.keys(a).length}`).join(', ')}`);
