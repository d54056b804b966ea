export const EVENT_STORE = Symbol('EVENT_STORE');
export const APP_CONFIG = Symbol('APP_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const RESIDENT_ID_KEY = Symbol('RESIDENT_ID_KEY');
export const READ_QUERIES = Symbol('READ_QUERIES');
/** What commands wait on for read-your-writes (ProjectionWaiter). */
export const PROJECTIONS = Symbol('PROJECTIONS');
/** The personal-data vault (PiiVault): seals names and resident ids, opens them at the edges. */
export const PII_VAULT = Symbol('PII_VAULT');
