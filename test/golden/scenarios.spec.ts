/**
 * Golden scenarios (README.md here): the rules a single claim cannot show — a status that lapses,
 * rewards earned by months already settled, the month a correction belongs to, the insurer's loss
 * ratio — as steps an agency analyst reads top to bottom, each run against the real service over
 * HTTP, each expectation checked exactly. One application per scenario: settled months and
 * premiums are region-wide.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PAYER_CODES, PayerCode, TestApp, claimBody, putParameter, register, residentBody, registerBody, settleMonth, shares, startApp, submit, tagStatus } from '../support/e2e';

type Region = 'nanchong' | 'yancheng' | 'jingjiang' | 'shanting';
type Fields = Record<string, unknown>;

/** Each step has exactly one of these keys; what else it holds is described in README.md. */
interface RegisterStep { register: string; person?: Fields }
type TagStep = Fields & { tag: string; status: string };
type ClaimStep = Fields & { claim: string; shares: Partial<Record<PayerCode, number>> };
interface SettleStep { settle: string; guardianshipRewardsFen?: number; povertyPremiumsFen?: number }
interface ParameterStep { parameter: string; value: unknown; effectiveFrom?: string }
interface ReadjudicateStep { readjudicate: { fromMonth: string; toMonth: string } }
interface LedgerStep { ledger: string; funds?: Partial<Record<PayerCode, number>>; correctionsAgainst?: [string, PayerCode, number][]; correctionsApplied?: [string, PayerCode, number][] }
interface CorrectionsStep { corrections: string; appliedMonths: string[] }
interface LossRatioStep { lossRatio: number; expect: Fields }
type Step = RegisterStep | TagStep | ClaimStep | SettleStep | ParameterStep | ReadjudicateStep | LedgerStep | CorrectionsStep | LossRatioStep;
/** The step as the kind its key names (the JSON has exactly one of the keys). */
const is = <S extends Step>(step: Step, key: string): step is S => key in step;

interface Scenario {
  name: string;
  citation: string;
  steps: Step[];
}
interface Table {
  pack: Region;
  title: string;
  parameters?: { key: string; value: unknown; effectiveFrom?: string }[];
  defaults?: { claim?: Fields; person?: Fields };
  scenarios: Scenario[];
}

const tables = readdirSync(__dirname)
  .filter((f) => f.endsWith('.scenario.json'))
  .map((f) => ({ file: f, table: JSON.parse(readFileSync(join(__dirname, f), 'utf8')) as Table }));

/** Persons named in a scenario ("A", "B") → their generated person ids. */
type Names = Map<string, string>;

function personIdOf(names: Names, name: string): string {
  const id = names.get(name);
  if (!id) throw new Error(`step names person ${name} before a register step`);
  return id;
}

