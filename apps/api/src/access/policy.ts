/**
 * Who may call a route, declared next to the controller method (API.md "Access").
 *
 * Every route carries exactly one of `@Public()` or `@Allow(...roles)`; the guard refuses a route
 * that carries neither, so a route is never open by default. `admin` may do everything: it passes
 * every `@Allow`, and `@Allow()` with no role means admin only.
 */
import { SetMetadata } from '@nestjs/common';
import { Role } from '@benefit/runtime';

export type AccessPolicy = { kind: 'public' } | { kind: 'roles'; roles: Role[] };

export const ACCESS_POLICY = 'benefit:access-policy';

/** No token needed (GET /health, the OpenAPI page). */
export const Public = () => SetMetadata(ACCESS_POLICY, { kind: 'public' } satisfies AccessPolicy);

/** These roles (and admin) may call the route; listed least privileged first (the role recorded on events is the first one the token holds). */
export const Allow = (...roles: Role[]) =>
  SetMetadata(ACCESS_POLICY, { kind: 'roles', roles: [...roles.filter((r) => r !== 'admin'), 'admin'] } satisfies AccessPolicy);

/** The verified caller of a request: set by the guard, read by `@Meta()` and the controllers. */
export interface Principal {
  /** The token's subject: the actor recorded on every event. */
  subject: string;
  roles: Role[];
  /** The role the route was granted under (the first of the route's roles the token holds). */
  role: Role;
  /** A hospital token's institution (fixmedins code); null for every other role. */
  institutionId: string | null;
  /** The token's id (`jti`), or a fingerprint for the admin token: recorded on events, revocable for issued tokens. */
  tokenId: string;
  source: 'admin-token' | 'issued' | 'oidc';
}
