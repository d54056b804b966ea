/**
 * Turns a bearer token into a verified caller (API.md Access), from the three sources it lists:
 * the admin token (compared in constant time), tokens the service issued itself (EdDSA, key in
 * DATA_DIR, revocable), and an identity provider's JWTs (JWKS URL or PEM key; issuer, audience,
 * `exp` and `nbf` checked with a small clock-skew allowance; jose refetches the JWKS when a
 * token names a key id it does not hold, so a provider's key rotation needs no restart).
 */
import { createHash, createPublicKey, KeyObject, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import { createRemoteJWKSet, decodeProtectedHeader, errors as joseErrors, JWTPayload, jwtVerify } from 'jose';
import { ISSUED_TOKEN_AUDIENCE, ISSUED_TOKEN_ISSUER, ROLES, Role, SigningKey, TokenRegistry } from '@benefit/runtime';
import { Principal } from './policy';

/** A verified token: who and what, before a route picks the role it is granted under. */
export type Credential = Omit<Principal, 'role'>;

/** 401: no token, or one that is malformed, expired, revoked or not signed by a trusted key. */
export class AuthenticationError extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
}

export interface OidcSettings {
  jwksUrl: string | null;
  publicKeyFile: string | null;
  issuer: string;
  audience: string;
}

export interface VerifierSettings {
  adminToken: string | null;
  issued: { key: SigningKey; registry: TokenRegistry };
  oidc: OidcSettings | null;
  clockSkewSeconds: number;
}

/** Asymmetric algorithms only: an HMAC or `none` token is never accepted from a provider. */
const PROVIDER_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
/** Longer than any JWT a provider issues: a longer header is refused before any parsing. */
const MAX_TOKEN_LENGTH = 8192;
/** A verified token is remembered this long (never past its expiry): signature checks stay off the hot path. */
const CACHE_MS = 60_000;
const CACHE_SIZE = 10_000;

const sha256 = (text: string) => createHash('sha256').update(text).digest();

export class TokenVerifier {
  private readonly adminDigest: Buffer | null;
  private readonly adminTokenId: string;
  private readonly providerKey: ((header: never, token: never) => Promise<KeyObject | Uint8Array>) | KeyObject | null;
  private readonly cache = new Map<string, { credential: Credential; untilMs: number }>();

  constructor(private readonly settings: VerifierSettings) {
    this.adminDigest = settings.adminToken ? sha256(settings.adminToken) : null;
    // a fingerprint, not the token: what events and the access log record as the token's id
    this.adminTokenId = settings.adminToken ? `admin-token:${sha256(settings.adminToken).toString('hex').slice(0, 12)}` : '';
    const oidc = settings.oidc;
    if (!oidc) this.providerKey = null;
    else if (oidc.jwksUrl) this.providerKey = createRemoteJWKSet(new URL(oidc.jwksUrl), { timeoutDuration: 5_000, cooldownDuration: 10_000, cacheMaxAge: 600_000 }) as never;
    else this.providerKey = createPublicKey(fs.readFileSync(oidc.publicKeyFile!));
  }

  async verify(authorization: string | undefined): Promise<Credential> {
    if (!authorization) throw new AuthenticationError('send Authorization: Bearer <token> (API.md Access)');
    const m = /^Bearer ([^\s]+)$/i.exec(authorization.trim());
    if (!m) throw new AuthenticationError('the Authorization header must be "Bearer <token>"');
    const token = m[1];
    if (token.length > MAX_TOKEN_LENGTH) throw new AuthenticationError('the token is longer than any this service accepts');
    if (this.isAdminToken(token)) {
      return { subject: 'admin', roles: ['admin'], institutionId: null, tokenId: this.adminTokenId, source: 'admin-token' };
    }
    const now = Date.now();
    const cached = this.cache.get(token);
    let credential: Credential;
    if (cached && cached.untilMs > now) {
      credential = cached.credential;
    } else {
      const { credential: fresh, expSeconds } = await this.verifyJwt(token);
      credential = fresh;
      if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(token, { credential, untilMs: Math.min(now + CACHE_MS, (expSeconds + this.settings.clockSkewSeconds) * 1000) });
    }
    // not cached: a revocation holds from the very next request
    if (credential.source === 'issued' && this.settings.issued.registry.isRevoked(credential.tokenId)) {
      throw new AuthenticationError('this token was revoked: ask for a new one');
    }
    return credential;
  }

  /**
   * True when the header carries a token already verified (the admin token, or one in the cache):
   * the rate limit then counts it on its own budget. Any other token counts on its sender's
   * address, so a client cannot escape the limit by sending a new made-up token each time.
   */
  recognises(authorization: string | undefined): boolean {
    const m = authorization ? /^Bearer ([^\s]+)$/i.exec(authorization.trim()) : null;
    if (!m || m[1].length > MAX_TOKEN_LENGTH) return false;
    const cached = this.cache.get(m[1]);
    return this.isAdminToken(m[1]) || (cached !== undefined && cached.untilMs > Date.now());
  }

  private isAdminToken(token: string): boolean {
    // digests of equal length, so the comparison takes the same time whatever the token
    return this.adminDigest !== null && timingSafeEqual(sha256(token), this.adminDigest);
  }

  private async verifyJwt(token: string): Promise<{ credential: Credential; expSeconds: number }> {
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      throw new AuthenticationError('the token is not a JWT this service accepts');
    }
    const issued = this.settings.issued.key;
    const own = kid === issued.kid;
    if (!own && !this.providerKey) throw new AuthenticationError('the token is not signed by a key this service trusts');
    let payload: JWTPayload;
    try {
      const result = own
        ? await jwtVerify(token, issued.publicKey, { issuer: ISSUED_TOKEN_ISSUER, audience: ISSUED_TOKEN_AUDIENCE, algorithms: ['EdDSA'], clockTolerance: this.settings.clockSkewSeconds, requiredClaims: ['exp', 'sub', 'jti'] })
        : await jwtVerify(token, this.providerKey as never, {
            issuer: this.settings.oidc!.issuer,
            audience: this.settings.oidc!.audience,
            algorithms: PROVIDER_ALGORITHMS,
            clockTolerance: this.settings.clockSkewSeconds,
            requiredClaims: ['exp', 'sub'],
          });
      payload = result.payload;
    } catch (err) {
      throw new AuthenticationError(joseReason(err));
    }
    const subject = String(payload.sub).slice(0, 128);
    const roles = Array.isArray(payload.roles) ? (payload.roles.filter((r) => (ROLES as readonly unknown[]).includes(r)) as Role[]) : [];
    const institutionId = typeof payload.institution_id === 'string' && payload.institution_id.length <= 64 ? payload.institution_id : null;
    const tokenId = typeof payload.jti === 'string' ? payload.jti.slice(0, 128) : `sha256:${sha256(token).toString('hex').slice(0, 24)}`;
    return { credential: { subject, roles: [...new Set(roles)], institutionId, tokenId, source: own ? 'issued' : 'oidc' }, expSeconds: payload.exp! };
  }
}

/** What went wrong, in words a caller can act on (never the token itself). */
function joseReason(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'the token has expired: get a new one';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `the token's "${err.claim}" claim is not accepted (${err.reason === 'check_failed' ? 'wrong value' : err.reason})`;
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'the token is signed by a key the identity provider does not list';
  if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JOSEError && err.code === 'ERR_JWKS_INVALID') return 'the identity provider\'s keys could not be read: try again shortly';
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token is not signed by a key this service trusts';
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'the token\'s signing algorithm is not accepted';
  return 'the token is not valid';
}
