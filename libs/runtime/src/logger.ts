/** Structured logs (pino), the same for every process. Resident id numbers are redacted wherever they could appear. */
import pino, { Logger } from 'pino';
import { REDACT_PATHS } from './redact';

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { service: 'benefit-ledger' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);
}
