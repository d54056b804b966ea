/**
 * The api's only public surface: what a process outside apps/api (the bench) may use to run the
 * HTTP application in-process and drive its command bus. Everything else under apps/api/src is
 * the api's own; what the apps share lives in libs/ (libs/runtime for config, storage, keys).
 */
export { createApp } from './bootstrap';
export { SubmitClaimCommand } from './claims/submit-claim.handler';
export type { SubmitClaimResult } from './claims/submit-claim.handler';
export { RegisterPatientCommand } from './enrollment/commands';
export type { EnrollmentResult } from './enrollment/commands';
export { STORAGE } from './infrastructure/storage.module';
export { EVENT_STORE } from './infrastructure/tokens';
