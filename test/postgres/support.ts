/**
 * Helpers of the PostgreSQL read-model tests: is a server reachable (checked synchronously, so a
 * suite can be skipped at load time), a fresh schema per test file, and a dump of every table.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Kysely, sql } from 'kysely';
import { Client } from 'pg';
import { READ_MODEL_TABLES } from '../../libs/projections/src/postgres/migrations';

export const TEST_URL = process.env.READMODEL_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Connects once from a child process (jest decides describe vs describe.skip synchronously). */
export function postgresReachable(url = TEST_URL): { ok: boolean; reason: string } {
  const script = `
    const { Client } = require('pg');
    const c = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 5000 });
    c.connect().then(() => c.query('select 1')).then(() => c.end()).then(() => process.exit(0))
      .catch((e) => { process.stderr.write(String(e && e.message || e)); process.exit(1); });`;
  const r = spawnSync(process.execPath, ['-e', script, url], { cwd: path.resolve(__dirname, '../..'), encoding: 'utf8', timeout: 15000 });
  if (r.error) return { ok: false, reason: r.error.message };
  return { ok: r.status === 0, reason: (r.stderr || `exit ${r.status}`).trim() };
}

/** `describe`, or `describe.skip` with a message when no server answers at READMODEL_TEST_URL. */
export function describeWithPostgres(): jest.Describe {
  const { ok, reason } = postgresReachable();
  if (!ok) {
    // straight to stderr: jest hides the console output of a suite whose tests are all skipped
    process.stderr.write(`SKIPPED: PostgreSQL is not reachable at ${TEST_URL.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@")} (${reason}); start it or set READMODEL_TEST_URL to run the PostgreSQL read-model tests\n`);
  }
  return ok ? describe : describe.skip;
}

export function freshSchemaName(): string {
  return `t_${randomBytes(6).toString('hex')}`;
}

export async function dropSchema(schema: string, url = TEST_URL): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/** Every row of every read-model table in key order (checkpoints left out unless asked). */
export async function dumpPostgres(db: Kysely<any>, except: string[] = ['checkpoints']): Promise<Record<string, unknown[]>> {
  const dump: Record<string, unknown[]> = {};
  for (const table of [...READ_MODEL_TABLES].sort()) {
    if (except.includes(table)) continue;
    const cols = await sql<{ column_name: string; data_type: string }>`
      select column_name, data_type from information_schema.columns
      where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(db);
    // json has no ordering operator: order by its text
    const order = sql.join(cols.rows.map((c) => (c.data_type === 'json' ? sql`${sql.ref(c.column_name)}::text` : sql.ref(c.column_name))));
    dump[table] = (await sql`select * from ${sql.table(table)} order by ${order}`.execute(db)).rows;
  }
  return dump;
}