async function run(t: TestApp, table: Table, step: Step, names: Names): Promise<void> {
  if (is<RegisterStep>(step, 'register')) {
    const over = { ...table.defaults?.person, ...step.person };
    const body = (over.scheme ?? 'resident') === 'resident' ? residentBody(table.pack, over) : registerBody({ regionCode: table.pack, ...over });
    names.set(step.register, (await register(t, body)).personId);
  } else if (is<TagStep>(step, 'tag')) {
    const { tag, status, ...over } = step;
    await tagStatus(t, personIdOf(names, tag), status, over);
  } else if (is<ClaimStep>(step, 'claim')) {
    const { claim, shares: expected, ...over } = step;
    const fields = { ...table.defaults?.claim, ...over };
    // items need only catalogClass and amountFen, as in the claim tables
    const items = ((fields.items ?? []) as Fields[]).map((i, n) => ({ code: `I${n}`, name: 'item', kind: 'service', drugClass: null, catalogClass: 'A', amountFen: 0, ...i }));
    const view = await submit(t, claimBody(personIdOf(names, claim), { ...fields, items }));
    expect({ claim: view.claimId, shares: view.shares }).toEqual({ claim: view.claimId, shares: shares(expected) });
  } else if (is<SettleStep>(step, 'settle')) {
    const s = await settleMonth(t, table.pack, step.settle);
    if (step.guardianshipRewardsFen !== undefined) expect({ month: step.settle, rewards: s.guardianshipRewardsFen }).toEqual({ month: step.settle, rewards: step.guardianshipRewardsFen });
    if (step.povertyPremiumsFen !== undefined) expect({ month: step.settle, premiums: s.povertyPremiumsFen }).toEqual({ month: step.settle, premiums: step.povertyPremiumsFen });
  } else if (is<ParameterStep>(step, 'parameter')) {
    await putParameter(t, step.parameter, step.value, step.effectiveFrom);
  } else if (is<ReadjudicateStep>(step, 'readjudicate')) {
    const res = await t.http().post('/v1/readjudications').send({ regionCode: table.pack, ...step.readjudicate, apply: true });
    if (res.status !== 200) throw new Error(`re-adjudication answered ${res.status}: ${JSON.stringify(res.body)}`);
  } else if (is<LedgerStep>(step, 'ledger')) {
    const ledger = (await t.http().get(`/v1/ledgers?regionCode=${table.pack}&month=${step.ledger}`).expect(200)).body;
    if (step.funds) {
      const funds = Object.fromEntries(PAYER_CODES.map((p) => [p, ledger.funds.find((f: { payer: string }) => f.payer === p)?.amountFen ?? 0]));
      expect({ month: step.ledger, funds }).toEqual({ month: step.ledger, funds: shares(step.funds) });
    }
    const rows = (list: { appliedMonth?: string; originalMonth?: string; payer: PayerCode; amountFen: number }[]) => list.map((r) => [r.appliedMonth ?? r.originalMonth, r.payer, r.amountFen]);
    if (step.correctionsAgainst) expect({ month: step.ledger, against: rows(ledger.corrections.againstThisMonth) }).toEqual({ month: step.ledger, against: step.correctionsAgainst });
    if (step.correctionsApplied) expect({ month: step.ledger, applied: rows(ledger.corrections.appliedThisMonth) }).toEqual({ month: step.ledger, applied: step.correctionsApplied });
  } else if (is<CorrectionsStep>(step, 'corrections')) {
    const view = (await t.http().get(`/v1/claims/${step.corrections}`).expect(200)).body as { corrections: { appliedMonth: string }[] };
    expect({ claim: step.corrections, appliedMonths: view.corrections.map((c) => c.appliedMonth) }).toEqual({ claim: step.corrections, appliedMonths: step.appliedMonths });
  } else if (is<LossRatioStep>(step, 'lossRatio')) {
    const r = (await t.http().get(`/v1/poverty-insurance/loss-ratio?year=${step.lossRatio}`).expect(200)).body;
    expect(r).toEqual(expect.objectContaining(step.expect));
  } else {
    throw new Error(`unknown step ${JSON.stringify(step)}`);
  }
}

for (const { file, table } of tables) {
  describe(`${file}: ${table.title}`, () => {
    for (const scenario of table.scenarios) {
      it(`${scenario.name} (${scenario.citation})`, async () => {
        const t = await startApp();
        try {
          for (const p of table.parameters ?? []) await putParameter(t, p.key, p.value, p.effectiveFrom);
          const names: Names = new Map();
          for (const [n, step] of scenario.steps.entries()) {
            try {
              await run(t, table, step, names);
            } catch (e) {
              (e as Error).message = `step ${n + 1} ${JSON.stringify(step)}\n${(e as Error).message}`;
              throw e;
            }
          }
        } finally {
          await t.close();
        }
      });
    }
  });
}

it('every scenario table names its pack and has scenarios with steps', () => {
  expect(tables.length).toBeGreaterThan(0);
  for (const { table } of tables) {
    expect(['nanchong', 'yancheng', 'jingjiang', 'shanting']).toContain(table.pack);
    for (const s of table.scenarios) expect(s.steps.length).toBeGreaterThan(0);
  }
});
