/** The app's metrics (metrics.ts), for whoever feeds or reads them (the backup scheduler). */
export const METRICS = Symbol('METRICS');
