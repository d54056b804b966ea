import { Fold } from '../command-runner';
import { PersonEvent } from './person.events';
import { PersonState, evolvePerson, initialPersonState } from './person.state';

/** Every decider of a person (enrollment, claims, personal account) folds this one state. */
export const personFold: Fold<PersonState, PersonEvent> = {
  name: 'person',
  initialState: initialPersonState,
  evolve: evolvePerson,
};

/** Folds a list of events from scratch (tests, audits). */
export const foldPerson = (events: PersonEvent[]): PersonState => events.reduce(evolvePerson, initialPersonState());
