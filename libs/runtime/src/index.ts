/**
 * The runtime every app and the bench share: configuration, logging, storage opening, the
 * process lock, keys and redaction (issue 12). Nothing here knows a region, a rule or Nest.
 */
export * from './config';
export * from './logger';
export * from './redact';
export * from './storage';
export * from './data-dir-lock';
export * from './keys';
export * from './roles';
export * from './issued-tokens';
export * from './limits';
export * from './readjudication-job-store';
