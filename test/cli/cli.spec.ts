/**
 * The operator CLI as an operator runs it: the built dist/apps/cli/src/main.js (built by
 * test/global-setup.js) as a child process on temporary DATA_DIRs holding a generated city.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ClaimAdjudicated, PatientRegistered, PersonEvent, countersOf, foldPerson, personStream, withLineText } from '@benefit/domain';
import { RecordedEvent, SqliteEventStore } from '@benefit/event-store';
import { ALL_PROJECTIONS, SqliteQueries, SqliteReadModel } from '@benefit/projections';
import { maskResidentId } from '@benefit/shared';
import { REGIONS } from '@benefit/policy';
import { PiiVault, isSealed, openVault } from '@benefit/vault';
import { lockDataDir } from '@benefit/runtime';
import { CLI_JS, CliRun, cli } from '../support/cli-process';

type Run = CliRun;

const ok = (run: Run): Run => {
  if (run.code !== 0) throw new Error(`cli exited ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  return run;
};

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const fold = (events: RecordedEvent[]) => foldPerson(events.map((e) => ({ type: e.type, data: e.data }) as PersonEvent));

/** Every row of every read-model table, in a stable order. */
function dumpReadModel(file: string): Record<string, unknown[]> {
  const rm = new SqliteReadModel(file);
  try {
    const tables = rm.reader.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    return Object.fromEntries(
      tables.map(({ name }) => {
        const columns = rm.reader.prepare<[], { name: string }>(`PRAGMA table_info(${name})`).all();
        return [name, rm.reader.prepare(`SELECT * FROM ${name} ORDER BY ${columns.map((_, i) => i + 1).join(', ')}`).all()];
      }),
    );
  } finally {
    rm.close();
  }
}

/**
 * Names and ids are sealed with each directory's own keys, so two generated cities compare equal
 * only through their vaults: this opens the sealed fields of a row (a person doc or an event's data).
 */
async function opened(vault: PiiVault, data: Record<string, unknown>): Promise<Record<string, unknown>> {
  const out = { ...data };
  for (const field of ['name', 'idNumber']) {
    if (!isSealed(data[field])) continue;
    out[field] = await vault.open(String(data.personId), field, data[field] as string);
  }
  return out;
}

/** The read model with every person doc's name and id opened. */
async function openedReadModel(file: string, vault: PiiVault): Promise<Record<string, unknown[]>> {
  const dump = dumpReadModel(file);
  const persons = dump.persons as { doc: string }[];
  expect(persons.length).toBeGreaterThan(0);
  for (const row of persons) {
    const doc = JSON.parse(row.doc);
    // what is stored is ciphertext; only the vault of the directory opens it
    expect([isSealed(doc.name), isSealed(doc.idNumber)]).toEqual([true, true]);
    row.doc = JSON.stringify(await opened(vault, doc));
  }
  return dump;
}

const PERSONS = 30;
const CLAIMS = 200;
const SEED = '7';

