/**
 * PersonState as JSON for snapshots: its maps and sets become arrays of entries, in their
 * insertion order (a Set's or a Map's iteration order is part of the state: `warnings` is listed
 * in that order by the audit), and everything else is already plain JSON read from events.
 */
import { PERSON_FOLD_VERSION, PersonState } from './person/person.state';
import { SnapshotCodec } from './snapshots';

type Entries<M> = M extends Map<infer K, infer V> ? [K, V][] : never;

/** The encoded state: the same fields, maps and sets as arrays. */
export interface EncodedPersonState extends Omit<PersonState, 'counters' | 'credits' | 'claimIds' | 'payments' | 'warnings' | 'rewards' | 'premiums'> {
  counters: Entries<PersonState['counters']>;
  credits: Entries<PersonState['credits']>;
  claimIds: string[];
  payments: Entries<PersonState['payments']>;
  warnings: string[];
  rewards: Entries<PersonState['rewards']>;
  premiums: Entries<PersonState['premiums']>;
}

export function encodePersonState(state: PersonState): EncodedPersonState {
  return {
    ...state,
    counters: [...state.counters],
    credits: [...state.credits],
    claimIds: [...state.claimIds],
    payments: [...state.payments],
    warnings: [...state.warnings],
    rewards: [...state.rewards],
    premiums: [...state.premiums],
  };
}

export function decodePersonState(encoded: EncodedPersonState): PersonState {
  return {
    ...encoded,
    counters: new Map(encoded.counters),
    credits: new Map(encoded.credits),
    claimIds: new Set(encoded.claimIds),
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
  decode: (encoded) => decodePersonState(encoded as EncodedPersonState),
};

/** Every fold the runner snapshots, by name. */
export const SNAPSHOT_CODECS = { person: personSnapshotCodec } as Record<string, SnapshotCodec<unknown>>;
