/**
 * `npm run cli -- rules` (issue 12.6): rule → article → parameters → specs, run as the operator
 * runs it (dist/, so `npm run build` first). The specs listed are the files that name the rule.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ruleCatalogue } from '@benefit/policy';
import { SEC_7 } from '../../libs/policy/src/packs/yancheng/rules';
import { ART_7, ART_7_1 } from '../../libs/policy/src/packs/nanchong/rules';
import { cli } from '../support/cli-process';

const ROOT = path.resolve(__dirname, '../..');
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Row {
  id: string;
  region: string | null;
  articles: { document: string; article: string; text: string }[];
  parameters: string[];
  note: string | null;
  specs: string[] | null;
}

describe('rules', () => {
  it('--json lists every catalogued rule once, with its articles and parameters', async () => {
    const run = await cli(dir, 'rules', '--json');
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as Row[];
    expect(rows.map((r) => r.id)).toEqual(ruleCatalogue().map((r) => r.id));
    for (const r of rows) expect({ id: r.id, articles: r.articles.length > 0 }).toEqual({ id: r.id, articles: true });
  });

  it('yancheng.assistance.tilted: 盐政办发〔2022〕73号 七, its parameters, and the specs that name it', async () => {
    const run = await cli(dir, 'rules', 'yancheng.assistance.tilted', '--json');
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as Row[];
    expect(rows.every((r) => r.id.startsWith('yancheng.assistance.tilted'))).toBe(true);
    const tilted = rows.find((r) => r.id === 'yancheng.assistance.tilted')!;
    expect(tilted.articles).toEqual([SEC_7]);
    expect(tilted.parameters).toEqual(expect.arrayContaining(['yancheng.tilted.ratio', 'yancheng.tilted.threshold_share', 'yancheng.tilted.limit']));
    expect(tilted.specs).toEqual(expect.arrayContaining(['libs/policy/src/packs/yancheng/tilted.spec.ts', 'test/e2e/yancheng.e2e.spec.ts']));
    // a listed spec really names the rule
    for (const spec of tilted.specs!) expect({ spec, names: fs.readFileSync(path.join(ROOT, spec), 'utf8').includes("'yancheng.assistance.tilted'") }).toEqual({ spec, names: true });
  });

  it('prints rule → article → parameters → specs for an auditor', async () => {
    const run = await cli(dir, 'rules', 'nanchong.outpatient_pooling.reimbursement');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('nanchong.outpatient_pooling.reimbursement');
    expect(lines).toContain(`  article     南府办发〔2022〕33号 art. 7: ${ART_7.text}`);
    expect(lines).toContain(`  article     南府办发〔2022〕33号 art. 7(1): ${ART_7_1.text}`);
    expect(ART_7_1.text).toContain('起付线200元');
    expect(lines.find((l) => l.startsWith('  parameters  '))).toContain('nanchong.outpatient.in_service.rate_lower');
    expect(lines.find((l) => l.startsWith('  specs       '))).toBeDefined();
  });

  it('an unknown prefix lists nothing; an extra argument is a usage error', async () => {
    const none = await cli(dir, 'rules', 'no-such-region.', '--json');
    expect(none.code).toBe(0);
    expect(JSON.parse(none.stdout)).toEqual([]);
    const extra = await cli(dir, 'rules', 'a', 'b');
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain('usage: npm run cli -- rules');
  });
});
