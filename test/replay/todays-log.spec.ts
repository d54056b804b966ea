/**
 * Issue 12.5: a log written by the code of the time stays readable. `todays-log.json` is the
 * history of test/fixtures/event-log/scenario.ts as that code wrote it, every event type included,
 * with what it answered then. Read back through the upcasting store (withCurrentSchemas, as every
 * app opens its log), folded and projected, it must answer the same — today, and after any later
 * change of an event's shape, whose lift from the older version is what makes this pass.
 *
 * To write the fixture again (only when the history itself should change, never to make a lift
 * pass): WRITE_EVENT_LOG_FIXTURE=1 npx jest test/replay/todays-log.spec.ts
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EVENT_SCHEMAS, withCurrentSchemas } from '@benefit/domain';
import { SqliteEventStore } from '@benefit/event-store';
import { answersOf } from '../fixtures/event-log/answers';
import { LogFixture, loggedEvents, readFixture, replayInto } from '../fixtures/event-log/log-fixture';
import { writeTodaysLog } from '../fixtures/event-log/scenario';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'event-log', 'todays-log.json');

/** Every type stored when the fixture was written (issue 12.5). */
const TYPES_OF_THE_FIXTURE = [
  'PatientRegistered', 'ReliefStatusTagged', 'ReliefStatusRevoked', 'OutOfAreaFilingRecorded', 'EmploymentChanged', 'ContributionBaseChanged',
  'ClaimAdjudicated', 'ClaimSharesAdjusted', 'ClaimCancelled', 'PersonalAccountCredited', 'PersonalAccountPaid', 'PersonalAccountBackPaid',
  'WarningRaised', 'GuardianshipRewardAccrued', 'PovertyPremiumAccrued', 'PersonIdentityErased', 'MonthSettled', 'ParameterRecorded',
  'CatalogEntryRecorded', 'PersonDataRead', 'KeyReserved',
];

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todays-log-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The scenario written live by today's code, one second of the clock per append from 2023-06-01. */
async function writtenLive(name: string): Promise<SqliteEventStore> {
  let at = Date.parse('2023-06-01T00:00:00.000Z');
  const store = new SqliteEventStore({ filename: path.join(dir, name), now: () => new Date((at += 1000)) });
  await writeTodaysLog(store);
  return store;
}

if (process.env.WRITE_EVENT_LOG_FIXTURE === '1') {
  it('writes todays-log.json from the scenario, with its answers', async () => {
    const store = await writtenLive('events.db');
    const fixture: LogFixture = {
      about: 'test/fixtures/event-log/scenario.ts as written by the code of issue 12.5 (every event type at schema version 1); read by test/replay/todays-log.spec.ts. Persons are synthetic.',
      events: await loggedEvents(store),
      answers: await answersOf(withCurrentSchemas(store), dir),
    };
    await store.close();
    fs.writeFileSync(FIXTURE, `${JSON.stringify(fixture, null, 1)}\n`);
  });
}

describe('a log written by the code of issue 12.5, read by today’s', () => {
  let fixture: LogFixture;
  beforeAll(() => (fixture = readFixture(FIXTURE)));

  it('holds every event type stored then, each one this build has a schema for', () => {
    const types = new Set(fixture.events.map((e) => e.type));
    expect([...types].sort()).toEqual([...TYPES_OF_THE_FIXTURE].sort());
    for (const type of types) expect(EVENT_SCHEMAS).toHaveProperty(type);
  });

  it('names nobody: every name and resident id is synthetic', () => {
    const registered = fixture.events.filter((e) => e.type === 'PatientRegistered').map((e) => e.data as { name: string; idNumber: string });
    expect(registered).toHaveLength(5);
    for (const { name, idNumber } of registered) {
      expect(name).toMatch(/^synthetic-name-SYN-/);
      expect(idNumber).toMatch(/^synthetic-id-SYN-/);
    }
  });

  it('read through the upcasting store, folded and projected, answers what it answered when it was written', async () => {
    const store = await replayInto(path.join(dir, 'events.db'), fixture.events);
    try {
      expect(await answersOf(withCurrentSchemas(store), dir)).toEqual(fixture.answers);
    } finally {
      await store.close();
    }
  });

  it('answers as the same history written live by today’s code does', async () => {
    const live = await writtenLive('live.db');
    const replayed = await replayInto(path.join(dir, 'replayed.db'), fixture.events);
    try {
      const liveDir = fs.mkdtempSync(path.join(dir, 'live-'));
      const replayedDir = fs.mkdtempSync(path.join(dir, 'replayed-'));
      expect(await answersOf(withCurrentSchemas(replayed), replayedDir)).toEqual(await answersOf(withCurrentSchemas(live), liveDir));
    } finally {
      await live.close();
      await replayed.close();
    }
  });
});
