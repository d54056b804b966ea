/**
 * `rules`: the rule catalogue for an auditor — each rule id an explanation line carries, the
 * articles it applies (quoted from the seed), the parameters it reads, and the spec files that name
 * it. The specs are found by reading the spec sources beside this build (libs/ and test/): a spec
 * is listed when its text names the rule id, so the list never claims more than the files show.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ruleCatalogue } from '@benefit/policy';
import { CliError, Command, EXIT_OK, parseCommandArgs, printer } from '../cli';

const USAGE = 'usage: npm run cli -- rules [<prefix>] [--json]';

/** The repository root: the nearest folder up from here with package.json and libs/ (none in a bare deployment). */
function repositoryRoot(from: string): string | null {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'libs'))) return dir;
  }
  return null;
}

function specFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name === 'dist') return [];
    const path = join(dir, e.name);
    if (e.isDirectory()) return specFiles(path);
    return /[.-]spec\.ts$/.test(e.name) ? [path] : [];
  });
}

/** Spec files (relative to the root) whose text names each rule id in quotes. */
export function specsNaming(ids: readonly string[], root: string): Map<string, string[]> {
  const files = ['libs', 'apps', 'test'].flatMap((d) => specFiles(join(root, d))).sort();
  const texts = files.map((f) => ({ file: relative(root, f), text: readFileSync(f, 'utf8') }));
  return new Map(ids.map((id) => [id, texts.filter((t) => t.text.includes(`'${id}'`) || t.text.includes(`"${id}"`)).map((t) => t.file)]));
}

export const rulesCommand: Command = {
  name: 'rules',
  synopsis: 'rules [<prefix>] [--json]',
  summary: 'the rule catalogue: rule → article → parameters → specs',
  help: `${USAGE}

Prints every rule an explanation line can carry (the one-bill chain's, then each region pack's),
or those whose id starts with <prefix> (a region code and a dot, or the start of a rule id):
  - the articles it applies: document, article and the text as the seed gives it;
  - the parameters it reads (GET /v1/parameters shows their values in force);
  - a note where the rule rests on a choice or an illustrative value;
  - the spec files whose text names the rule id (read from libs/, apps/ and test/ beside this
    build; "none" when no spec names it; not listed when the spec sources are not there).
  --json   print a JSON array of { id, region, articles, parameters, note, specs } instead`,

  async run(args, ctx) {
    const { positionals, values } = parseCommandArgs('rules', args, { json: { type: 'boolean' } });
    const [prefix = '', ...extra] = positionals;
    if (extra.length) throw new CliError(`unexpected argument ${extra.join(' ')}\n${USAGE}`);
    const rules = ruleCatalogue().filter((r) => r.id.startsWith(prefix));
    const root = repositoryRoot(__dirname);
    const specs = root ? specsNaming(rules.map((r) => r.id), root) : null;
    const rows = rules.map((r) => ({
      id: r.id,
      region: r.region,
      articles: r.entry.articles,
      parameters: r.entry.parameters,
      note: r.entry.note ?? null,
      specs: specs ? specs.get(r.id) ?? [] : null,
    }));
    const print = printer(ctx);
    if (values.json) {
      print(JSON.stringify(rows, null, 2));
      return EXIT_OK;
    }
    for (const row of rows) {
      print(row.id);
      for (const a of row.articles) print(`  article     ${a.document} ${a.article}: ${a.text}`);
      print(`  parameters  ${row.parameters.length ? row.parameters.join(', ') : 'none'}`);
      if (row.note) print(`  note        ${row.note}`);
      print(`  specs       ${row.specs === null ? '(spec sources not found beside this build)' : row.specs.length ? row.specs.join(', ') : 'none'}`);
    }
    return EXIT_OK;
  },
};
