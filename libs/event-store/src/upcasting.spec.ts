/**
 * The upcasting store on a made-up history of one event type, `FeeRecorded`:
 * - version 0 (marked `v: 0`) held the patient and the amount in yuan, as a decimal;
 * - version 1 (no `v`, as every payload written before versioning) holds the person and fen;
 * - version 2 (`v: 2`) adds the currency.
 * A reader of this build sees version 2 whatever was written; the log itself keeps what was written.
 */
import { EventStore, RecordedEvent } from './event-store.port';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import { SchemaRegistry, upcastData, upcasting } from './upcasting';

interface FeeV0 {
  v: 0;
  patient: string;
  amountYuan: number;
}
interface FeeV1 {
  personId: string;
  amountFen: number;
}
interface FeeV2 {
  v: 2;
  personId: string;
  amountFen: number;
  currency: 'CNY';
}

const registry: SchemaRegistry = {
  FeeRecorded: {
    current: 2,
    lifts: {
      // yuan to fen, rounded half-up as the ledger rounds (12.345 yuan → 1235 fen)
      0: (d: FeeV0): FeeV1 => ({ personId: d.patient, amountFen: Math.round(d.amountYuan * 100 + 1e-9) }),
      1: (d: FeeV1): FeeV2 => ({ v: 2, ...d, currency: 'CNY' }),
    },
  },
};

const v0: FeeV0 = { v: 0, patient: 'P-1', amountYuan: 12.345 };
const v1: FeeV1 = { personId: 'P-2', amountFen: 800 };
const v2: FeeV2 = { v: 2, personId: 'P-3', amountFen: 900, currency: 'CNY' };

let raw: SqliteEventStore;
beforeEach(async () => {
  raw = new SqliteEventStore({ filename: ':memory:', pollMs: 20 });
  await raw.append('fees-1', [{ type: 'FeeRecorded', data: v0 }, { type: 'FeeRecorded', data: v1 }, { type: 'FeeRecorded', data: v2 }, { type: 'Other', data: { v: 7 } }], 'no_stream');
});
afterEach(() => raw.close());

const payloads = (events: RecordedEvent[]) => events.map((e) => e.data);
const current: unknown[] = [
  { v: 2, personId: 'P-1', amountFen: 1235, currency: 'CNY' },
  { v: 2, personId: 'P-2', amountFen: 800, currency: 'CNY' },
  v2,
  { v: 7 },
];

describe('upcasting: every reader is handed the current version', () => {
  it('a version-0 fee of 12.345 yuan is read as version 2, 1235 fen in CNY, by readStream, readAll and a subscription', async () => {
    const store = upcasting(raw, registry);
    expect(payloads(await store.readStream('fees-1'))).toEqual(current);
    expect(payloads(await store.readAll({ after: 0, maxCount: 10 }))).toEqual(current);
    const seen: unknown[] = [];
    let sub!: ReturnType<typeof store.subscribeToAll>;
    await new Promise<void>((resolve) => {
      sub = store.subscribeToAll({ after: 0 }, async (events) => {
        seen.push(...payloads(events));
        if (seen.length >= current.length) resolve();
      });
    });
    await sub.stop();
    expect(seen).toEqual(current);
  });

  it('the log keeps what was written: reading lifts, it never rewrites', async () => {
    upcasting(raw, registry);
    expect(payloads(await raw.readStream('fees-1'))).toEqual([v0, v1, v2, { v: 7 }]);
  });

  it('writes pass through: an append through the upcasting store is stored as given', async () => {
    const store = upcasting(raw, registry);
    await store.append('fees-2', [{ type: 'FeeRecorded', data: v1 }], 'no_stream');
    expect(payloads(await raw.readStream('fees-2'))).toEqual([v1]);
    expect(await store.streamRevision('fees-2')).toBe(0);
    expect(await store.headPosition()).toBe(await raw.headPosition());
  });

  it('the stored JSON is handed on for a payload already current, and dropped for a lifted one (a reader that stores it must store the lifted shape)', async () => {
    const [old, , now] = await upcasting(raw, registry).readStream('fees-1');
    expect(old.dataJson).toBeUndefined();
    expect(now.dataJson).toBe(JSON.stringify(v2));
  });

  /** An event as the SQLite adapter hands it on: its stored JSON, and a payload that counts its parses. */
  const lazilyParsed = (streamId: string, type: string, dataJson: string) => {
    const event = {
      streamId,
      revision: 0,
      position: 1,
      type,
      dataJson,
      metadata: { eventId: 'e', correlationId: 'c', causationId: null, actor: 'spec', recordedAt: '2023-01-01T00:00:00.000Z' },
      parsed: 0,
      get data() {
        this.parsed++;
        return JSON.parse(dataJson);
      },
    };
    return { event, store: { readStream: async () => [event] } as unknown as EventStore };
  };

  it('an event already current is handed on as the adapter read it: the same object, its payload never parsed', async () => {
    const { event, store } = lazilyParsed('notes-1', 'NoteRecorded', '{"text":"x"}');
    const [read] = await upcasting(store, { NoteRecorded: { current: 1 } }).readStream('notes-1');
    expect(read).toBe(event);
    expect(event.parsed).toBe(0);
  });

  it('so is one of a type that has lifts: its version is read from the JSON head, the payload left unparsed', async () => {
    const { event, store } = lazilyParsed('fees-9', 'FeeRecorded', '{"v":2,"personId":"P-9","amountFen":5}');
    const [read] = await upcasting(store, registry).readStream('fees-9');
    expect(read).toBe(event);
    expect(event.parsed).toBe(0);
  });

  it('a type the registry does not name is handed on as it was read, `v` and all', async () => {
    const [, , , other] = await upcasting(raw, registry).readStream('fees-1');
    expect(other.data).toEqual({ v: 7 });
    expect(other.dataJson).toBe('{"v":7}');
  });
});

describe('upcasting: what only a bug or a newer build can cause', () => {
  it('a payload of version 3, written by a newer build, is refused when read rather than misread', async () => {
    await raw.append('fees-3', [{ type: 'FeeRecorded', data: { v: 3, personId: 'P-4' } }], 'no_stream');
    await expect(upcasting(raw, registry).readStream('fees-3')).rejects.toThrow(/FeeRecorded schema version 3 is newer than this build's 2/);
  });

  it('so is a version-2 payload of a type this build knows only at version 1, read from its JSON head without parsing', async () => {
    await raw.append('notes-1', [{ type: 'NoteRecorded', data: { v: 2, text: 'from a newer build' } }], 'no_stream');
    const store = upcasting(raw, { NoteRecorded: { current: 1 } });
    await expect(store.readAll({ after: 0, maxCount: 10 })).rejects.toThrow(/NoteRecorded schema version 2 is newer than this build's 1/);
  });

  it('a registry that lifts from 0 but not from 1 is refused when the store is opened, not when an old log is first read', () => {
    const gap: SchemaRegistry = { FeeRecorded: { current: 2, lifts: { 0: registry.FeeRecorded.lifts![0] } } };
    expect(() => upcasting(raw, gap)).toThrow(/FeeRecorded lifts from 0 but none from 1 to 2/);
  });

  it('upcastData lifts one payload step by step: version 0 → 1 → 2', () => {
    expect(upcastData('FeeRecorded', v0, registry)).toEqual(current[0]);
    expect(upcastData('FeeRecorded', v1, registry)).toEqual(current[1]);
  });
});
