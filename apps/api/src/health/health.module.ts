/** GET /health, /health/live and /health/ready (issue 16), through @nestjs/terminus. */
import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AppConfig } from '@benefit/runtime';
import { APP_CONFIG } from '../infrastructure/tokens';
import { HealthController } from './health.controller';
import { HEALTH_SETTINGS, healthSettings } from './health-settings';
import { LagProbe } from './lag.service';

@Module({
  // terminus logs every failed check itself; readiness failing is an answer here, not an error
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [{ provide: HEALTH_SETTINGS, inject: [APP_CONFIG], useFactory: (c: AppConfig) => healthSettings(process.env, c.dataDir) }, LagProbe],
  exports: [LagProbe],
})
export class HealthModule {}
