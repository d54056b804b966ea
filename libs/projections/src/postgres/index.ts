export * from './migrations';
export * from './schema';
export * from './postgres-read-model';
export * from './postgres-queries';
