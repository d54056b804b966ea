/** Every error becomes application/problem+json (RFC 9457), in one place. */
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'pino';
import { WrongExpectedRevisionError } from '@benefit/event-store';
import { DomainError, FieldError, maskResidentIdsIn } from '@benefit/shared';
import { LOGGER } from '../infrastructure/tokens';
import { headerOf, pathOf } from './request-meta';
import { AccessDenied } from '../access/access.guard';
import { AuthenticationError } from '../access/token-verifier';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

const STATUS = { invalid: 400, not_found: 404, conflict: 409, refused: 422 } as const;
const TYPE_BASE = 'https://benefit-ledger.dev/problems/';

/** An error that already knows its problem (raised outside a route, e.g. by the rate limit). */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

export function problemOf(err: unknown): Problem {
  if (err instanceof ProblemError) return err.problem;
  if (err instanceof AuthenticationError) return { type: TYPE_BASE + 'unauthenticated', title: 'Unauthenticated', status: 401, detail: err.detail };
  if (err instanceof AccessDenied) return { type: TYPE_BASE + 'forbidden', title: 'Forbidden', status: 403, detail: err.detail };
  if (err instanceof DomainError) {
    return { type: TYPE_BASE + err.code, title: err.title, status: STATUS[err.kind], detail: err.message, ...(err.errors ? { errors: err.errors } : {}) };
  }
  if (err instanceof WrongExpectedRevisionError) {
    return { type: TYPE_BASE + 'concurrent-change', title: 'Concurrent change', status: 409, detail: 'the record changed while this request was decided; send it again' };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const body = err.getResponse() as { message?: string | string[] } | string;
    const message = typeof body === 'string' ? body : Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? err.message);
    // Fastify refuses these before any route runs (Nest hands them over as HttpExceptions): a body
    // over the limit, and a Content-Type that is not a media type, whose body Express ignored (400)
    if (status === 413) return bodyProblem(413, 'the request body is too large');
    if (status === 415) return bodyProblem(400, 'the Content-Type header is not a media type: send application/json');
    if (status === 400) return bodyProblem(400, message);
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

/** Something wrong with the request as a whole (its body, its path): the body is named as the bad field. */
function bodyProblem(status: number, detail: string): Problem {
  return { type: TYPE_BASE + 'invalid', title: 'Invalid request', status, detail, errors: [{ field: 'body', message: detail }] };
}

export function sendProblem(reply: FastifyReply, problem: Problem): void {
  // a client may have put a resident id in a path or a field; no problem ever echoes it
  reply.status(problem.status).type('application/problem+json; charset=utf-8').send(maskResidentIdsIn(JSON.stringify(problem)));
}

/**
 * What Node's HTTP server refuses before Fastify or Nest see a request (Fastify's `clientErrorHandler`):
 * a request line and headers over 16 KB (431), a request not received within the timeouts (408), bytes
 * that are not HTTP (400). Answered as problem+json like every other error, then the connection closes.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  // a reset connection has no one left to answer
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, detail] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'the request line and headers exceed 16 KB: shorten the path, the query or the headers']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'the request was not received in time; send it again']
        : [400, 'the request is not valid HTTP/1.1'];
  const problem: Problem = { type: TYPE_BASE + (status === 400 ? 'invalid' : `http-${status}`), title: STATUS_CODES[status] ?? 'Error', status, detail };
  const body = JSON.stringify(problem);
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const req = host.switchToHttp().getRequest<FastifyRequest>();
    const problem = problemOf(err);
    if (problem.status >= 500) {
      this.logger.error({ err, method: req.method, path: maskResidentIdsIn(pathOf(req)), correlationId: headerOf(req, 'x-correlation-id') }, 'request failed');
    }
    // RFC 6750 §3: a 401 names the scheme, and says whether a token was sent and refused
    if (problem.status === 401) reply.header('WWW-Authenticate', headerOf(req, 'authorization') ? 'Bearer error="invalid_token"' : 'Bearer');
    sendProblem(reply, problem);
  }
}
