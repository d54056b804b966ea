/** Who asked and under which correlation id: stamped on every event a request records. */
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Request } from 'express';
import { CommandMeta } from '@benefit/domain';

export function metaOf(req: Request): CommandMeta {
  const correlationId = req.header('x-correlation-id') || randomUUID();
  // Until authentication lands the bearer token is accepted and ignored (API.md); the actor is what the caller says it is.
  const actor = req.header('x-actor') || (req.header('authorization') ? 'bearer' : 'anonymous');
  return { actor: actor.slice(0, 128), correlationId: correlationId.slice(0, 128), causationId: null };
}

export const Meta = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandMeta => metaOf(ctx.switchToHttp().getRequest<Request>()));
