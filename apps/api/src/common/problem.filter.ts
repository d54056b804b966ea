/** Every error becomes application/problem+json (RFC 9457), in one place. */
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import { Response, Request } from 'express';
import { Logger } from 'pino';
import { WrongExpectedRevisionError } from '@benefit/event-store';
import { DomainError, FieldError, maskResidentIdsIn } from '@benefit/shared';
import { LOGGER } from '../infrastructure/tokens';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

const STATUS = { invalid: 400, not_found: 404, conflict: 409, refused: 422 } as const;
const TYPE_BASE = 'https://benefit-ledger.dev/problems/';

export function problemOf(err: unknown): Problem {
  if (err instanceof DomainError) {
    return { type: TYPE_BASE + err.code, title: err.title, status: STATUS[err.kind], detail: err.message, ...(err.errors ? { errors: err.errors } : {}) };
  }
  if (err instanceof WrongExpectedRevisionError) {
    return { type: TYPE_BASE + 'concurrent-change', title: 'Concurrent change', status: 409, detail: 'the record changed while this request was decided; send it again' };
  }
  const parse = err as { type?: string; status?: number; message?: string };
  if (parse?.type === 'entity.parse.failed' || parse?.type === 'entity.too.large') {
    const detail = parse.type === 'entity.too.large' ? 'the request body is too large' : `the request body is not valid JSON: ${parse.message}`;
    return { type: TYPE_BASE + 'invalid', title: 'Invalid request', status: parse.status ?? 400, detail, errors: [{ field: 'body', message: detail }] };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const body = err.getResponse() as { message?: string | string[] } | string;
    const message = typeof body === 'string' ? body : Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? err.message);
    if (status === 400) return { type: TYPE_BASE + 'invalid', title: 'Invalid request', status, detail: message, errors: [{ field: 'body', message }] };
    if (status === 404) return { type: TYPE_BASE + 'not-found', title: 'Not found', status, detail: message };
    return { type: TYPE_BASE + `http-${status}`, title: err.name, status, detail: message };
  }
  return {
    type: TYPE_BASE + 'internal',
    title: 'Internal error',
    status: 500,
    detail: 'the service failed while handling this request; nothing acknowledged is lost: retry it with the same body, and report the correlation id if it fails again',
  };
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    const problem = problemOf(err);
    if (problem.status >= 500) {
      this.logger.error({ err, method: req.method, path: maskResidentIdsIn(req.path), correlationId: req.header('x-correlation-id') }, 'request failed');
    }
    // a client may have put a resident id in a path or a field; no problem ever echoes it
    res.status(problem.status).type('application/problem+json').send(maskResidentIdsIn(JSON.stringify(problem)));
  }
}