describe('operator CLI on a generated city', () => {
  let dirA: string;
  let dirB: string;
  let genA: Run;
  let genB: Run;
  let report: {
    persons: { registered: number; byRegion: Record<string, number> };
    claims: { adjudicated: number; refused: number; byRegion: Record<string, number> };
    refusals: Record<string, { count: number; example: string }>;
    logHead: number;
    projectionsAt: number;
    samples: { personId: string; claimId: string };
  };
  let store: SqliteEventStore;
  let readModel: SqliteReadModel;
  let queries: SqliteQueries;

  beforeAll(async () => {
    if (!fs.existsSync(CLI_JS)) throw new Error(`${CLI_JS} is missing: run \`npm run build\` (jest's globalSetup does)`);
    dirA = fs.mkdtempSync(path.join(os.tmpdir(), 'benefit-cli-a-'));
    dirB = fs.mkdtempSync(path.join(os.tmpdir(), 'benefit-cli-b-'));
    const args = ['generate', '--persons', String(PERSONS), '--claims', String(CLAIMS), '--seed', SEED];
    [genA, genB] = await Promise.all([cli(dirA, ...args, '--json'), cli(dirB, ...args)]);
    ok(genA);
    ok(genB);
    report = JSON.parse(genA.stdout);
    store = new SqliteEventStore({ filename: path.join(dirA, 'events.db') });
    readModel = new SqliteReadModel(path.join(dirA, 'readmodel.db'));
    queries = new SqliteQueries(readModel);
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    readModel?.close();
    for (const dir of [dirA, dirB]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Person ids of the read model, one per region, the sample person first. */
  const personsToCheck = async () => [
    report.samples.personId,
    ...(await Promise.all(REGIONS.map(async (r) => (await queries.personIdsInRegion(r)).find((id) => id !== report.samples.personId)!))),
  ];

  describe('generate', () => {
    it('registers every person across the four regions, adjudicates the claims, and reports refusals', async () => {
      expect(report.persons.registered).toBe(PERSONS);
      for (const region of REGIONS) {
        expect(report.persons.byRegion[region]).toBeGreaterThan(0);
        expect((await queries.personIdsInRegion(region)).length).toBe(report.persons.byRegion[region]);
      }
      // every planned claim is valid for its region: none is refused
      expect(report.claims.refused).toBe(0);
      expect(report.claims.adjudicated).toBe(CLAIMS);
      for (const region of REGIONS) expect(report.claims.byRegion[region]).toBeGreaterThan(0);
      const claimRows = readModel.reader.prepare<[], { n: number }>('SELECT count(*) AS n FROM claims').get()!.n;
      expect(claimRows).toBe(report.claims.adjudicated);
      const refused = Object.values(report.refusals).reduce((s, r) => s + r.count, 0);
      // the text report says the same, with a progress bar and a rate on stderr
      expect(genB.stdout).toContain(`persons registered: ${PERSONS} of ${PERSONS}`);
      expect(genB.stdout).toContain(`claims adjudicated: ${report.claims.adjudicated} of ${CLAIMS}`);
      expect(genB.stdout).toContain('npm run cli -- audit person ');
      expect(genB.stdout).toMatch(refused ? /refused \(nothing recorded for these\): \d+/ : /refused: none/);
      expect(genB.stderr).toMatch(/generate \[#+\] 100\.0% \d+\/\d+ commands [\d,]+ commands\/s/);
    });

    it('records the parameters the packs need on the parameters stream, once', async () => {
      const recorded = (await store.readStream('parameters')).map((e) => e.data as { key: string; effectiveFrom: string });
      const keys = recorded.map((r) => `${r.key}@${r.effectiveFrom}`).sort();
      expect(keys).toEqual(
        [
          'nanchong.retired_pension_base@2023-01-01',
          'yancheng.minimum_living_standard_annual@2023-01-01',
          'yancheng.minimum_living_standard_annual@2024-01-01',
          'yancheng.per_capita_disposable_income@2023-01-01',
          'yancheng.per_capita_disposable_income@2024-01-01',
        ].sort(),
      );
    });

    it('leaves every projection caught up with the log (status)', async () => {
      const { stdout } = ok(await cli(dirA, 'status'));
      const head = await store.headPosition();
      expect(report.logHead).toBe(head);
      expect(stdout).toContain(`log head: ${head}`);
      for (const p of ALL_PROJECTIONS) expect(stdout).toMatch(new RegExp(`^${p.name}\\s+${head} \\(0 behind\\)$`, 'm'));
    });

    it('gives identical read models for the same seed on two data directories', async () => {
      // names and ids are sealed with each directory's own keys: equal once opened by each vault
      const [vaultA, vaultB] = await Promise.all([openVault({ dataDir: dirA }), openVault({ dataDir: dirB })]);
      const storeB = new SqliteEventStore({ filename: path.join(dirB, 'events.db') });
      try {
        expect(await openedReadModel(path.join(dirB, 'readmodel.db'), vaultB)).toEqual(await openedReadModel(path.join(dirA, 'readmodel.db'), vaultA));
        // the logs hold the same events at the same positions and instants (the resident-id key
        // streams are named, and their request hashes keyed, by each directory's own key)
        const rows = async (s: SqliteEventStore, vault: PiiVault) =>
          Promise.all(
            (await s.readAll({ after: 0, maxCount: 1_000_000 })).map(async (e) => {
              const keyStream = e.streamId.startsWith('resident-');
              const data = keyStream ? { ...(e.data as object), requestHash: '*' } : await opened(vault, e.data as Record<string, unknown>);
              return [e.position, keyStream ? 'resident-*' : e.streamId, e.revision, e.type, data, e.metadata.recordedAt];
            }),
          );
        expect(await rows(storeB, vaultB)).toEqual(await rows(store, vaultA));
      } finally {
        await storeB.close();
        await vaultA.close();
        await vaultB.close();
      }
    });

    it('refuses to run while another process holds the same DATA_DIR, naming it; runs once it is let go', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'benefit-cli-lock-'));
      const lock = lockDataDir(dir, 'api'); // this test process stands for the api
      try {
        const run = await cli(dir, 'generate', '--persons', '4', '--claims', '4');
        expect(run.code).toBe(1);
        expect(run.stderr).toContain(`${dir} is in use by the api (pid ${process.pid}`);
        expect(run.stderr).toContain('stop it first (generate must be the only writer of the log and the read model)');
        expect(fs.existsSync(path.join(dir, 'events.db'))).toBe(false);
        lock.release();
        ok(await cli(dir, 'generate', '--persons', '4', '--claims', '4'));
      } finally {
        lock.release();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('audit person', () => {
    it('prints every event with its position, revision and recordedAt, and every citation of its claims', async () => {
      const personId = report.samples.personId;
      const events = await store.readStream(personStream(personId));
      const { stdout } = ok(await cli(dirA, 'audit', 'person', personId));
      expect(stdout).toContain(`person ${personId}: ${events.length} events`);
      for (const e of events) {
        expect(stdout).toMatch(new RegExp(`^\\s*${e.position}\\s+${e.revision}\\s+${escape(e.metadata.recordedAt)}\\s+${e.type}`, 'm'));
        if (e.type === 'ClaimAdjudicated') {
          const { claim, adjudication, regionCode } = e.data as ClaimAdjudicated['data'];
          expect(stdout).toContain(`claim ${claim.claimId}`);
          for (const line of withLineText(regionCode, adjudication).explanation) expect(stdout).toContain(`${line.payer} ${(line.amountFen / 100).toFixed(2)} yuan  ${line.rule}  [${line.citation}]`);
        }
      }
      expect(stdout).toContain(`personal-account balance ${(fold(events).balanceFen / 100).toFixed(2)} yuan`);
    });

    it('never shows a full resident id, in text or JSON', async () => {
      const vault = await openVault({ dataDir: dirA });
      for (const personId of await personsToCheck()) {
        const events = await store.readStream(personStream(personId));
        const idNumber = (await vault.open(personId, 'idNumber', (events[0] as unknown as PatientRegistered).data.idNumber))!;
        expect(idNumber).toMatch(/^\d{17}[\dX]$/);
        const [text, json] = await Promise.all([cli(dirA, 'audit', 'person', personId), cli(dirA, 'audit', 'person', personId, '--json')]);
        ok(text);
        ok(json);
        for (const out of [text.stdout, json.stdout]) {
          expect(out).not.toContain(idNumber);
          expect(out).not.toContain(idNumber.slice(6, 14)); // the birth date
          expect(out).toContain(maskResidentId(idNumber));
        }
        const parsed = JSON.parse(json.stdout) as { position: number; revision: number; type: string; recordedAt: string; summary: string }[];
        expect(parsed.map((e) => [e.position, e.revision, e.type, e.recordedAt])).toEqual(events.map((e) => [e.position, e.revision, e.type, e.metadata.recordedAt]));
        expect(parsed.every((e) => e.summary.length > 0)).toBe(true);
      }
      await vault.close();
    });

    it('exits 2 for an unknown person', async () => {
      const run = await cli(dirA, 'audit', 'person', 'NOBODY-1');
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('no person NOBODY-1');
    });
  });

  describe('explain claim', () => {
    const claimIds = () => {
      const ids = [report.samples.claimId];
      for (const region of REGIONS) {
        const row = readModel.reader.prepare<[string], { claim_id: string }>('SELECT claim_id FROM claims WHERE region_code = ? ORDER BY position LIMIT 1').get(region);
        if (row) ids.push(row.claim_id);
      }
      return ids;
    };

    it('shows the shares and explanation the read model serves (GET /v1/claims/{id}), and the counters of the year', async () => {
      for (const claimId of claimIds()) {
        const view = (await queries.claim(claimId))!;
        expect(view).toBeDefined();
        const [json, text] = await Promise.all([cli(dirA, 'explain', 'claim', claimId, '--json'), cli(dirA, 'explain', 'claim', claimId)]);
        const got = JSON.parse(ok(json).stdout);
        expect(got.personId).toBe(view.personId);
        expect(got.shares).toEqual(view.shares);
        expect(got.explanation).toEqual(view.explanation);
        expect(got.totalFen).toBe(view.totalFen);
        expect(got.policyScopeFen).toBe(view.policyScopeFen);
        expect(got.policyVersion).toBe(view.policyVersion);
        expect(got.position).toBe(view.position);
        expect(got.bedDays).toEqual(view.bedDays);
        expect(got.flags).toEqual(view.flags);
        expect(got.claim.items.reduce((s: number, i: { amountFen: number }) => s + i.amountFen, 0)).toBe(view.totalFen);
        // "now" is the counters projection of the person's year
        const year = Number(view.serviceDate.slice(0, 4));
        const projected = new Map((await queries.counters(view.personId, year)).map((c) => [c.key, c.usedFen]));
        for (const row of got.counters.rows as { key: string; beforeFen: number; deltaFen: number; afterFen: number; nowFen: number }[]) {
          expect(row.nowFen).toBe(projected.get(row.key) ?? 0);
          expect(row.afterFen).toBe(row.beforeFen + row.deltaFen);
        }
        ok(text);
        expect(text.stdout).toContain(`policyVersion ${view.policyVersion}`);
        expect(text.stdout).toContain(`total ${(view.totalFen / 100).toFixed(2)} yuan; policy scope (class A and B) ${(view.policyScopeFen / 100).toFixed(2)} yuan`);
        view.explanation.forEach((line, i) => {
          expect(text.stdout).toContain(`${i + 1}. ${line.payer} ${(line.amountFen / 100).toFixed(2)} yuan — rule ${line.rule}`);
          expect(text.stdout).toContain(`citation: ${line.citation}`);
          if (line.detail) expect(text.stdout).toContain(`detail: ${line.detail}`);
        });
      }
    });

    it('exits 2 with a clear message for an unknown claim id', async () => {
      const run = await cli(dirA, 'explain', 'claim', 'NO-SUCH-CLAIM');
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('no claim NO-SUCH-CLAIM is recorded');
      expect(run.stdout).toBe('');
    });
  });

  describe('as-of', () => {
    it('folds only what was recorded by the instant: before and after a claim differ by its counter moves', async () => {
      const personId = report.samples.personId;
      const events = await store.readStream(personStream(personId));
      const at = events.findIndex(
        (e, i) =>
          i > 0 &&
          e.type === 'ClaimAdjudicated' &&
          Object.keys((e.data as ClaimAdjudicated['data']).adjudication.counterDeltas).length > 0 &&
          e.metadata.recordedAt > events[i - 1].metadata.recordedAt,
      );
      expect(at).toBeGreaterThan(0);
      const claimEvent = events[at];
      const previous = events[at - 1];
      const { adjudication } = claimEvent.data as ClaimAdjudicated['data'];
      const year = String(adjudication.year);

      const [before, after] = await Promise.all([
        cli(dirA, 'as-of', previous.metadata.recordedAt, 'person', personId, '--json'),
        cli(dirA, 'as-of', claimEvent.metadata.recordedAt, 'person', personId, '--json'),
      ]);
      const b = JSON.parse(ok(before).stdout);
      const a = JSON.parse(ok(after).stdout);
      expect(b.lastIncluded.position).toBe(previous.position);
      expect(a.lastIncluded.position).toBe(claimEvent.position);
      expect(a.eventsIncluded).toBe(b.eventsIncluded + 1);
      expect(b.balanceFen).toBe(fold(events.slice(0, at)).balanceFen);
      expect(a.balanceFen).toBe(b.balanceFen - adjudication.shares.personal_account);
      const expectedBefore = countersOf(fold(events.slice(0, at)), adjudication.year);
      for (const [key, delta] of Object.entries(adjudication.counterDeltas)) {
        expect(b.counters[year]?.[key]?.usedFen ?? 0).toBe(expectedBefore[key as keyof typeof expectedBefore]);
        expect(a.counters[year][key].usedFen).toBe((b.counters[year]?.[key]?.usedFen ?? 0) + delta);
      }

      // the text form names the last event included
      const text = ok(await cli(dirA, 'as-of', claimEvent.metadata.recordedAt, 'person', personId));
      expect(text.stdout).toContain(`last included: position ${claimEvent.position} (revision ${claimEvent.revision}, ClaimAdjudicated`);
    });

    it('reads a date as the end of that day in China time', async () => {
      const personId = report.samples.personId;
      const events = await store.readStream(personStream(personId));
      const claimEvent = events.find((e) => e.type === 'ClaimAdjudicated')!;
      const chinaDay = new Date(Date.parse(claimEvent.metadata.recordedAt) + 8 * 3_600_000).toISOString().slice(0, 10);
      const end = Date.parse(`${chinaDay}T23:59:59.999+08:00`);
      const expected = events.filter((e) => Date.parse(e.metadata.recordedAt) <= end);
      const got = JSON.parse(ok(await cli(dirA, 'as-of', chinaDay, 'person', personId, '--json')).stdout);
      expect(got.asOf).toBe(new Date(end).toISOString());
      expect(got.eventsIncluded).toBe(expected.length);
      expect(got.lastIncluded.position).toBe(expected[expected.length - 1].position);
      // before the person's first event nothing was known
      const early = ok(await cli(dirA, 'as-of', '2022-01-01', 'person', personId));
      expect(early.stdout).toContain(`nothing was recorded for ${personId} by then`);
    });

    it('exits 2 for a timestamp it cannot read or an unknown person', async () => {
      const bad = await cli(dirA, 'as-of', 'yesterday', 'person', report.samples.personId);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('is not a timestamp');
      const unknown = await cli(dirA, 'as-of', '2024-01-01', 'person', 'NOBODY-2');
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('no person NOBODY-2');
    });
  });

  describe('usage and help', () => {
    it('prints help and exits 0; wrong requests exit 2 and say what to do', async () => {
      const [help, helpGenerate, auditHelp, none, unknown, badNumber, missing, noLog, badAudit] = await Promise.all([
        cli(dirA, 'help'),
        cli(dirA, 'help', 'generate'),
        cli(dirA, 'audit', '--help'),
        cli(dirA),
        cli(dirA, 'frobnicate'),
        cli(dirA, 'generate', '--persons', 'many', '--claims', '10'),
        cli(dirA, 'generate', '--claims', '10'),
        cli(path.join(dirA, 'no-such-dir'), 'audit', 'person', 'X'),
        cli(dirA, 'audit', 'claim', 'X'),
      ]);
      expect(help.code).toBe(0);
      for (const name of ['status', 'rebuild', 'audit person', 'explain claim', 'as-of', 'generate']) expect(help.stdout).toContain(name);
      expect(helpGenerate.code).toBe(0);
      expect(helpGenerate.stdout).toContain('--seed');
      expect(auditHelp.code).toBe(0);
      expect(auditHelp.stdout).toContain('--json');
      expect(none.code).toBe(2);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('unknown command frobnicate');
      expect(badNumber.code).toBe(2);
      expect(badNumber.stderr).toContain('--persons must be a whole number');
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('--persons is required');
      expect(noLog.code).toBe(2);
      expect(noLog.stderr).toContain('no event log in');
      expect(badAudit.code).toBe(2);
      expect(badAudit.stderr).toContain('usage: npm run cli -- audit person <personId>');
    });
  });

  describe('rebuild', () => {
    it('replays the generated log into the same read model', async () => {
      const before = dumpReadModel(path.join(dirA, 'readmodel.db'));
      const run = ok(await cli(dirA, 'rebuild'));
      expect(run.stdout).toMatch(/rebuilt all projections from \d+ events/);
      expect(dumpReadModel(path.join(dirA, 'readmodel.db'))).toEqual(before);
    });
  });

  describe('corrections', () => {
    // runs last: it adds events to the log of dirA
    it('prints event types it has no layout for (…BackPaid) generically, as corrections', async () => {
      const personId = report.samples.personId;
      const data = { personId, month: '2023-03', amountFen: 1234, reason: 'difference of the 2022 pension base', citation: '南府办发〔2022〕33号 art. 13' };
      const { position } = await store.append(personStream(personId), [{ type: 'PersonalAccountBackPaid', data }], 'any');
      const { stdout } = ok(await cli(dirA, 'audit', 'person', personId));
      expect(stdout).toMatch(new RegExp(`^\\s*${position}\\s+\\d+\\s+\\S+\\s+PersonalAccountBackPaid \\[correction\\]: correction: personId=${personId}, month=2023-03, amount=12.34 yuan, reason=difference of the 2022 pension base, citation=南府办发〔2022〕33号 art. 13$`, 'm'));
      expect(stdout).toContain(`corrections: PersonalAccountBackPaid at ${position}`);
      const json = JSON.parse(ok(await cli(dirA, 'audit', 'person', personId, '--json')).stdout) as { type: string; data: unknown }[];
      expect(json[json.length - 1]).toMatchObject({ type: 'PersonalAccountBackPaid', data });
    });

    it('explains a corrected claim with the shares that now stand, the first adjudication and the deltas', async () => {
      const claimId = report.samples.claimId;
      const view = (await queries.claim(claimId))!;
      const events = await store.readStream(personStream(view.personId));
      const { adjudication, regionCode } = events.find((e) => e.type === 'ClaimAdjudicated' && (e.data as ClaimAdjudicated['data']).claim.claimId === claimId)!.data as ClaimAdjudicated['data'];
      const [payer] = Object.entries(adjudication.shares).sort((x, y) => y[1] - x[1])[0];
      const shares = { ...adjudication.shares, [payer]: adjudication.shares[payer as keyof typeof adjudication.shares] - 100, hospital_borne: adjudication.shares.hospital_borne + 100 };
      const explanation = [...adjudication.explanation, { payer: 'hospital_borne' as const, amountFen: 100, rule: 'test.correction', citation: 'a test correction' }];
      const deltas = { [payer]: -100, hospital_borne: 100 };
      const corrected = { ...adjudication, shares, explanation, policyVersion: `${adjudication.policyVersion}-corrected` };
      // version 2, as the service writes corrections: the claim's lines stay in words, the test's line in text
      const data = { v: 2, personId: view.personId, claimId, regionCode, institutionId: view.institutionId, originalMonth: view.serviceDate.slice(0, 7), appliedMonth: '2025-01', year: adjudication.year, deltas, counterDeltas: {}, adjudication: corrected, reason: 'a test re-settlement' };
      const { position } = await store.append(personStream(view.personId), [{ type: 'ClaimSharesAdjusted', data }], 'any');

      const got = JSON.parse(ok(await cli(dirA, 'explain', 'claim', claimId, '--json')).stdout);
      expect(got.shares).toEqual(shares);
      // every line with its text, the worded ones rendered
      expect(got.explanation).toEqual(withLineText(regionCode, corrected).explanation);
      expect(got.explanation.every((l: { citation?: string }) => typeof l.citation === 'string' && l.citation.length > 0)).toBe(true);
      expect(got.policyVersion).toBe(corrected.policyVersion);
      expect(got.original.shares).toEqual(adjudication.shares);
      expect(got.corrections).toEqual([expect.objectContaining({ position, type: 'ClaimSharesAdjusted', appliedMonth: '2025-01', reason: 'a test re-settlement', deltas })]);
      const text = ok(await cli(dirA, 'explain', 'claim', claimId)).stdout;
      expect(text).toContain('shares, as they stand after 1 correction(s)');
      expect(text).toContain(`position ${position}, `);
      expect(text).toContain(`deltas (yuan): ${payer} -1.00, hospital_borne +1.00`);
      const audit = ok(await cli(dirA, 'audit', 'person', view.personId)).stdout;
      expect(audit).toContain('ClaimSharesAdjusted [correction]: correction:');
      expect(audit).toContain(`deltas (yuan): ${payer} -1.00, hospital_borne +1.00`);
      expect(audit).toContain('  hospital_borne 1.00 yuan  test.correction  [a test correction]');
    });
  });
});
