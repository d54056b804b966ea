/**
 * Workflows: multi-step commands (submit a claim, settle a month, re-adjudicate, tag a status
 * with its look-back, cancel a claim) as plain functions over ports, callable from Nest, the CLI
 * and the bench alike (issue 12).
 */
export * from './ports';
export * from './unique-key';
export * from './submit-claim';
export * from './cancel-claim';
export * from './settle-month';
export * from './readjudicate';
export * from './readjudication-job';
export * from './tag-status';
