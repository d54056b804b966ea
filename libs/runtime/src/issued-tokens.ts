/**
 * Tokens the service issues itself, for deployments without an identity provider (API.md Access):
 * EdDSA JWTs signed with a key kept in DATA_DIR, created on first start readable by its owner
 * only. `npm run cli -- token issue` signs with the same key; `token revoke <jti>` records the id
 * in DATA_DIR/auth.db, which the service consults on every request carrying an issued token, so
 * a revocation holds from the next request on, with no restart.
 */
import Database from 'better-sqlite3';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SignJWT } from 'jose';
import { ROLES, Role } from './roles';

/** `iss` and `aud` of every issued token: a token of another deployment fails on its key, not on these. */
export const ISSUED_TOKEN_ISSUER = 'benefit-ledger';
export const ISSUED_TOKEN_AUDIENCE = 'benefit-ledger';
/** An issued token lives at most this long: a hospital system's token is renewed yearly at the latest. */
export const MAX_TOKEN_LIFETIME_SECONDS = 400 * 24 * 3600;

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Key id in each token's header: how the service tells its own tokens from an identity provider's. */
  kid: string;
}

const SIGNING_KEY_FILE = 'token-signing.key';

/** The signing key of DATA_DIR, created (0600) on first use. */
export function signingKey(dataDir: string): SigningKey {
  const file = path.join(dataDir, SIGNING_KEY_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    try {
      fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // another process created it first: use theirs
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const privateKey = createPrivateKey(fs.readFileSync(file));
  const publicKey = createPublicKey(privateKey);
  const kid = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64url').slice(0, 22);
  return { privateKey, publicKey, kid };
}

export interface IssueRequest {
  roles: Role[];
  subject: string;
  institutionId: string | null;
  expiresInSeconds: number;
  /** Who issued it (the operator running the CLI): recorded beside the token id. */
  issuedBy: string;
}

export interface IssuedToken {
  token: string;
  jti: string;
  expiresAt: string;
}

const SUBJECT = /^[\p{L}\p{N}._:@-]{1,128}$/u;
const INSTITUTION = /^[A-Za-z0-9._-]{1,64}$/;

/** Checks a request for a token; each message names the option to fix. */
export function issueProblems(r: Omit<IssueRequest, 'issuedBy'>): string[] {
  const problems: string[] = [];
  if (r.roles.length === 0) problems.push(`--role is required: one of ${ROLES.join(', ')} (repeat it for several)`);
  for (const role of r.roles) if (!(ROLES as readonly string[]).includes(role)) problems.push(`--role ${role} is not a role: use one of ${ROLES.join(', ')}`);
  if (!SUBJECT.test(r.subject)) problems.push('--subject must be 1-128 letters, digits or ._:@- (the actor recorded on every event)');
  if (r.roles.includes('hospital') && !r.institutionId) problems.push('--institution is required with --role hospital: the institution whose claims the token may reach');
  if (r.institutionId !== null && !INSTITUTION.test(r.institutionId)) problems.push('--institution must be 1-64 letters, digits or ._-');
  if (r.institutionId !== null && !r.roles.includes('hospital')) problems.push('--institution applies to --role hospital only');
  if (!Number.isInteger(r.expiresInSeconds) || r.expiresInSeconds < 60 || r.expiresInSeconds > MAX_TOKEN_LIFETIME_SECONDS) {
    problems.push('--expires must be from 1m to 400d (for example 8h, 30d)');
  }
  return problems;
}

/** "8h", "30d", "15m", "3600s" → seconds; NaN when it is none of these. */
export function durationSeconds(text: string): number {
  const m = /^(\d{1,6})([smhd])$/.exec(text.trim());
  if (!m) return NaN;
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

/** Issued and revoked token ids: DATA_DIR/auth.db, owner-only. */
export class TokenRegistry {
  private readonly db: Database.Database;
  private readonly isRevokedStmt: Database.Statement<[string], { one: number }>;

  constructor(dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const file = path.join(dataDir, 'auth.db');
    const existed = fs.existsSync(file);
    this.db = new Database(file);
    if (!existed) fs.chmodSync(file, 0o600);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL'); // a revocation must not be lost to a power cut
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS issued_tokens (
        jti TEXT PRIMARY KEY, subject TEXT NOT NULL, roles TEXT NOT NULL, institution_id TEXT,
        issued_at TEXT NOT NULL, expires_at TEXT NOT NULL, issued_by TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS revoked_tokens (
        jti TEXT PRIMARY KEY, revoked_at TEXT NOT NULL, revoked_by TEXT NOT NULL, reason TEXT);`);
    this.isRevokedStmt = this.db.prepare('SELECT 1 AS one FROM revoked_tokens WHERE jti = ?');
  }

  isRevoked(jti: string): boolean {
    return this.isRevokedStmt.get(jti) !== undefined;
  }

  async issue(key: SigningKey, r: IssueRequest, now = new Date()): Promise<IssuedToken> {
    const problems = issueProblems(r);
    if (problems.length) throw new Error(problems.join('\n'));
    const jti = randomUUID();
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + r.expiresInSeconds;
    const token = await new SignJWT({ roles: r.roles, ...(r.institutionId ? { institution_id: r.institutionId } : {}) })
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
      .setIssuer(ISSUED_TOKEN_ISSUER)
      .setAudience(ISSUED_TOKEN_AUDIENCE)
      .setSubject(r.subject)
      .setJti(jti)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(key.privateKey);
    const expiresAt = new Date(exp * 1000).toISOString();
    this.db
      .prepare('INSERT INTO issued_tokens (jti, subject, roles, institution_id, issued_at, expires_at, issued_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(jti, r.subject, r.roles.join(','), r.institutionId, now.toISOString(), expiresAt, r.issuedBy);
    return { token, jti, expiresAt };
  }

  /** Refuses the token from the next request on; false when it was revoked already. */
  revoke(jti: string, revokedBy: string, reason: string | null, now = new Date()): boolean {
    return this.db.prepare('INSERT OR IGNORE INTO revoked_tokens (jti, revoked_at, revoked_by, reason) VALUES (?, ?, ?, ?)').run(jti, now.toISOString(), revokedBy, reason).changes === 1;
  }

  list(): { jti: string; subject: string; roles: string; institutionId: string | null; issuedAt: string; expiresAt: string; issuedBy: string; revokedAt: string | null }[] {
    return this.db
      .prepare(
        `SELECT i.jti, i.subject, i.roles, i.institution_id AS institutionId, i.issued_at AS issuedAt, i.expires_at AS expiresAt,
                i.issued_by AS issuedBy, r.revoked_at AS revokedAt
           FROM issued_tokens i LEFT JOIN revoked_tokens r ON r.jti = i.jti ORDER BY i.issued_at`,
      )
      .all() as never;
  }

  close(): void {
    this.db.close();
  }
}
