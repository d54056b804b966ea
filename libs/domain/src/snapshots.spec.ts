/**
 * Snapshots are a cache of the fold (issue 13.2): over random histories written through the real
 * deciders, a state decoded from its snapshot is the folded state, a decision on a snapshot and
 * the events after it is the decision on the whole fold, and the runner only trusts a snapshot
 * the log still agrees with. The claim records are kept in chunks apart from the row, each
 * snapshot adding those since the last one, and read only when something reads them.
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
/** The chunks the codec wrote, as a store keeps them: new buffers, nothing shared with the encoder. */
const storedChunks = new Map<string, Buffer>();
const readStored = (id: string): Buffer => {
  const bytes = storedChunks.get(id);
  if (!bytes) throw new Error(`chunk ${id} was never written`);
  return bytes;
};
/** Through what a snapshot store keeps; `stored`: the write succeeded (else its chunks are not kept). */
const roundTripOf = (encoded: ReturnType<typeof encodePersonState>, stored = true) => {
  if (stored) for (const [id, bytes] of encoded.newChunks) storedChunks.set(id, Buffer.from(bytes));
  if (stored) encoded.stored();
  return decodePersonState({ state: encoded.state, chunks: [...encoded.chunks] }, readStored);
};
const roundTrip = (state: PersonState) => roundTripOf(encodePersonState(state));
/** How many claim records the chunks of an encoding hold. */
const recordsIn = (chunks: Map<string, Buffer>) => [...chunks.values()].reduce((n, bytes) => n + (JSON.parse(bytes.toString()) as unknown[]).length, 0);
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

  it('a snapshot writes only the claim records added since the last one stored (those of one whose write failed: again), and resumes to the fold', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10_000 }), fc.array(fc.constantFrom('none', 'stored', 'failed', 'resumed'), { minLength: 1, maxLength: 40 }), async (seed, steps) => {
        const { store, streams } = await historyOf(seed);
        for (const events of streams) {
          let state = initialPersonState();
          let storedCount = 0; // claim records in the chunks of the last snapshot stored
          let replaced = false; // a record was replaced since: the chunks from it on are written again
          events.forEach((e, i) => {
            state = evolvePerson(state, e);
            if (e.type === 'ClaimCancelled' || e.type === 'ClaimSharesAdjusted') replaced = true;
            const step = steps[i % steps.length];
            if (step === 'none') return;
            const encoded = encodePersonState(state);
            const written = recordsIn(encoded.newChunks);
            if (!replaced) expect(written).toBe(state.claims.length - storedCount);
            expect(written).toBeLessThanOrEqual(state.claims.length);
            if (step === 'failed') {
              // not stored: the state goes on, its records named by chunks the store never got
              expect(inOrder(state)).toEqual(inOrder(fold(events.slice(0, i + 1))));
              return;
            }
            const back = roundTripOf(encoded);
            expect(inOrder(back)).toEqual(inOrder(state));
            storedCount = state.claims.length;
            replaced = false;
            // a cold load: the fold goes on from the decoded state, its records not read
            if (step === 'resumed') state = decodePersonState(encodePersonState(back), readStored);
          });
          expect(inOrder(state)).toEqual(inOrder(fold(events)));
        }
        await store.close();
      }),
      { numRuns: 8 },
    );
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
      for (const id of snapshot.chunks) expect(snapshots.readChunk(snapshot.streamId, 'person', id)?.toString()).not.toMatch(/人|5113021950/);
      expect(decodePersonState(snapshot, (id) => snapshots.readChunk(snapshot.streamId, 'person', id)!)).toEqual(fold(events.slice(0, snapshot.revision + 1)));
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
    const realChunks = new Map(snapshots.chunks.get(`person:${stream}`));
    const { state: wrongState, chunks: wrongChunks } = encodePersonState({ ...initialPersonState(), balanceFen: 999_999_999 });
    const wrong = { state: wrongState, chunks: wrongChunks };
    // the first layout: the claim records in the row's own bytes, where each one ends in the state
    const { layout: _layout, claimChunks: _chunks, ...firstLayout } = JSON.parse(real.state);
    const untrusted: Snapshot[] = [
      { ...real, ...wrong, foldVersion: PERSON_FOLD_VERSION + 1 },
      { ...real, ...wrong, eventId: '00000000-0000-7000-8000-000000000000' }, // a log restored from an older backup
      { ...real, ...wrong, revision: streams[p].length + 3 }, // a revision the log has not reached
      { ...real, state: '{"not": "a person"' },
      { ...real, state: JSON.stringify({ ...firstLayout, claimEnds: [] }), chunks: [] }, // the first encoding, without the claim records apart
      { ...real, ...wrong, foldVersion: PERSON_FOLD_VERSION - 1 }, // an older fold version
    ];
    for (const snapshot of untrusted) {
      snapshots.chunks.set(`person:${stream}`, new Map(realChunks)); // those of the real snapshot, whichever was written before
      await snapshots.write(snapshot);
      const errors: string[] = [];
      const entry = await new CommandRunner(store, { snapshotting: snapshotting(snapshots, 5, errors) }).load(stream, personFold);
      expect(entry.state).toEqual(fold(streams[p]));
      expect(errors).toEqual(snapshot.state === wrong.state ? [] : ['read']);
    }
    await store.close();
  });

  it('a snapshot store that fails to write costs nothing but a report: every command is acknowledged and recorded', async () => {
    const failing: SnapshotStore = { read: async () => null, write: async () => Promise.reject(new Error('disk full')), readChunk: () => null, close: async () => {} };
    const errors: string[] = [];
    const { store, streams } = await historyOf(17, snapshotting(failing, 1, errors));
    const runner = new CommandRunner(store, { snapshotting: snapshotting(failing, 1, errors) });
    await runner.snapshotsWritten();
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((what) => what === 'write')).toBe(true);
    expect((await runner.load(personStream('P-0'), personFold)).state).toEqual(fold(streams[0]));
    await store.close();
  });
  it('a cold load from any snapshot is the whole fold; its claim records, read when first read, are the fold\'s', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 12 }), async (seed, every) => {
        const snapshots = new InMemorySnapshotStore();
        const { store, streams } = await historyOf(seed, snapshotting(snapshots, every));
        for (const [p, events] of streams.entries()) {
          const stream = personStream(`P-${p}`);
          const snapshot = await snapshots.read(stream, 'person');
          const errors: string[] = [];
          const { state } = await new CommandRunner(store, { snapshotting: snapshotting(snapshots, every, errors) }).load(stream, personFold);
          const whole = fold(events);
          const tail = snapshot ? events.slice(snapshot.revision + 1) : events;
          // nothing read the records yet, unless the events after the snapshot replaced one
          if (snapshot && !tail.some((e) => e.type === 'ClaimCancelled' || e.type === 'ClaimSharesAdjusted')) expect(unreadPart(state.claims)).not.toBeNull();
          expect(state.claims).toEqual(whole.claims);
          expect(inOrder(state)).toEqual(inOrder(whole));
          expect(state).toEqual(whole);
          expect(errors).toEqual([]);
        }
        await store.close();
      }),
      { numRuns: 8 },
    );
  });

  it('after a cold load, new claims leave the records unread and the snapshots after them add only their records', async () => {
    const snapshots = new InMemorySnapshotStore();
    // a snapshot after every event: the last one is of the whole stream
    const { store, streams } = await historyOf(5, snapshotting(snapshots, 1));
    const stream = personStream('P-1');
    const snapshot = (await snapshots.read(stream, 'person'))!;
    const added: Map<string, Buffer>[] = [];
    const watched: SnapshotStore = {
      read: (id, f) => snapshots.read(id, f),
      write: (snap, chunks) => (added.push(chunks), snapshots.write(snap, chunks)),
      readChunk: (id, f, chunk) => snapshots.readChunk(id, f, chunk),
      close: async () => {},
    };
    const runner = new CommandRunner(store, { snapshotting: snapshotting(watched, 3) });
    let state = (await runner.load(stream, personFold)).state;
    for (let k = 1; k <= 4; k++) {
      const command = { type: 'SubmitClaim' as const, data: claim({ claimId: `C-NEW-${k}`, personId: 'P-1', serviceDate: '2023-06-20' }) };
      state = (await runner.handle(claimDecider, command, { params, today: '2026-11-22' }, meta)).state;
      await runner.snapshotsWritten();
    }
    expect(unreadPart(state.claims)).not.toBeNull();
    const events = (await store.readStream(stream)).map((e) => ({ type: e.type, data: e.data }) as PersonEvent);
    expect(events.slice(snapshot.revision + 1).filter((e) => e.type === 'ClaimAdjudicated')).toHaveLength(4);
    const latest = (await snapshots.read(stream, 'person'))!;
    expect(latest.revision).toBeGreaterThan(snapshot.revision);
    // the snapshots since the cold load wrote the records of the claims up to the latest one, nothing more
    const recordsAdded = added.flatMap((chunks) => [...chunks.values()]).reduce((n, bytes) => n + (JSON.parse(bytes.toString()) as unknown[]).length, 0);
    expect(recordsAdded).toBe(events.slice(snapshot.revision + 1, latest.revision + 1).filter((e) => e.type === 'ClaimAdjudicated').length);
    expect(recordsAdded).toBeGreaterThan(0);
    expect(streams[1]).toHaveLength(snapshot.revision + 1);
    expect(state).toEqual(fold(events));
    // and the latest snapshot, cold, is the whole fold again
    const again = await new CommandRunner(store, { snapshotting: snapshotting(snapshots, 3) }).load(stream, personFold);
    expect(again.state).toEqual(fold(events));
    await store.close();
  });

  it('after failed snapshot writes, the next one that succeeds carries their chunks: a cold load from it is the whole fold', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10_000 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), async (seed, fails) => {
        const snapshots = new InMemorySnapshotStore();
        let writes = 0;
        const flaky: SnapshotStore = {
          read: (id, f) => snapshots.read(id, f),
          write: async (snap, chunks) => (fails[writes++ % fails.length] ? Promise.reject(new Error('disk full')) : snapshots.write(snap, chunks)),
          readChunk: (id, f, chunk) => snapshots.readChunk(id, f, chunk),
          close: async () => {},
        };
        const failures: string[] = [];
        const { store } = await historyOf(seed, { store: flaky, codecs: SNAPSHOT_CODECS, every: 1, onError: (err) => failures.push((err as Error).message) });
        // new claims, each folded onto the state of the last snapshot, stored or not
        const runner = new CommandRunner(store, { snapshotting: { store: flaky, codecs: SNAPSHOT_CODECS, every: 1, onError: (err) => failures.push((err as Error).message) } });
        for (let k = 0; k < 6; k++) {
          const command = { type: 'SubmitClaim' as const, data: claim({ claimId: `C-NEW-${k}`, personId: 'P-1', serviceDate: '2023-06-20' }) };
          await runner.handle(claimDecider, command, { params, today: '2026-11-22' }, meta);
          await runner.snapshotsWritten();
        }
        // only the writes made to fail failed: none named a chunk the store did not get
        expect(failures.every((message) => message === 'disk full')).toBe(true);
        for (let p = 0; p < 3; p++) {
          const events = (await store.readStream(personStream(`P-${p}`))).map((e) => ({ type: e.type, data: e.data }) as PersonEvent);
          const errors: string[] = [];
          const { state } = await new CommandRunner(store, { snapshotting: snapshotting(snapshots, 1000, errors) }).load(personStream(`P-${p}`), personFold);
          expect(inOrder(state)).toEqual(inOrder(fold(events)));
          expect(errors).toEqual([]);
        }
        await store.close();
      }),
      { numRuns: 8 },
    );
  });

  it('claim records whose chunk is gone when a cancellation first reads them: reported, and the cancellation is decided on the whole fold', async () => {
    const snapshots = new InMemorySnapshotStore();
    const { store, streams } = await historyOf(19, snapshotting(snapshots, 1));
    const p = streams.findIndex((events) => fold(events).claims.some((c) => !c.cancellation));
    const stream = personStream(`P-${p}`);
    const target = fold(streams[p]).claims.find((c) => !c.cancellation)!;
    snapshots.chunks.get(`person:${stream}`)!.clear();
    const errors: string[] = [];
    const runner = new CommandRunner(store, { snapshotting: snapshotting(snapshots, 1000, errors) });
    expect(unreadPart((await runner.load(stream, personFold)).state.claims)).not.toBeNull();
    const data = { personId: `P-${p}`, claimId: target.claim.claimId, reason: 'bill corrected', cancelledOn: '2023-12-31' };
    const result = await runner.handle(cancellationDecider, { type: 'CancelClaim', data }, undefined, meta);
    expect(result.events.map((e) => e.type)).toEqual(['ClaimCancelled']);
    expect(errors).toEqual(['read']);
    const events = (await store.readStream(stream)).map((e) => ({ type: e.type, data: e.data }) as PersonEvent);
    expect(result.state).toEqual(fold(events));
    expect((await runner.load(stream, personFold)).state).toEqual(fold(events));
    await store.close();
  });

  it('a load whose events after the snapshot replace a record it cannot read, or whose store fails to read, is the whole fold', async () => {
    const snapshots = new InMemorySnapshotStore();
    const { store, streams } = await historyOf(23);
    const p = streams.findIndex((events) => events.some((e) => e.type === 'ClaimCancelled'));
    const stream = personStream(`P-${p}`);
    const recorded = await store.readStream(stream);
    const cut = streams[p].findIndex((e) => e.type === 'ClaimCancelled'); // the snapshot ends before it
    const encoded = encodePersonState(fold(streams[p].slice(0, cut)));
    await snapshots.write({ streamId: stream, fold: 'person', foldVersion: PERSON_FOLD_VERSION, revision: cut - 1, eventId: recorded[cut - 1].metadata.eventId, state: encoded.state, chunks: encoded.chunks }, encoded.newChunks);
    snapshots.chunks.get(`person:${stream}`)!.clear();
    const errors: string[] = [];
    const entry = await new CommandRunner(store, { snapshotting: snapshotting(snapshots, 1000, errors) }).load(stream, personFold);
    expect(entry.state).toEqual(fold(streams[p]));
    expect(errors).toEqual(['read']);

    const broken: SnapshotStore = { read: async () => Promise.reject(new Error('disk I/O error')), readChunk: () => null, write: async () => {}, close: async () => {} };
    const brokenErrors: string[] = [];
    expect((await new CommandRunner(store, { snapshotting: snapshotting(broken, 1000, brokenErrors) }).load(stream, personFold)).state).toEqual(fold(streams[p]));
    expect(brokenErrors).toEqual(['read']);
    await store.close();
  });
});
