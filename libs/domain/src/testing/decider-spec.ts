/**
 * Given/when/then for deciders (after Emmett's DeciderSpecification): given past events,
 * when a command is decided, then these events — or this refusal.
 */
import { DomainError, ErrorKind } from '@benefit/shared';
import { Fold } from '../command-runner';

export function deciderSpec<S, E extends { type: string; data: unknown }, C>(fold: Fold<S, E>, decide: (command: C, state: S) => E[]) {
  return {
    given(events: E[]) {
      const state = events.reduce(fold.evolve, fold.initialState());
      return {
        when(command: C) {
          const run = () => decide(command, state);
          return {
            then(expected: E[] | ((events: E[]) => void)) {
              const events = run();
              if (typeof expected === 'function') expected(events);
              else expect(events).toEqual(expected);
              return events;
            },
            thenRefused(kind: ErrorKind, code?: string) {
              let error: unknown;
              try {
                run();
              } catch (err) {
                error = err;
              }
              expect(error).toBeInstanceOf(DomainError);
              expect((error as DomainError).kind).toBe(kind);
              if (code) expect((error as DomainError).code).toBe(code);
              return error as DomainError;
            },
          };
        },
      };
    },
  };
}
