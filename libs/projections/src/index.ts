export * from './read-model';
export * from './projection';
export * from './projections';
export * from './access-log';
export * from './projector';
export * from './sqlite/sqlite-read-model';
export * from './sqlite/sqlite-queries';
export * from './checkpoint-watcher';
