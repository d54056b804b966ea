/** Who asked and under which correlation id: stamped on every event a request records. */
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { CommandMeta } from '@benefit/domain';
import { principalOf } from '../access/caller';

/** A request header as one string, as Express's `req.header` gave it (Node joins repeats of these). */
export function headerOf(req: FastifyRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The path without the query string (Express's `req.path`): what the logs name. */
export const pathOf = (req: FastifyRequest): string => req.url.split('?', 1)[0];

export function metaOf(req: FastifyRequest): CommandMeta {
  const correlationId = headerOf(req, 'x-correlation-id') || randomUUID();
  // the actor is the verified token's subject (API.md Access): no header can change it
  const principal = principalOf(req);
  if (!principal) throw new Error('invariant: @Meta() on a route the access guard did not authenticate');
  return { actor: principal.subject, role: principal.role, tokenId: principal.tokenId, correlationId: correlationId.slice(0, 128), causationId: null };
}

export const Meta = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandMeta => metaOf(ctx.switchToHttp().getRequest<FastifyRequest>()));
