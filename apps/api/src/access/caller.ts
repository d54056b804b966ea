/** The verified caller, as the guard left it on the request. */
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Principal } from './policy';

type WithPrincipal = FastifyRequest & { principal?: Principal };

export function principalOf(req: FastifyRequest): Principal | undefined {
  return (req as WithPrincipal).principal;
}

export function setPrincipal(req: FastifyRequest, principal: Principal): void {
  (req as WithPrincipal).principal = principal;
}

/** `@Caller() caller: Principal` in a controller method (only on routes with `@Allow`). */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = principalOf(ctx.switchToHttp().getRequest<FastifyRequest>());
  // the guard runs before any handler and sets it on every @Allow route: its absence is a bug
  if (!principal) throw new Error('invariant: @Caller() on a route the access guard did not authenticate');
  return principal;
});
