import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { Logger } from 'pino';
import { AccessModule } from './access/access.module';
import { AccountsModule } from './accounts/accounts.module';
import { ClaimsModule } from './claims/claims.module';
import { ProblemFilter } from './common/problem.filter';
import { AppConfig } from '@benefit/runtime';
import { EnrollmentModule } from './enrollment/enrollment.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { BackupModule } from './backup/backup.module';
import { StorageModule } from './infrastructure/storage.module';
import { APP_CONFIG, LOGGER } from './infrastructure/tokens';
import { LedgerModule } from './ledger/ledger.module';
import { PolicyModule } from './policy/policy.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import { ReconciliationModule } from './reconciliation/reconciliation.module';
import { SettlementModule } from './settlement/settlement.module';
import { ReadjudicationModule } from './readjudication/readjudication.module';
import { AccessLogModule } from './access-log/access-log.module';
import { HispModule } from './hisp/hisp.module';
import { ConsoleModule } from './console/console.module';

@Global()
@Module({})
class ConfigModule {
  static with(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
      ],
      exports: [APP_CONFIG, LOGGER],
    };
  }
}

@Module({})
export class AppModule {
  static with(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.with(config, logger),
        CqrsModule.forRoot(),
        AccessModule,
        StorageModule,
        EnrollmentModule,
        ClaimsModule,
        SettlementModule,
        AccountsModule,
        PolicyModule,
        CatalogueModule,
        ReconciliationModule,
        LedgerModule,
        ReadjudicationModule,
        AccessLogModule,
        HispModule,
        ConsoleModule,
        HealthModule,
        MetricsModule,
        BackupModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }
}
