/** Structured logs (pino). Resident id numbers are redacted wherever they could appear. */
import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

export const REDACT_PATHS = ['idNumber', '*.idNumber', '*.*.idNumber', 'data.idNumber', 'req.body', 'body'];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { service: 'benefit-ledger' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);
}

/** Routes Nest's own messages into pino. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
