/** /metrics and what feeds it (issue 16): see instrumentation.ts for where each figure comes from. */
import { Global, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyInstance } from 'fastify';
import { HealthModule } from '../health/health.module';
import { LagProbe } from '../health/lag.service';
import { instrumentCommandBus, instrumentHttp, observeGroupCommits } from './instrumentation';
import { MetricsController } from './metrics.controller';
import { METRICS } from './metrics.module-tokens';
import { Metrics, createMetrics } from './metrics';

@Global()
@Module({
  imports: [HealthModule],
  controllers: [MetricsController],
  providers: [{ provide: METRICS, inject: [LagProbe], useFactory: (lag: LagProbe) => createMetrics(lag) }],
  exports: [METRICS],
})
export class MetricsModule implements OnModuleInit, OnApplicationShutdown {
  private stopObserving: (() => void) | null = null;

  constructor(
    @Inject(METRICS) private readonly metrics: Metrics,
    private readonly bus: CommandBus,
    private readonly http: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    instrumentCommandBus(this.bus, this.metrics);
    instrumentHttp(this.http.httpAdapter.getInstance<FastifyInstance>(), this.metrics);
    this.stopObserving = observeGroupCommits(this.metrics);
  }

  onApplicationShutdown(): void {
    this.stopObserving?.();
  }
}
