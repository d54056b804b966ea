/**
 * `@RecordsAccess(...)`, declared next to a route's `@Allow`: every successful response of the
 * route that carries a person's data is recorded in the access log (API.md "Access") before it is
 * sent. The record is appended after the handler produced the body: a refused request (4xx/5xx)
 * records nothing, and if the append fails the request fails (500) rather than answering with data
 * nobody will know was read.
 */
import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, SetMetadata, UseInterceptors, applyDecorators } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { Observable, concatMap } from 'rxjs';
import { accessStream, personDataReadEvents } from '@benefit/domain';
import { EventStore } from '@benefit/event-store';
import { todayInChina } from '@benefit/shared';
import { principalOf } from '../access/caller';
import { EVENT_STORE } from '../infrastructure/tokens';
import { ACCESS_REASON_HEADER, accessReasonOf, distinctPersons, whatOf } from './access-record';

export interface AccessRecording {
  /** Whose data the response body carries (the request is there for what the body does not say). */
  persons(body: any, req: FastifyRequest): Iterable<unknown>;
  /** Query and body fields that identify what was read, beside the path parameters. Never a name or a resident id. */
  query?: readonly string[];
  body?: readonly string[];
}

const RECORDS_ACCESS = 'benefit:records-access';

export const RecordsAccess = (recording: AccessRecording) => applyDecorators(SetMetadata(RECORDS_ACCESS, recording), UseInterceptors(AccessRecorder));

/** The first header value, as the routes read headers. */
const header = (req: FastifyRequest, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

@Injectable()
export class AccessRecorder implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const recording = this.reflector.get<AccessRecording | undefined>(RECORDS_ACCESS, ctx.getHandler());
    // applied only by @RecordsAccess, which always sets it
    if (!recording) throw new Error('invariant: AccessRecorder on a route without @RecordsAccess');
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    // checked before the handler runs: a bad reason is refused with nothing read and nothing recorded
    const reason = accessReasonOf(header(req, ACCESS_REASON_HEADER));
    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, ctx.getHandler()) ?? (req.method === 'POST' ? 201 : 200);
    return next.handle().pipe(
      concatMap(async (body: unknown) => {
        await this.record(req, recording, body, reason, status);
        return body;
      }),
    );
  }

  private async record(req: FastifyRequest, recording: AccessRecording, body: unknown, reason: string | null, status: number): Promise<void> {
    const personIds = distinctPersons(recording.persons(body, req));
    if (personIds.length === 0) return; // nobody's data in this answer (an empty page, a diff with no changes)
    // the verified caller; until the access guard runs on every route there may be none
    const principal = principalOf(req);
    const events = personDataReadEvents({
      personIds,
      route: `${req.method} ${req.routeOptions.url ?? req.url.split('?', 1)[0]}`,
      what: whatOf({ params: req.params, query: req.query, body: req.body }, recording),
      reason,
      status,
      role: principal?.role ?? null,
      tokenId: principal?.tokenId ?? null,
    });
    const metadata = { actor: principal?.subject ?? 'anonymous', correlationId: (header(req, 'x-correlation-id') || randomUUID()).slice(0, 128), causationId: null };
    const stream = accessStream(todayInChina());
    // one append per event: a read of many persons never makes one oversized append; a failure
    // part-way fails the request, so the log may over-state what was sent, never under-state it
    for (const event of events) await this.store.append(stream, [{ ...event, metadata }], 'any');
  }
}

/** The person named in the route's path (`:personId`): whose data the route answers with. */
export const personInPath = (_body: unknown, req: FastifyRequest): string[] => [(req.params as { personId?: string }).personId ?? ''];
