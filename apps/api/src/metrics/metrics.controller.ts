/**
 * GET /metrics in Prometheus' text format (issue 16). Protected like the rest of the API: an
 * `operator` token (what a scraper holds: operational figures, no personal data), an auditor or
 * the admin. Prometheus sends it as `authorization: { credentials_file: … }` in its scrape config.
 */
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow } from '../access/policy';
import { METRICS } from './metrics.module-tokens';
import { Metrics } from './metrics';

@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS) private readonly metrics: Metrics) {}

  @Allow('operator', 'auditor')
  @Get()
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    reply.header('content-type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
