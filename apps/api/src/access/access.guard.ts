/**
 * The one place that decides who may call a route (issue 9): a global guard that reads the
 * route's declared policy (`@Public()` or `@Allow(...)`), verifies the bearer token and picks
 * the role the request is granted under. A route that declares no policy is refused to everyone.
 * Guards run before pipes and handlers, so a refused request records nothing.
 */
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { headerOf } from '../common/request-meta';
import { setPrincipal } from './caller';
import { Role } from '@benefit/runtime';
import { ACCESS_POLICY, AccessPolicy } from './policy';
import { Credential, TokenVerifier } from './token-verifier';

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

/** 403: the token is valid, its roles do not allow the request. */
export class AccessDenied extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
}

/** The first of the route's roles (least privileged first) that the credential may use. */
export function grantedRole(roles: readonly Role[], credential: Credential): Role | undefined {
  // a hospital role without an institution could reach no claim: it grants nothing
  return roles.find((r) => credential.roles.includes(r) && (r !== 'hospital' || credential.institutionId !== null));
}

@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY, [ctx.getHandler(), ctx.getClass()]);
    if (!policy) throw new AccessDenied('this route declares no access policy, so nobody may call it');
    if (policy.kind === 'public') return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const credential = await this.verifier.verify(headerOf(req, 'authorization'));
    const role = grantedRole(policy.roles, credential);
    if (!role) {
      const held = credential.roles.length ? `the token's roles (${credential.roles.join(', ')})` : 'the token holds no role of this service and';
      throw new AccessDenied(`${held} do not allow this request: it needs one of ${policy.roles.join(', ')}`);
    }
    setPrincipal(req, { ...credential, role });
    return true;
  }
}
