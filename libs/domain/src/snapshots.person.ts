/**
 * PersonState as a snapshot. Nearly all of a long history's state is its claim records (99.6% of
 * 2.3 MB at 1,000 claims, measured): parsing them costs more than the cold load is allowed to
 * (issue 13.2, `historySlowdownCold`), and a new claim never reads them (its decision looks only
 * at `claimIds`). So the snapshot is two parts:
 * - `state`: JSON of every other field (maps and sets as arrays of entries, in their insertion
 *   order, which is part of the state: `warnings` is listed in that order), and where each claim
 *   record ends in the bulk;
 * - `bulk`: the claim records, each one UTF-8 JSON, one after the other.
 * The decoded records are parsed when something first reads them (snapshots.claims.ts); while
 * nothing has, the next snapshot copies their bytes.
 */
import { PERSON_FOLD_VERSION, PersonState } from './person/person.state';
import { EncodedSnapshot, SnapshotCodec } from './snapshots';
import { RecordBytes, unreadPart, unreadRecords } from './snapshots.claims';
import { GrowingSet } from './person/growing-set';

type ClaimRecord = PersonState['claims'][number];
type Entries<M> = M extends Map<infer K, infer V> ? [K, V][] : never;

/** The `state` part: the same fields, maps and sets as arrays, claim records by where they end. */
interface EncodedPersonState extends Omit<PersonState, 'counters' | 'credits' | 'claimIds' | 'claims' | 'payments' | 'warnings' | 'rewards' | 'premiums'> {
  counters: Entries<PersonState['counters']>;
  credits: Entries<PersonState['credits']>;
  claimIds: string[];
  /** Byte offset in the bulk where each claim record ends (the first starts at 0). */
  claimEnds: number[];
  payments: Entries<PersonState['payments']>;
  warnings: string[];
  rewards: Entries<PersonState['rewards']>;
  premiums: Entries<PersonState['premiums']>;
}

const recordJson = (record: ClaimRecord): Buffer => Buffer.from(JSON.stringify(record));

/** The claim records as bytes: those of the snapshot they were read from when still unread. */
function claimRecordBytes(claims: readonly ClaimRecord[]): RecordBytes {
  const unread = unreadPart(claims);
  const before = unread?.bytes ?? { bulk: Buffer.alloc(0), ends: [] };
  const parts = (unread?.tail ?? claims).map(recordJson);
  let end = before.ends.at(-1) ?? 0;
  const ends = [...before.ends, ...parts.map((p) => (end += p.length))];
  return { bulk: Buffer.concat([before.bulk.subarray(0, before.ends.at(-1) ?? 0), ...parts], end), ends };
}

export function encodePersonState(state: PersonState): EncodedSnapshot {
  const { bulk, ends } = claimRecordBytes(state.claims);
  const encoded: EncodedPersonState = {
    ...state,
    claims: undefined,
    counters: [...state.counters],
    credits: [...state.credits],
    claimIds: [...state.claimIds],
    claimEnds: ends,
    payments: [...state.payments],
    warnings: [...state.warnings],
    rewards: [...state.rewards],
    premiums: [...state.premiums],
  } as EncodedPersonState;
  return { state: JSON.stringify(encoded), bulk };
}

export function decodePersonState({ state, bulk }: EncodedSnapshot): PersonState {
  const { claimEnds, ...encoded } = JSON.parse(state) as EncodedPersonState;
  // a snapshot of an earlier encoding lacks the offsets: refused, so the runner folds from the log
  if (!Array.isArray(claimEnds) || !bulk || bulk.length !== (claimEnds.at(-1) ?? 0)) throw new Error('not a person snapshot of this encoding');
  return {
    ...encoded,
    counters: new Map(encoded.counters),
    credits: new Map(encoded.credits),
    claimIds: GrowingSet.of(encoded.claimIds),
    claims: unreadRecords({ bulk, ends: claimEnds }, (json) => JSON.parse(json) as ClaimRecord),
    payments: new Map(encoded.payments),
    warnings: new Set(encoded.warnings),
    rewards: new Map(encoded.rewards),
    premiums: new Map(encoded.premiums),
  };
}

/** The codec of personFold (fold name 'person'). */
export const personSnapshotCodec: SnapshotCodec<PersonState> = {
  version: PERSON_FOLD_VERSION,
  encode: encodePersonState,
  decode: decodePersonState,
};

/** Every fold the runner snapshots, by name. */
export const SNAPSHOT_CODECS = { person: personSnapshotCodec } as Record<string, SnapshotCodec<unknown>>;
