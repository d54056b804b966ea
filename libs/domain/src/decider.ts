/**
 * The two shapes the runner works with, apart from the runner and from the deciders that use
 * them: a fold (how a stream's events become a state) and a decider (a fold with the command it
 * decides and the stream the command lives in).
 */

export interface Fold<S, E extends { type: string; data: unknown }> {
  /** Names the state shape in the cache; two folds of one stream need two names. */
  name: string;
  initialState: () => S;
  /** Returns the state after the event; the state it is given stays as it was (it may be cached or shared). */
  evolve: (state: S, event: E) => S;
}

/**
 * `decide` is pure: the command, the folded state and what the state cannot tell (the context:
 * the parameter book, today's date, facts from another stream). A refusal is thrown as a
 * DomainError; an empty list means the command is already done (a retry).
 */
export interface Decider<C, S, E extends { type: string; data: unknown }, Ctx = void> extends Fold<S, E> {
  /** The stream the command is decided on. */
  streamOf: (command: C) => string;
  decide: (command: C, state: S, context: Ctx) => E[];
}
