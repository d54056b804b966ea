/**
 * The parallel replay (issue 13.3) gives the sequential Projector's read model, table by table and
 * row by row: on a log with every kind of event the projections read back (corrections, cancellations
 * after a settlement, relief statuses, settled months, access reads), with 1, 2 and one group per
 * projection, in small batches (the writer's commits are awaited before every read back) and in one
 * batch (the reads see the parts flushed earlier in the same transaction).
 *
 * Both ways a group runs are tested: in this thread (`inProcess`, the same partition, group loop and
 * writer) and in worker threads. A worker cannot load a .ts file under ts-jest, so the worker entry
 * is bundled with esbuild for this spec (node_modules/.cache), from the same source.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { CommandRunner, cancellationDecider } from '@benefit/domain';
import { SqliteEventStore } from '@benefit/event-store';
import { DomainError } from '@benefit/shared';
import { ALL_PROJECTIONS } from '../projections';
import { Projector } from '../projector';
import { SqliteReadModel } from '../sqlite/sqlite-read-model';
import { dumpReadModel } from '../testing/dump';
import { writeHistory } from '../testing/history';
import { TestClock, writeAccessHistory } from '../testing/access-history';
import { meta, readjudicate, settle, stage1, stage2, tagTemporaryRelief, writeYancheng } from '../testing/corrections';
import { partitionProjections } from './partition';
import { rebuildInParallel, replayInParallel } from './parallel-replay';

jest.setTimeout(120_000);

const root = path.resolve(__dirname, '../../../..');
let dir: string;
let bundleDir: string;
let workerFile: string;
let eventsFile: string;
let head: number;
let expected: Record<string, unknown[]>;
let expectedCheckpoints: unknown[];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parallel-replay-'));
  fs.mkdirSync(path.join(root, 'node_modules', '.cache'), { recursive: true });
  bundleDir = fs.mkdtempSync(path.join(root, 'node_modules', '.cache', 'replay-worker-'));
  workerFile = path.join(bundleDir, 'replay-worker.js');
  // bare imports (better-sqlite3, …) stay imports, resolved from the repository's node_modules
  buildSync({ entryPoints: [path.join(__dirname, 'replay-worker.ts')], outfile: workerFile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', tsconfig: path.join(root, 'tsconfig.json'), logLevel: 'silent' });

  eventsFile = path.join(dir, 'events.db');
  const clock = new TestClock();
  const store = new SqliteEventStore({ filename: eventsFile, now: () => clock.at });
  const live = new SqliteReadModel(path.join(dir, 'live.db'));
  const projector = new Projector(store, live, ALL_PROJECTIONS);
  const after = async () => projector.waitFor(await store.headPosition());
  const runner = new CommandRunner(store);
  await writeHistory(store, { persons: 30, claims: 200, after });
  const yancheng = await writeYancheng(runner, after, 4);
  const nanchong = Array.from({ length: 30 }, (_, i) => `P-${i}`);
  await readjudicate(runner, after, [...nanchong, ...yancheng], stage1, '2023-01', '2023-12');
  await settle(runner, after, 'nanchong', '2023-07');
  await readjudicate(runner, after, nanchong, stage2, '2023-03', '2023-06');
  await tagTemporaryRelief(runner, after, yancheng[0], '2023-02-01');
  // cancellations after the settlement: reversed in the claim's month, or the next open one
  const claims = store.db.prepare<[], { data: string }>("SELECT data FROM events WHERE type = 'ClaimAdjudicated' ORDER BY position LIMIT 40").all();
  for (const { data } of claims.filter((_, i) => i % 5 === 0)) {
    const { claim } = JSON.parse(data) as { claim: { claimId: string; personId: string } };
    const cmd = { type: 'CancelClaim' as const, data: { personId: claim.personId, claimId: claim.claimId, reason: 'spec', cancelledOn: '2023-08-01' } };
    await runner.handle(cancellationDecider, cmd, undefined, meta).catch((err) => {
      if (!(err instanceof DomainError)) throw err;
    });
    await after();
  }
  await writeAccessHistory(store, clock);
  await after();
  head = await store.headPosition();
  const types = new Set(store.db.prepare<[], { type: string }>('SELECT DISTINCT type FROM events').all().map((r) => r.type));
  for (const t of ['ClaimSharesAdjusted', 'ClaimCancelled', 'MonthSettled', 'ReliefStatusTagged', 'PersonalAccountBackPaid', 'PersonDataRead']) expect([t, types.has(t)]).toEqual([t, true]);
  await store.close();

  // the reference: the sequential Projector, rebuilding into a fresh file
  const fresh = new SqliteReadModel(path.join(dir, 'sequential.db'));
  await new Projector(new SqliteEventStore({ filename: eventsFile }), fresh, ALL_PROJECTIONS).catchUp();
  expected = dumpReadModel(fresh.writer);
  expectedCheckpoints = fresh.writer.prepare('SELECT * FROM checkpoints ORDER BY projection').all();
  await fresh.close();
  await live.close();
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(bundleDir, { recursive: true, force: true });
});

const ways = [
  { name: 'in this thread', inProcess: true },
  { name: 'in worker threads', inProcess: false },
];

describe.each(ways)('parallel replay $name = the sequential Projector', ({ inProcess }) => {
  // maxInFlight 1,000: a worker runs far ahead of the writer, and reads what it handed over from its own parts
  it.each([
    [1, 5000, 2],
    [2, 5000, 2],
    [2, 7, 2],
    [2, 7, 1000],
    [ALL_PROJECTIONS.length, 13, 2],
  ])('%i group(s), batches of %i events, %i transactions in flight: every table, row by row, and every checkpoint at the head', async (workers, batchSize, maxInFlight) => {
    const readModel = new SqliteReadModel(path.join(dir, `p-${inProcess}-${workers}-${batchSize}-${maxInFlight}.db`));
    try {
      const positions: number[] = [];
      const result = await replayInParallel(eventsFile, readModel, ALL_PROJECTIONS, head, { workers, batchSize, maxInFlight, inProcess, workerFile, onProgress: (p) => positions.push(p) });
      expect(result.groups.map((g) => g.projections)).toEqual(partitionProjections(ALL_PROJECTIONS, workers).map((g) => g.map((p) => p.name)));
      expect(dumpReadModel(readModel.writer)).toEqual(expected);
      expect(readModel.writer.prepare('SELECT * FROM checkpoints ORDER BY projection').all()).toEqual(expectedCheckpoints);
      expect(positions[positions.length - 1]).toBe(head);
    } finally {
      await readModel.close();
    }
  });

  it('rebuilds the named projections in place over a full read model, the others untouched', async () => {
    const readModel = new SqliteReadModel(path.join(dir, `in-place-${inProcess}.db`));
    try {
      await replayInParallel(eventsFile, readModel, ALL_PROJECTIONS, head, { workers: 2, inProcess, workerFile });
      await rebuildInParallel(eventsFile, readModel, ALL_PROJECTIONS, head, ['ledger', 'persons'], { workers: 2, batchSize: 11, inProcess, workerFile });
      expect(dumpReadModel(readModel.writer)).toEqual(expected);
    } finally {
      await readModel.close();
    }
  });

  it('catches up from the checkpoints a sequential catch-up left part way', async () => {
    const readModel = new SqliteReadModel(path.join(dir, `resume-${inProcess}.db`));
    try {
      const partial = new SqliteEventStore({ filename: eventsFile });
      // the sequential projector stops after its first two pages of 100
      let pages = 0;
      const projector = new Projector(partial, readModel, ALL_PROJECTIONS, {
        batchSize: 100,
        onProgress: () => {
          if (++pages === 2) throw new Error('stop');
        },
      });
      await expect(projector.catchUp()).rejects.toThrow('stop');
      await partial.close();
      expect(readModel.checkpointSync('ledger')).toBe(200);
      await replayInParallel(eventsFile, readModel, ALL_PROJECTIONS, head, { workers: 2, batchSize: 50, inProcess, workerFile });
      expect(dumpReadModel(readModel.writer)).toEqual(expected);
    } finally {
      await readModel.close();
    }
  });
});

it('a group that fails stops the replay with its error, and nothing of its failed transaction is written', async () => {
  const readModel = new SqliteReadModel(path.join(dir, 'failing.db'));
  try {
    const failing = { ...ALL_PROJECTIONS[0], apply: async () => Promise.reject(new Error('projection failed')) };
    await expect(replayInParallel(eventsFile, readModel, [failing], head, { inProcess: true })).rejects.toThrow('projection failed');
    expect(readModel.checkpointSync(failing.name)).toBe(0);
  } finally {
    await readModel.close();
  }
});

it('partitions by cost into at most one group per projection, each projection once, in the given order', () => {
  for (const n of [1, 2, 3, 8, 20]) {
    const groups = partitionProjections(ALL_PROJECTIONS, n);
    expect(groups.length).toBe(Math.min(n, ALL_PROJECTIONS.length));
    expect(groups.flat().map((p) => p.name).sort()).toEqual(ALL_PROJECTIONS.map((p) => p.name).sort());
    for (const g of groups) expect(g).toEqual(ALL_PROJECTIONS.filter((p) => g.includes(p)));
  }
});
