/** Online backup and verified restore of an embedded DATA_DIR (issue 16): `@benefit/runtime/backup`. */
export * from './manifest';
export * from './backup';
export * from './restore';
