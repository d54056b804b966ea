export * from './envelope';
export * from './master-keys';
export * from './key-store';
export * from './sqlite-key-store';
export * from './vault';
export * from './rotation';
export * from './personal-fields';
export * from './open-vault';
