/**
 * PersonState as a snapshot. Nearly all of a long history's state is its claim records (99.6% of
 * 2.3 MB at 1,000 claims, measured): reading and parsing them costs more than the cold load is
 * allowed to (issue 13.2, `historySlowdownCold`), and a new claim never reads them (its decision
 * looks only at `claimIds`). So the snapshot is two parts:
 * - `state`: JSON of every other field (maps and sets as arrays of entries, in their insertion
 *   order, which is part of the state: `warnings` is listed in that order), and the chunks that
 *   hold the claim records, in order;
 * - the chunks (snapshots.claims.ts), stored apart from the row, each written once: a snapshot
 *   adds only the records since the last one, and they are read when something reads the records.
 */
import { PERSON_FOLD_VERSION, PersonState } from './person/person.state';
import { EncodedSnapshot, EncodedState, SnapshotCodec } from './snapshots';
import { ChunkRef, encodeRecords, unreadRecords } from './snapshots.claims';
import { GrowingSet } from './person/growing-set';

type ClaimRecord = PersonState['claims'][number];
type Entries<M> = M extends Map<infer K, infer V> ? [K, V][] : never;

/**
 * The layout of `state` and its chunks: a row of another layout is refused (the runner folds from
 * the log). 2: claim records in chunks apart from the row (1: in the row's bytes).
 */
const PERSON_SNAPSHOT_LAYOUT = 2;

/** The `state` part: the same fields, maps and sets as arrays, claim records as the chunks holding them. */
interface EncodedPersonState extends Omit<PersonState, 'counters' | 'credits' | 'claimIds' | 'claims' | 'payments' | 'warnings' | 'rewards' | 'premiums'> {
  layout: number;
  counters: Entries<PersonState['counters']>;
  credits: Entries<PersonState['credits']>;
  claimIds: string[];
  claimChunks: ChunkRef[];
  payments: Entries<PersonState['payments']>;
  warnings: string[];
  rewards: Entries<PersonState['rewards']>;
  premiums: Entries<PersonState['premiums']>;
}

export function encodePersonState(state: PersonState): EncodedState {
  const records = encodeRecords(state.claims);
  const encoded: EncodedPersonState = {
    ...state,
    claims: undefined,
    layout: PERSON_SNAPSHOT_LAYOUT,
    counters: [...state.counters],
    credits: [...state.credits],
    claimIds: [...state.claimIds],
    claimChunks: records.chunks,
    payments: [...state.payments],
    warnings: [...state.warnings],
    rewards: [...state.rewards],
    premiums: [...state.premiums],
  } as EncodedPersonState;
  return { state: JSON.stringify(encoded), chunks: records.chunks.map((c) => c.id), newChunks: records.newChunks, stored: records.stored };
}

const isChunkRef = (c: unknown): c is ChunkRef => typeof (c as ChunkRef)?.id === 'string' && Number.isInteger((c as ChunkRef).count) && (c as ChunkRef).count > 0;

export function decodePersonState({ state, chunks }: EncodedSnapshot, readChunk: (id: string) => Buffer): PersonState {
  const { layout, claimChunks, ...encoded } = JSON.parse(state) as EncodedPersonState;
  // a snapshot of another layout (the records in the row's bytes) is refused: the runner folds from the log
  if (layout !== PERSON_SNAPSHOT_LAYOUT || !Array.isArray(claimChunks) || !claimChunks.every(isChunkRef)) throw new Error('not a person snapshot of this layout');
  if (claimChunks.length !== chunks.length || claimChunks.some((c, i) => c.id !== chunks[i])) throw new Error('the snapshot names other chunks than its state');
  return {
    ...encoded,
    counters: new Map(encoded.counters),
    credits: new Map(encoded.credits),
    claimIds: GrowingSet.of(encoded.claimIds),
    claims: unreadRecords(claimChunks, readChunk, (bytes) => JSON.parse(bytes.toString('utf8')) as ClaimRecord[]),
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
