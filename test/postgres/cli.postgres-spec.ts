/**
 * Issue 12: the operator CLI works against the storage the api is configured with. A city is
 * generated into DATA_DIR (SQLite log and read model); with READMODEL_URL naming a fresh
 * PostgreSQL schema, `status`, `rebuild`, `explain`, `audit` and `as-of` then run on PostgreSQL,
 * and each answers as it does on the SQLite read model of the same log.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { ALL_PROJECTIONS, SqliteQueries, SqliteReadModel } from '@benefit/projections';
import { PostgresQueries, PostgresReadModel, openPostgresReadModel } from '@benefit/projections/postgres';
import { holdWriterLock } from '@benefit/runtime';
import { CLI_JS, CliRun, cli, cliWithEnv } from '../support/cli-process';
import { TEST_URL, describeWithPostgres, dropSchema, freshSchemaName } from './support';

const ok = (run: CliRun): CliRun => {
  if (run.code !== 0) throw new Error(`cli exited ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  return run;
};

describeWithPostgres()('operator CLI on a PostgreSQL read model (READMODEL_URL)', () => {
  const schema = freshSchemaName();
  const url = `${TEST_URL}${TEST_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-csearch_path=${schema}`)}`;
  let dir: string;
  let samples: { personId: string; claimId: string; asOf: string };
  let logHead: number;
  /** The same command on the SQLite read model of DATA_DIR, and on PostgreSQL. */
  const onSqlite = (...args: string[]) => cli(dir, ...args).then(ok);
  const onPostgres = (...args: string[]) => cliWithEnv(dir, { READMODEL_URL: url }, ...args);

  beforeAll(async () => {
    if (!fs.existsSync(CLI_JS)) throw new Error(`${CLI_JS} is missing: run \`npm run build\` first`);
    const client = new Client({ connectionString: TEST_URL });
    await client.connect();
    await client.query(`CREATE SCHEMA "${schema}"`);
    await client.end();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'benefit-cli-pg-'));
    const report = JSON.parse((await onSqlite('generate', '--persons', '24', '--claims', '150', '--seed', '12', '--json')).stdout);
    samples = report.samples;
    logHead = report.logHead;
  }, 120_000);

  afterAll(async () => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    await dropSchema(schema);
  });

  it('status reads the PostgreSQL checkpoints: all behind on a fresh schema, where SQLite is current', async () => {
    const sqlite = (await onSqlite('status')).stdout;
    const postgres = ok(await onPostgres('status')).stdout;
    expect(postgres).toContain(`log head: ${logHead}`);
    for (const p of ALL_PROJECTIONS) {
      expect(sqlite).toMatch(new RegExp(`^${p.name}\\s+${logHead} \\(0 behind\\)$`, 'm'));
      expect(postgres).toMatch(new RegExp(`^${p.name}\\s+0 \\(${logHead} behind\\)$`, 'm'));
    }
  });

  it('rebuild replays the log into PostgreSQL; status then answers as on SQLite', async () => {
    expect(ok(await onPostgres('rebuild')).stdout).toMatch(new RegExp(`rebuilt all projections from ${logHead} events`));
    expect(ok(await onPostgres('status')).stdout).toBe((await onSqlite('status')).stdout);
  }, 120_000);

  it('the rebuilt PostgreSQL views are those of SQLite: the sample claim and its person', async () => {
    const pg: PostgresReadModel = await openPostgresReadModel(url);
    const sqlite = new SqliteReadModel(path.join(dir, 'readmodel.db'));
    try {
      const [pgQueries, sqliteQueries] = [new PostgresQueries(pg), new SqliteQueries(sqlite)];
      const claim = await sqliteQueries.claim(samples.claimId);
      expect(claim?.claimId).toBe(samples.claimId);
      expect(await pgQueries.claim(samples.claimId)).toEqual(claim);
      expect(await pgQueries.person(samples.personId)).toEqual(await sqliteQueries.person(samples.personId));
    } finally {
      await pg.close();
      sqlite.close();
    }
  });

  it('explain, audit and as-of answer as on SQLite, as text and as JSON', async () => {
    const commands = [
      ['explain', 'claim', samples.claimId],
      ['audit', 'person', samples.personId],
      ['as-of', samples.asOf, 'person', samples.personId],
    ];
    for (const args of commands) {
      for (const form of [args, [...args, '--json']]) {
        const sqlite = (await onSqlite(...form)).stdout;
        expect(sqlite.length).toBeGreaterThan(0);
        expect(ok(await onPostgres(...form)).stdout).toBe(sqlite);
      }
    }
  }, 120_000);

  it('an unknown claim is refused on PostgreSQL as on SQLite (exit 2, naming the id)', async () => {
    const run = await onPostgres('explain', 'claim', 'NO-SUCH-CLAIM');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no claim NO-SUCH-CLAIM is recorded');
  });

  it('rebuild is refused while another process projects into the same read model (exit 1)', async () => {
    const release = await holdWriterLock(url);
    try {
      const run = await onPostgres('rebuild');
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('another process projects into this read model (READMODEL_URL)');
    } finally {
      await release();
    }
  });
});
