/**
 * Snapshots are a cache of the fold (issue 13.2): over random histories written through the real
 * deciders, a state decoded from its snapshot is the folded state, a decision on a snapshot and
 * the events after it is the decision on the whole fold, and the runner only trusts a snapshot
 * the log still agrees with.
 */
import fc from 'fast-check';
import { EventStore, SqliteEventStore } from '@benefit/event-store';
import { DomainError } from '@benefit/shared';
import { writeHistory } from '@benefit/projections/testing/history';
import { CommandRunner } from './command-runner';
import { cancellationDecider, claimDecider } from './deciders';
import { withCurrentSchemas } from './events';
import { PersonEvent, personStream } from './person/person.events';
import { PERSON_FOLD_VERSION, PersonState, evolvePerson, initialPersonState } from './person/person.state';
import { personFold } from './person/person.fold';
import { InMemorySnapshotStore, Snapshot, SnapshotStore, Snapshotting } from './snapshots';
import { SNAPSHOT_CODECS, decodePersonState, encodePersonState } from './snapshots.person';
import { unreadPart } from './snapshots.claims';
import { bookWithPension, claim } from './testing/fixtures';

const meta = { actor: 'spec', correlationId: 'spec' };
const params = bookWithPension();
/** Through the bytes a snapshot store keeps, as a new buffer (nothing shared with the encoder). */
const roundTrip = (state: PersonState) => {
  const { state: json, bulk } = encodePersonState(state);
  return decodePersonState({ state: json, bulk: bulk && Buffer.from(bulk) });
};
/** Claim records parsed out, maps and sets as lists in their order: what toEqual alone does not compare. */
const inOrder = (state: PersonState) => JSON.parse(JSON.stringify({ ...state, ...Object.fromEntries(Object.entries(state).filter(([, v]) => v instanceof Map || v instanceof Set).map(([k, v]) => [k, [...(v as Iterable<unknown>)]])) }));
const fold = (events: PersonEvent[], from: PersonState = initialPersonState()) => events.reduce(evolvePerson, from);

/** A sealed value as the api records it: never the clear text. */
const seal = async (personId: string, field: string, value: string) => `pii:v1:${Buffer.from(`${personId}/${field}/${value.length}`).toString('base64')}`;

async function historyOf(seed: number, snapshotting?: Snapshotting): Promise<{ store: EventStore; streams: PersonEvent[][] }> {
  const store = withCurrentSchemas(new SqliteEventStore({ filename: ':memory:' }));
  await writeHistory(store, { persons: 3, claims: 24, seed, seal });
  // cancel some claims, so that snapshots hold cancelled records too
  const runner = new CommandRunner(store, { snapshotting });
  for (let c = seed % 3; c < 24; c += 5) {
    for (let p = 0; p < 3; p++) {
      const data = { personId: `P-${p}`, claimId: `C-${c}`, reason: 'bill corrected', cancelledOn: '2023-12-31' };
      await runner.handle(cancellationDecider, { type: 'CancelClaim', data }, undefined, meta).catch((err) => {
        if (!(err instanceof DomainError)) throw err; // not this person's claim
      });
    }
  }
  await runner.snapshotsWritten();
  const streams = await Promise.all([0, 1, 2].map(async (p) => (await store.readStream(personStream(`P-${p}`))).map((e) => ({ type: e.type, data: e.data }) as PersonEvent)));
  return { store, streams };
}

/** What a decision returns, with the ids and instants that differ between two runs left out. */
const decisionOn = (state: PersonState, personId: string) => {
  try {
    return claimDecider.decide({ type: 'SubmitClaim', data: claim({ claimId: 'C-NEW', personId, serviceDate: '2023-06-20' }) }, state, { params, today: '2026-11-22' });
  } catch (err) {
    if (err instanceof DomainError) return { refused: err.message };
    throw err;
  }
};

describe('the person snapshot codec', () => {
  it('decode(encode(fold(events))) is fold(events) after every event of random histories, maps and sets in their order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10_000 }), async (seed) => {
        const { store, streams } = await historyOf(seed);
        for (const events of streams) {
          let state = initialPersonState();
          for (const e of events) {
            state = evolvePerson(state, e);
            const back = roundTrip(state);
            expect(back).toEqual(state);
            // toEqual does not look at the order of a Map or a Set: their entries, in order, must match too
            expect(inOrder(back)).toEqual(inOrder(state));
            // a snapshot of a snapshot's state: records never read are written as the bytes they came from
            expect(roundTrip(back)).toEqual(state);
          }
        }
        await store.close();
      }),
      { numRuns: 8 },
    );
  });

  it('a decision on a snapshot and the events after it is the decision on the whole fold, wherever the snapshot was taken', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), async (seed, at) => {
        const { store, streams } = await historyOf(seed);
        streams.forEach((events, p) => {
          const cut = Math.floor(at * events.length);
          // twice through a snapshot: the second one holds records the first never parsed
          const resumed = fold(events.slice(cut), roundTrip(roundTrip(fold(events.slice(0, cut)))));
          const whole = fold(events);
          expect(resumed).toEqual(whole);
          expect(decisionOn(resumed, `P-${p}`)).toEqual(decisionOn(whole, `P-${p}`));
          // P-1 and P-2 are Nanchong's: their claim is settled, not refused, so the shares are compared
          if (p > 0) expect(Array.isArray(decisionOn(whole, `P-${p}`))).toBe(true);
        });
        await store.close();
      }),
      { numRuns: 8 },
    );
  });

  it('a new claim on a snapshot reads none of its claim records: decided and folded, they stay the snapshot\'s bytes', async () => {
    const { store, streams } = await historyOf(5);
    const events = streams[1];
    const restored = roundTrip(fold(events));
    const decided = decisionOn(restored, 'P-1') as PersonEvent[];
    expect(decided.map((e) => e.type)).toContain('ClaimAdjudicated');
    const after = fold(decided, restored);
    expect(unreadPart(after.claims)?.tail).toHaveLength(1);
    expect(after).toEqual(fold([...events, ...decided]));
    await store.close();
  });

  it('lists every field of PersonState: a new field fails here until PERSON_FOLD_VERSION is bumped and the codec knows it', () => {
    expect(PERSON_FOLD_VERSION).toBe(1);
    expect(Object.keys(initialPersonState()).sort()).toEqual(
      ['balanceFen', 'claimIds', 'claims', 'contributionBase', 'counters', 'credits', 'employment', 'identityErasedAt', 'outOfAreaFilings', 'payments', 'premiums', 'registration', 'revision', 'rewards', 'statuses', 'warnings'].sort(),
    );
  });
});

