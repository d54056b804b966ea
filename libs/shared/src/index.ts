export * from './money';
export * from './dates';
export * from './errors';
export * from './payers';
export * from './codes';
export * from './resident-id';
export * from './hash';
export * from './progress';
