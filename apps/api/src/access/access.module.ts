/**
 * Access control wired into the app: the token verifier, the global guard, and the admin token
 * made at first start when nothing else is configured (API.md Access).
 */
import { Global, Inject, Injectable, Module, OnModuleDestroy } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppConfig } from '@benefit/runtime';
import { APP_CONFIG } from '../infrastructure/tokens';
import { AccessGuard, TOKEN_VERIFIER } from './access.guard';
import { signingKey, TokenRegistry } from '@benefit/runtime';
import { TokenVerifier } from './token-verifier';

export const ADMIN_TOKEN_SOURCE = Symbol('ADMIN_TOKEN_SOURCE');

export interface AdminTokenSource {
  token: string | null;
  /** DATA_DIR/admin-token when that is where the token is kept. */
  file: string | null;
  /** True when this start wrote the file. */
  created: boolean;
  /** A leftover admin-token file that is not honoured because an identity provider is configured. */
  ignoredFile: string | null;
}

export const ADMIN_TOKEN_FILE = 'admin-token';

/**
 * ADMIN_TOKEN when set; otherwise, with no identity provider either, the token in
 * DATA_DIR/admin-token, written (0600) at first start so a newcomer can call the API at once.
 */
export function resolveAdminToken(config: AppConfig): AdminTokenSource {
  const file = path.join(config.dataDir, ADMIN_TOKEN_FILE);
  if (config.adminToken) return { token: config.adminToken, file: null, created: false, ignoredFile: null };
  // with an identity provider, a token left in a file would be a way round it
  if (config.oidc) return { token: null, file: null, created: false, ignoredFile: fs.existsSync(file) ? file : null };
  let created = false;
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    try {
      fs.writeFileSync(file, `bl_admin_${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
      created = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const token = fs.readFileSync(file, 'utf8').trim();
  if (token.length < 24) throw new Error(`${file} holds no usable admin token: delete it and start again to make a new one`);
  return { token, file, created, ignoredFile: null };
}

@Injectable()
class Registry extends TokenRegistry implements OnModuleDestroy {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(config.dataDir);
  }

  onModuleDestroy(): void {
    this.close();
  }
}

@Global()
@Module({
  providers: [
    Registry,
    { provide: ADMIN_TOKEN_SOURCE, inject: [APP_CONFIG], useFactory: resolveAdminToken },
    {
      provide: TOKEN_VERIFIER,
      inject: [APP_CONFIG, ADMIN_TOKEN_SOURCE, Registry],
      useFactory: (config: AppConfig, admin: AdminTokenSource, registry: Registry) =>
        new TokenVerifier({ adminToken: admin.token, issued: { key: signingKey(config.dataDir), registry }, oidc: config.oidc ?? null, clockSkewSeconds: config.authClockSkewSeconds ?? 30 }),
    },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [TOKEN_VERIFIER, ADMIN_TOKEN_SOURCE],
})
export class AccessModule {}
