/**
 * Health, three ways (issue 16):
 * - `GET /health` keeps its meaning from API.md: 200 once the service can take commands (the
 *   projections were caught up at boot), with the position they have applied. Public.
 * - `GET /health/live`: the process answers (a liveness probe restarts it when this fails). Public.
 * - `GET /health/ready`: it can take commands now: storage open, projections within their lag of
 *   the log head, the relay (where one is deployed) within its lag; the lag figures are in the
 *   body, 503 when a check fails. For the `operator` role (a probe or scraper token that reads no
 *   personal data) and the auditor, as /metrics: lag figures and positions are not for everyone.
 */
import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Allow, Public } from '../access/policy';
import { LagProbe } from './lag.service';

@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly lag: LagProbe,
  ) {}

  /** 200 once the service can take commands (projections caught up at boot). */
  @Public()
  @Get()
  async summary() {
    return { status: 'ok', projectedThrough: (await this.lag.projections()).position };
  }

  @Public()
  @Get('live')
  @HealthCheck({ swaggerDocumentation: false })
  live() {
    return this.health.check([() => this.indicator.check('process').up({ pid: process.pid, uptimeSeconds: Math.round(process.uptime()) })]);
  }

  @Allow('operator', 'auditor')
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    let head = 0;
    try {
      return await this.health.check([
        async () => {
          const session = this.indicator.check('storage');
          try {
            head = await this.lag.head();
            return session.up({ head });
          } catch (err) {
            return session.down({ message: (err as Error).message });
          }
        },
        async () => {
          const session = this.indicator.check('projections');
          const limits = this.lag.settings.projections;
          const p = await this.lag.projections(head || undefined);
          const figures = { ...p, maxLagEvents: limits.maxLagEvents, maxLagSeconds: limits.maxLagSeconds };
          return p.lagEvents <= limits.maxLagEvents && p.lagSeconds <= limits.maxLagSeconds ? session.up(figures) : session.down(figures);
        },
        async () => {
          const session = this.indicator.check('relay');
          const relay = await this.lag.relay(head || undefined);
          if (!relay) return session.up({ deployed: false });
          const limits = this.lag.settings.relay!;
          const figures = { ...relay, maxLagEvents: limits.maxLagEvents, maxLagSeconds: limits.maxLagSeconds };
          return relay.lagEvents <= limits.maxLagEvents && relay.lagSeconds <= limits.maxLagSeconds ? session.up(figures) : session.down(figures);
        },
      ]);
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      // the terminus body (status, info, error, details) as it is, with 503: probes read the status,
      // operators the figures; not a problem+json, since nothing about the request was wrong
      reply.status(503);
      return err.getResponse() as HealthCheckResult;
    }
  }
}
