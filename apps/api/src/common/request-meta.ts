/** Who asked and under which correlation id: stamped on every event a request records. */
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { CommandMeta } from '@benefit/domain';

/** A request header as one string, as Express's `req.header` gave it (Node joins repeats of these). */
export function headerOf(req: FastifyRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The path without the query string (Express's `req.path`): what the logs name. */
export const pathOf = (req: FastifyRequest): string => req.url.split('?', 1)[0];

export function metaOf(req: FastifyRequest): CommandMeta {
  const correlationId = headerOf(req, 'x-correlation-id') || randomUUID();
  // Until authentication lands the bearer token is accepted and ignored (API.md); the actor is what the caller says it is.
  const actor = headerOf(req, 'x-actor') || (headerOf(req, 'authorization') ? 'bearer' : 'anonymous');
  return { actor: actor.slice(0, 128), correlationId: correlationId.slice(0, 128), causationId: null };
}

export const Meta = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandMeta => metaOf(ctx.switchToHttp().getRequest<FastifyRequest>()));
