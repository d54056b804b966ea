/**
 * The split topology: a projector process owns a PostgreSQL read model; two api processes with
 * PROJECTIONS=external share it and one event log, and still answer read-your-writes.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { residentId } from '../support/resident-id';
import { SERVER_ADMIN_TOKEN, startServer, ServerProcess } from '../support/server-process';

const URL = process.env.READMODEL_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ROOT = path.resolve(__dirname, '..', '..');
const PROJECTOR_JS = path.join(ROOT, 'dist', 'apps', 'projector', 'src', 'main.js');

let reachable = true;
let schema: string;
let dataDir: string;
let projector: ChildProcess;
let apis: ServerProcess[] = [];

const withSchema = () => `${URL}${URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-csearch_path=${schema}`)}`;
const json = (base: string, p: string, body?: unknown) =>
  fetch(`${base}${p}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${SERVER_ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

beforeAll(async () => {
  const client = new Client({ connectionString: URL });
  try {
    await client.connect();
  } catch {
    reachable = false;
    process.stderr.write(`SKIPPED: PostgreSQL is not reachable at ${URL}\n`);
    return;
  }
  schema = `t_topology_${Date.now().toString(36)}`;
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'topology-'));
  const env = { READMODEL_URL: withSchema() };
  projector = spawn(process.execPath, [PROJECTOR_JS], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', PROJECTOR_POLL_MS: '20', ...env }, stdio: 'ignore' });
  apis = [await startServer(dataDir, { ...env, PROJECTIONS: 'external' }), await startServer(dataDir, { ...env, PROJECTIONS: 'external' })];
}, 60_000);

afterAll(async () => {
  for (const a of apis) a.child.kill('SIGTERM');
  projector?.kill('SIGTERM');
  await Promise.all(apis.map((a) => a.exited));
  if (!reachable) return;
  const client = new Client({ connectionString: URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('a claim accepted by one api is visible at once through the other, projected by the projector process', async () => {
  if (!reachable) return;
  const [a, b] = apis.map((s) => s.base);
  const person = { personId: 'T-1', name: '张三', idNumber: residentId({ seq: 101 }), regionCode: 'nanchong', scheme: 'employee', employment: 'in_service', monthlyContributionBaseFen: 600000, countyCode: '511302', registeredOn: '2023-01-01' };
  expect((await json(a, '/v1/persons', person)).status).toBe(201);
  const claim = { claimId: 'T-C1', personId: 'T-1', institutionId: 'H1', institutionLevel: 'tier2', designated: true, location: 'in_county', visitType: 'general_outpatient', serviceDate: '2023-03-05', items: [{ code: 'X', name: 'x', kind: 'drug', catalogClass: 'A', amountFen: 50000 }] };
  const created = await json(b, '/v1/claims', claim);
  expect(created.status).toBe(201);
  // (50,000 − 20,000) × 60% = 18,000 (南府办发〔2022〕33号 art. 7(1))
  expect(((await created.json()) as { shares: Record<string, number> }).shares.basic_pooling).toBe(18000);
  const seen = await json(a, '/v1/claims/T-C1');
  expect(seen.status).toBe(200);
  const counters = (await (await json(a, '/v1/persons/T-1/counters?year=2023')).json()) as { counters: Record<string, { usedFen: number }> };
  expect(counters.counters.outpatient_pooling_paid.usedFen).toBe(18000);
  // the same claim again through the other api: the recorded result (idempotency across processes)
  const again = await json(a, '/v1/claims', claim);
  expect(again.status).toBe(200);
});

it('a second process projecting into the same read model is refused at boot, naming what to do', async () => {
  if (!reachable) return;
  const other = fs.mkdtempSync(path.join(os.tmpdir(), 'topology-second-'));
  try {
    await expect(startServer(other, { READMODEL_URL: withSchema() })).rejects.toThrow(/another process already projects into this read model/);
  } finally {
    fs.rmSync(other, { recursive: true, force: true });
  }
});
