export * from './visit.events';
export * from './visit.decider';
