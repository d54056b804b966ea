/**
 * Phase `settleMonth` (issue 13.4): SettleMonth as a job, end to end — the persons read from the
 * read model, each person folded from the log and decided (once to refuse before writing, once to
 * record), the chunks appended with the job's record, the month closed and every projection caught
 * up with it (the API answer is read from the settlement view). Two fresh logs of one month of
 * Nanchong in-service employees, 2.5 general-outpatient claims each: 40,000 persons / 100,000
 * claims and 10,000 / 25,000 (`--quick`: a tenth of both). `settleMonthCliff` is persons/s at the
 * large size over persons/s at the small one: with the runner's cache of 20,000 states the large
 * month is past it, and a job that leaned on the cache would fold everyone cold there.
 *
 * The logs are written untimed, straight through the deciders and `appendMulti` (as the store
 * path does), and projected untimed before the timed SettleMonth.
 */
import * as path from 'node:path';
import { CommandRunner, MonthSettled, PersonState, claimDecider, enrollmentDecider, initialPersonState, settlementStream } from '@benefit/domain';
import { SqliteEventStore, StreamWrite } from '@benefit/event-store';
import { ALL_PROJECTIONS, Projector, SqliteQueries, SqliteReadModel, projectInAppend } from '@benefit/projections';
import { Claim } from '@benefit/policy';
import { MonthEndProgress, settleMonth } from '@benefit/workflows';
import { Measured } from '../figures';
import { claimBody, personIdOf, registration } from '../fixtures';
import { WRITTEN_UNDER, personWrite } from '../large-log';
import { Profiled } from '../measure';
import { nowMs, perSec, progress, removeDir, round, runPool, tempDir } from '../util';

const MONTH = '2023-03';
const META = { actor: 'system:bench', correlationId: 'bench-settle-month' };
const CLAIMS_PER_PERSON = 2.5;

interface MonthRun {
  persons: number;
  claims: number;
  personsPerSec: number;
  seconds: number;
  /** Until the first chunk was recorded: the decide-everyone pass and one chunk. */
  firstChunkSeconds: number;
  /** From the first to the last chunk recorded. */
  chunksSeconds: number;
  /** From the last chunk to the answer: the close and the projections catching up. */
  closeSeconds: number;
  cpuUsPerPerson: number;
  creditedPersons: number;
}

/** A month of `persons` employees with `claims` claims round-robin, written untimed and projected. */
export async function writeMonth(store: SqliteEventStore, projector: Projector, persons: number, claims: number): Promise<void> {
  const states: PersonState[] = Array.from({ length: persons }, () => initialPersonState());
  const writesOf = (i: number, events: { type: string; data: unknown }[]): StreamWrite[] => {
    const { writes, state } = personWrite(personIdOf(i), states[i], events);
    states[i] = state;
    return writes;
  };
  const batch: StreamWrite[][] = [];
  for (let i = 0; i < persons; i++) batch.push(writesOf(i, enrollmentDecider.decide({ type: 'RegisterPatient', data: registration(personIdOf(i), i) }, states[i])));
  for (let k = 0; k < claims; k++) {
    const i = k % persons;
    const body = { ...claimBody(`SM-${String(k).padStart(7, '0')}`, personIdOf(i), k), serviceDate: `${MONTH}-${String(1 + (k % 28)).padStart(2, '0')}` } as Claim;
    batch.push(writesOf(i, claimDecider.decide({ type: 'SubmitClaim', data: body }, states[i], { params: WRITTEN_UNDER, today: '2023-04-02' })));
  }
  await runPool(batch.length, 256, async (j) => {
    await store.appendMulti(batch[j]);
  });
  await projector.catchUp();
}

/** SettleMonth timed on a fresh log of its own. */
async function settleOne(persons: number, profiled: Profiled, name: string): Promise<MonthRun> {
  const claims = Math.round(persons * CLAIMS_PER_PERSON);
  const dir = tempDir('settle-month');
  // the app's storage path (libs/runtime storage.ts): projections in the append, checkpoints on a worker
  const store = new SqliteEventStore({ filename: path.join(dir, 'events.db'), checkpointOnWorker: true });
  const readModel = new SqliteReadModel(path.join(dir, 'readmodel.db'));
  const projector = new Projector(store, readModel, ALL_PROJECTIONS);
  projectInAppend(store, readModel, projector);
  try {
    progress(`settle month: writing and projecting ${persons.toLocaleString('en-US')} persons with ${claims.toLocaleString('en-US')} claims in ${MONTH} (untimed)`);
    await writeMonth(store, projector, persons, claims);
    const ports = {
      commands: new CommandRunner(store),
      log: store,
      views: projector,
      queries: new SqliteQueries(readModel),
      parameters: { current: async () => WRITTEN_UNDER },
      clock: { now: () => new Date('2023-04-02T02:00:00.000Z') },
      logger: { info: (fields: Record<string, unknown>, message: string) => progress(`settle month: ${message} ${JSON.stringify(fields)}`) },
    };
    const chunkTimes: number[] = [];
    const onChunk = (_p: MonthEndProgress) => chunkTimes.push(nowMs());
    progress(`settle month: SettleMonth nanchong ${MONTH} over ${persons.toLocaleString('en-US')} persons (timed)`);
    const cpu0 = process.cpuUsage();
    const started = nowMs();
    const view = await profiled(name, () => settleMonth(ports, 'nanchong', MONTH, META, { onChunk }));
    const ended = nowMs();
    const cpu = process.cpuUsage(cpu0);
    const [settled] = await store.readStream(settlementStream('nanchong'));
    const creditedPersons = (settled?.data as MonthSettled['data'] | undefined)?.creditedPersons;
    if (creditedPersons !== persons || view.month !== MONTH) throw new Error(`settle month: ${creditedPersons} persons credited of ${persons}`);
    const first = chunkTimes[0] ?? ended;
    const last = chunkTimes[chunkTimes.length - 1] ?? ended;
    return {
      persons,
      claims,
      personsPerSec: round(perSec(persons, ended - started)),
      seconds: round((ended - started) / 1000, 2),
      firstChunkSeconds: round((first - started) / 1000, 2),
      chunksSeconds: round((last - first) / 1000, 2),
      closeSeconds: round((ended - last) / 1000, 2),
      cpuUsPerPerson: round((cpu.user + cpu.system) / persons, 1),
      creditedPersons,
    };
  } finally {
    await projector.stop();
    await readModel.close();
    await store.close();
    removeDir(dir);
  }
}

export async function measureSettleMonthPhase(profiled: Profiled, quick: boolean): Promise<Measured> {
  const large = quick ? 4_000 : 40_000;
  const small = large / 4;
  const smallRun = await settleOne(small, profiled, 'settleMonthSmall');
  const largeRun = await settleOne(large, profiled, 'settleMonth');
  return {
    figures: { settleMonthPersonsPerSec: largeRun.personsPerSec, settleMonthCliff: round(largeRun.personsPerSec / smallRun.personsPerSec, 3) },
    details: { settleMonth: { small: smallRun, large: largeRun } },
  };
}