describe('the command runner with snapshots', () => {
  const snapshotting = (store: SnapshotStore, every = 5, errors: string[] = []): Snapshotting => ({ store, codecs: SNAPSHOT_CODECS, every, onError: (_err, what) => errors.push(what) });

  it('writes a snapshot every N events and holds names and resident ids sealed, as the events hold them', async () => {
    const snapshots = new InMemorySnapshotStore();
    const { store, streams } = await historyOf(7, snapshotting(snapshots));
    for (const [p, events] of streams.entries()) {
      const snapshot = (await snapshots.read(personStream(`P-${p}`), 'person'))!;
      if (events.length < 5) continue;
      expect(snapshot.foldVersion).toBe(PERSON_FOLD_VERSION);
      expect(snapshot.revision).toBeGreaterThanOrEqual(4);
      expect(snapshot.state).not.toMatch(/人|5113021950/); // neither the name nor the resident id in clear
      expect(snapshot.bulk?.toString()).not.toMatch(/人|5113021950/);
      expect(decodePersonState(snapshot)).toEqual(fold(events.slice(0, snapshot.revision + 1)));
    }
    await store.close();
  });

  it('a cold load reads the snapshot and only the events after it, and decides as the whole fold does', async () => {
    const snapshots = new InMemorySnapshotStore();
    const { store, streams } = await historyOf(11, snapshotting(snapshots));
    const p = streams.findIndex((events) => events.length >= 10);
    const stream = personStream(`P-${p}`);
    const snapshot = (await snapshots.read(stream, 'person'))!;
    const reads: (number | undefined)[] = [];
    const readStream = store.readStream.bind(store);
    store.readStream = (id, options) => (reads.push(options?.fromRevision), readStream(id, options));

    const entry = await new CommandRunner(store, { snapshotting: snapshotting(snapshots) }).load(stream, personFold);
    expect(reads).toEqual([snapshot.revision]);
    expect(entry.state).toEqual(fold(streams[p]));
    expect(decisionOn(entry.state, `P-${p}`)).toEqual(decisionOn(fold(streams[p]), `P-${p}`));
    await store.close();
  });

  it('ignores a snapshot of another fold version, of an event the log does not hold there, or that cannot be read: the state is folded from the log', async () => {
    const snapshots = new InMemorySnapshotStore();
    const { store, streams } = await historyOf(13, snapshotting(snapshots));
    const p = streams.findIndex((events) => events.length >= 10);
    const stream = personStream(`P-${p}`);
    const real = (await snapshots.read(stream, 'person'))!;
    const wrong = encodePersonState({ ...initialPersonState(), balanceFen: 999_999_999 });
    const untrusted: Snapshot[] = [
      { ...real, ...wrong, foldVersion: PERSON_FOLD_VERSION + 1 },
      { ...real, ...wrong, eventId: '00000000-0000-7000-8000-000000000000' }, // a log restored from an older backup
      { ...real, ...wrong, revision: streams[p].length + 3 }, // a revision the log has not reached
      { ...real, state: '{"not": "a person"' },
      { ...real, bulk: null }, // the first encoding, without the claim records apart
    ];
    for (const snapshot of untrusted) {
      await snapshots.write(snapshot);
      const errors: string[] = [];
      const entry = await new CommandRunner(store, { snapshotting: snapshotting(snapshots, 5, errors) }).load(stream, personFold);
      expect(entry.state).toEqual(fold(streams[p]));
      expect(errors).toEqual(snapshot.state === wrong.state ? [] : ['read']);
    }
    await store.close();
  });

  it('a snapshot store that fails to write costs nothing but a report: every command is acknowledged and recorded', async () => {
    const failing: SnapshotStore = { read: async () => null, write: async () => Promise.reject(new Error('disk full')), close: async () => {} };
    const errors: string[] = [];
    const { store, streams } = await historyOf(17, snapshotting(failing, 1, errors));
    const runner = new CommandRunner(store, { snapshotting: snapshotting(failing, 1, errors) });
    await runner.snapshotsWritten();
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((what) => what === 'write')).toBe(true);
    expect((await runner.load(personStream('P-0'), personFold)).state).toEqual(fold(streams[0]));
    await store.close();
  });
});
