/** The real application (AppModule through createApp) on a temp DATA_DIR, listening on 127.0.0.1. */
import { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AddressInfo } from 'node:net';
import * as path from 'node:path';
import pino from 'pino';
import { CommandMeta, CommandRunner } from '@benefit/domain';
import { SqliteEventStore } from '@benefit/event-store';
import { AppConfig, Storage, TokenRegistry, createLogger, signingKey } from '@benefit/runtime';
import { EVENT_STORE, EnrollmentResult, RegisterPatientCommand, STORAGE, SubmitClaimCommand, SubmitClaimResult, createApp } from '../../apps/api/src';
import { ClaimBody, registration } from './fixtures';

export interface BenchApp {
  app: INestApplication;
  bus: CommandBus;
  runner: CommandRunner;
  store: SqliteEventStore;
  storage: Storage;
  port: number;
  eventsFile: string;
  /** An issued clerk token for HTTP load (verified by the same guard as every client's). */
  token: string;
  submit(body: ClaimBody, correlationId: string): Promise<SubmitClaimResult>;
  register(personId: string, i: number): Promise<EnrollmentResult>;
  close(): Promise<void>;
}

/**
 * `sqliteSynchronous`: the service's default (FULL) unless a figure is about the other setting;
 * `projectInAppend`: the default (projections in the appending transaction) unless a figure is
 * about the catch-up after the commit.
 */
export async function startApp(dataDir: string, sqliteSynchronous: AppConfig['sqliteSynchronous'] = 'FULL', projectInAppend = true): Promise<BenchApp> {
  // the rate limit runs (its cost is measured) with a budget no bench run reaches
  const config: AppConfig = { port: 0, dataDir, logLevel: 'warn', sqliteSynchronous, projectInAppend, adminToken: null, rateLimitPerMinute: 100_000_000 };
  // warn level, and to stderr: with --json stdout carries the report only
  const logger = createLogger('warn', pino.destination({ fd: 2, sync: true }));
  const app = await createApp(config, logger);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const bus = app.get(CommandBus);
  const runner = app.get(CommandRunner);
  const store = app.get<SqliteEventStore>(EVENT_STORE);
  const storage = app.get<Storage>(STORAGE);
  const meta = (correlationId: string): CommandMeta => ({ actor: 'bench', correlationId, causationId: null });
  const registry = new TokenRegistry(dataDir);
  const { token } = await registry.issue(signingKey(dataDir), { roles: ['clerk'], subject: 'bench', institutionId: null, expiresInSeconds: 24 * 3600, issuedBy: 'bench' });
  registry.close();
  return {
    app,
    bus,
    runner,
    store,
    storage,
    port,
    eventsFile: path.join(dataDir, 'events.db'),
    token,
    submit: (body, correlationId) => bus.execute<SubmitClaimCommand, SubmitClaimResult>(new SubmitClaimCommand(body, meta(correlationId))),
    register: (personId, i) => bus.execute<RegisterPatientCommand, EnrollmentResult>(new RegisterPatientCommand(registration(personId, i), meta(`reg-${personId}`))),
    close: () => app.close(),
  };
}
