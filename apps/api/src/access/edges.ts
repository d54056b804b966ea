/**
 * What a deployment expects in front of the routes (issue 9 point 7): a request budget per token,
 * security headers, CORS only where origins are named, and the OpenAPI page behind a token when
 * DOCS_PUBLIC=false.
 */
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { ProblemError, problemOf, sendProblem } from '../common/problem.filter';
import { headerOf, pathOf } from '../common/request-meta';
import { AppConfig } from '@benefit/runtime';
import { TOKEN_VERIFIER } from './access.guard';
import { TokenVerifier } from './token-verifier';

const TYPE_BASE = 'https://benefit-ledger.dev/problems/';

/**
 * One budget per verified token (keyed by a digest: the key never holds the token); a request
 * without a token, or with one not yet verified, counts on its sender's address.
 */
export function rateLimitKey(verifier: TokenVerifier, req: FastifyRequest): string {
  const authorization = headerOf(req, 'authorization');
  return authorization && verifier.recognises(authorization) ? `token:${createHash('sha256').update(authorization).digest('base64url').slice(0, 22)}` : `ip:${req.ip}`;
}

export async function useEdges(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const verifier = app.get<TokenVerifier>(TOKEN_VERIFIER);
  // helmet's defaults (CSP self-only, no sniffing, no framing, HSTS); the OpenAPI page loads its own
  // scripts from here. Not upgrade-insecure-requests: where no TLS proxy is in front yet (a private
  // network, localhost), it would send the page's own scripts to an https port nobody serves.
  await app.register(helmet as never, { global: true, contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
  if (config.corsOrigins?.length) {
    await app.register(cors as never, { origin: config.corsOrigins, methods: ['GET', 'POST', 'PUT'], allowedHeaders: ['Authorization', 'Content-Type', 'X-Correlation-Id', 'X-Access-Reason'], maxAge: 600 });
  }
  const perMinute = config.rateLimitPerMinute ?? 3000;
  if (perMinute > 0) {
    await app.register(rateLimit as never, {
      global: true,
      max: perMinute,
      timeWindow: 60_000,
      keyGenerator: (req: FastifyRequest) => rateLimitKey(verifier, req),
      // load balancers probe health far more often than any client calls
      allowList: (req: FastifyRequest) => pathOf(req) === '/health' || pathOf(req) === '/health/live',
      // Nest's error handler hands what a Fastify hook throws to the ProblemFilter
      errorResponseBuilder: (_req: FastifyRequest, ctx: { after: string; max: number }) =>
        new ProblemError({ type: TYPE_BASE + 'rate-limited', title: 'Too many requests', status: 429, detail: `more than ${ctx.max} requests a minute with this token: slow down and retry after ${ctx.after}` }),
    });
  }
  if (config.docsPublic === false) {
    fastify.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      const p = pathOf(req).toLowerCase();
      if (p !== '/docs' && !p.startsWith('/docs/')) return;
      try {
        await verifier.verify(headerOf(req, 'authorization'));
      } catch (err) {
        reply.header('WWW-Authenticate', 'Bearer');
        sendProblem(reply, problemOf(err));
        return reply;
      }
    });
  }
}
