import { Global, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Logger } from 'pino';
import { CommandRunner } from '@benefit/domain';
import { Projector } from '@benefit/projections';
import { AppConfig } from '../config';
import { DecisionsService } from './decisions.service';
import { ParametersService } from './parameters.service';
import { Storage, openStorage } from './storage';
import { APP_CONFIG, EVENT_STORE, LOGGER, READ_QUERIES, RESIDENT_ID_KEY } from './tokens';
import { residentIdKey } from './resident-id-key';

export const STORAGE = Symbol('STORAGE');

@Global()
@Module({
  providers: [
    { provide: STORAGE, inject: [APP_CONFIG, LOGGER], useFactory: (c: AppConfig, l: Logger) => openStorage(c, l) },
    { provide: EVENT_STORE, inject: [STORAGE], useFactory: (s: Storage) => s.store },
    { provide: READ_QUERIES, inject: [STORAGE], useFactory: (s: Storage) => s.queries },
    { provide: Projector, inject: [STORAGE], useFactory: (s: Storage) => s.projector },
    { provide: CommandRunner, inject: [EVENT_STORE], useFactory: (store) => new CommandRunner(store) },
    { provide: DecisionsService, inject: [EVENT_STORE, CommandRunner, Projector], useFactory: (s, r, p) => new DecisionsService(s, r, p) },
    ParametersService,
    { provide: RESIDENT_ID_KEY, inject: [APP_CONFIG, STORAGE], useFactory: (c: AppConfig) => residentIdKey(c.dataDir, c.residentIdKey ?? null) },
  ],
  exports: [RESIDENT_ID_KEY, STORAGE, EVENT_STORE, READ_QUERIES, Projector, CommandRunner, DecisionsService, ParametersService],
})
export class StorageModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(STORAGE) private readonly storage: Storage,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Projections are current before the first request is taken (GET /health answers then). */
  async onModuleInit(): Promise<void> {
    const started = Date.now();
    const head = await this.storage.store.headPosition();
    const from = this.storage.projector.position();
    if (head > from) this.logger.info({ from, head }, 'catching projections up with the event log');
    await this.storage.projector.catchUp();
    if (head > from) this.logger.info({ events: head - from, ms: Date.now() - started }, 'projections are current');
    this.storage.projector.start(500, (err) => this.logger.error({ err }, 'projection failed; fix the cause, then restart or run `npm run cli -- rebuild`'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.storage.close();
    this.logger.info('storage closed');
  }
}
