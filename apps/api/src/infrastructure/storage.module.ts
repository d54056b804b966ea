import { Global, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Logger } from 'pino';
import { CommandRunner } from '@benefit/domain';
import { AppConfig, Storage, openPiiVault, openStorage, residentIdKey } from '@benefit/runtime';
import { PiiVault } from '@benefit/vault';
import { DecisionsService } from './decisions.service';
import { ParametersService } from './parameters.service';
import { CatalogueService } from './catalogue.service';
import { APP_CONFIG, EVENT_STORE, LOGGER, PII_VAULT, PROJECTIONS, READ_QUERIES, RESIDENT_ID_KEY } from './tokens';

export const STORAGE = Symbol('STORAGE');

@Global()
@Module({
  providers: [
    { provide: STORAGE, inject: [APP_CONFIG, LOGGER], useFactory: (c: AppConfig, l: Logger) => openStorage(c, l) },
    { provide: EVENT_STORE, inject: [STORAGE], useFactory: (s: Storage) => s.store },
    { provide: READ_QUERIES, inject: [STORAGE], useFactory: (s: Storage) => s.queries },
    { provide: PROJECTIONS, inject: [STORAGE], useFactory: (s: Storage) => s.projections },
    { provide: CommandRunner, inject: [STORAGE], useFactory: (s: Storage) => new CommandRunner(s.store, { snapshotting: s.snapshotting }) },
    { provide: DecisionsService, inject: [EVENT_STORE, CommandRunner, PROJECTIONS], useFactory: (s, r, p) => new DecisionsService(s, r, p) },
    ParametersService,
    CatalogueService,
    { provide: RESIDENT_ID_KEY, inject: [APP_CONFIG, STORAGE], useFactory: (c: AppConfig) => residentIdKey(c.dataDir, c.residentIdKey ?? null) },
    { provide: PII_VAULT, inject: [APP_CONFIG, LOGGER, STORAGE], useFactory: (c: AppConfig, l: Logger) => openPiiVault(c, l) },
  ],
  exports: [RESIDENT_ID_KEY, PII_VAULT, STORAGE, EVENT_STORE, READ_QUERIES, PROJECTIONS, CommandRunner, DecisionsService, ParametersService, CatalogueService],
})
export class StorageModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(STORAGE) private readonly storage: Storage,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(PII_VAULT) private readonly vault: PiiVault,
  ) {}

  /** Projections are current before the first request is taken (GET /health answers then). */
  async onModuleInit(): Promise<void> {
    const projector = this.storage.projector;
    if (!projector) return this.logger.info('projections run in a projector process (PROJECTIONS=external)');
    const started = Date.now();
    await projector.load();
    const head = await this.storage.store.headPosition();
    const from = projector.position();
    if (head > from) this.logger.info({ from, head }, 'catching projections up with the event log');
    await projector.catchUp();
    if (head > from) this.logger.info({ events: head - from, ms: Date.now() - started }, 'projections are current');
    projector.start(500, (err) => this.logger.error({ err }, 'projection failed; fix the cause, then restart or run `npm run cli -- rebuild`'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.storage.close();
    await this.vault.close();
    this.logger.info('storage closed');
  }
}
