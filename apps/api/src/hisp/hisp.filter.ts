/**
 * Refusals in the platform's shape (API.md "National platform messages"): a request refused for
 * its content (400, 404, 409, 422 on /v1) answers HTTP 200 with `infcode` -1 and `err_msg` the
 * problem's detail, with each bad field named. Access (401, 403), a body the server cannot read
 * (413) and failures (5xx) stay HTTP errors in problem+json, as on every route.
 */
import { ArgumentsHost, Catch, ExceptionFilter, Inject } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'pino';
import { maskResidentIdsIn } from '@benefit/shared';
import { ProblemFilter, problemOf } from '../common/problem.filter';
import { LOGGER } from '../infrastructure/tokens';
import { refusedAnswer } from './envelope';

const CONTENT_REFUSALS = new Set([400, 404, 409, 422]);

@Catch()
export class HispFilter implements ExceptionFilter {
  private readonly problems: ProblemFilter;

  constructor(@Inject(LOGGER) logger: Logger) {
    this.problems = new ProblemFilter(logger);
  }

  catch(err: unknown, host: ArgumentsHost): void {
    const problem = problemOf(err);
    if (!CONTENT_REFUSALS.has(problem.status)) return this.problems.catch(err, host);
    const req = host.switchToHttp().getRequest<FastifyRequest>();
    const body = req.body as { msgid?: unknown } | null | undefined;
    const msgid = body && typeof body === 'object' && typeof body.msgid === 'string' ? body.msgid.slice(0, 64) : null;
    const fields = (problem.errors ?? []).map((e: { field: string; message: string }) => `${e.field}: ${e.message}`);
    const errMsg = fields.length && !fields.every((f) => problem.detail.includes(f)) ? fields.join('; ') : problem.detail;
    // a resident id in a message (a hostile field echoed back) leaves masked, as from every route
    host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .status(200)
      .type('application/json; charset=utf-8')
      .send(maskResidentIdsIn(JSON.stringify(refusedAnswer(msgid, errMsg.slice(0, 2000)))));
  }
}
