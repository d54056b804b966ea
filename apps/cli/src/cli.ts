/**
 * What every operator command shares: exit codes, errors that say what to do next, argument
 * parsing, and opening the storage the api is configured with (libs/runtime: the event log in
 * DATA_DIR or KurrentDB, the read model in DATA_DIR or PostgreSQL).
 *
 * Exit codes: 0 done; 1 the command could not run (the api holds DATA_DIR, an unexpected
 * failure); 2 the request was wrong (usage, an unknown id, no event log where DATA_DIR points).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs, ParseArgsConfig } from 'node:util';
import { EventStore } from '@benefit/event-store';
import { ReadModelStore, ReadQueries, SqliteReadModel } from '@benefit/projections';
import { AppConfig, DataDirInUse, ReadModelWriterExists, holdWriterLock, loadConfig, lockDataDir, openEventStore, openReadModel as openConfiguredReadModel, storageFiles } from '@benefit/runtime';
import { maskResidentIdsIn, ownerOnlyDatabase } from '@benefit/shared';
import { KEY_STORE_FILE, MASTER_KEY_FILE, PiiVault, SqliteKeyStore, envMasterKeys, newMasterKey, openVault } from '@benefit/vault';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** A failure the operator can act on: the message says what was wrong and what to do next. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_USAGE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface Command {
  name: string;
  /** Synopsis after `npm run cli --`, e.g. `audit person <id> [--json]`. */
  synopsis: string;
  /** One line for the usage list. */
  summary: string;
  /** The full help text (`help <command>`). */
  help: string;
  run(args: string[], ctx: CliContext): Promise<number>;
}

export interface CliContext {
  config: AppConfig;
  out: (text: string) => void;
  err: (text: string) => void;
}

export function defaultContext(): CliContext {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  return {
    config,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  };
}

/** Writes lines to stdout with every resident-id-shaped run masked (a last guard; data is masked before). */
export const printer = (ctx: CliContext) => (line = '') => ctx.out(`${maskResidentIdsIn(line)}\n`);

/** node:util parseArgs, with its complaints turned into usage errors naming the command's help. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError(`${(err as Error).message.replace(/\. To specify a positional argument.*$/s, '')}\nsee: npm run cli -- help ${command}`);
  }
}

/** The embedded store's files under DATA_DIR (generate writes there). */
export const logPaths = (dataDir: string) => storageFiles(dataDir);

/**
 * The event log the api is configured with: KurrentDB with EVENTSTORE_CONNECTION_STRING, else
 * DATA_DIR/events.db, which must exist (read commands never create one).
 */
export async function openExistingLog(config: AppConfig): Promise<EventStore> {
  if (!config.eventStoreUrl && !fs.existsSync(storageFiles(config.dataDir).events)) {
    throw new CliError(`no event log in ${config.dataDir} (no events.db): set DATA_DIR to the api's data directory, or create a demo city with \`npm run cli -- generate --persons 100 --claims 1000\``);
  }
  return openEventStore(config);
}

/**
 * The read model the api is configured with (PostgreSQL with READMODEL_URL, else
 * DATA_DIR/readmodel.db), or null where the embedded one was never made: a read command never
 * creates one.
 */
export async function openExistingReadModel(config: AppConfig, log?: EventStore): Promise<{ readModel: ReadModelStore; queries: ReadQueries } | null> {
  if (!config.readModelUrl && !fs.existsSync(storageFiles(config.dataDir).readModel)) return null;
  return openConfiguredReadModel(config, log);
}

/**
 * The read model the api is configured with, for a command that writes it (rebuild): into
 * PostgreSQL only while no projector (nor an api projecting inline) holds its writer lock, which
 * this process then holds until `release`.
 */
export async function openReadModelWriter(config: AppConfig, what: string): Promise<{ readModel: ReadModelStore; release: () => Promise<void> }> {
  let unlock: (() => Promise<void>) | null = null;
  if (config.readModelUrl) {
    try {
      unlock = await holdWriterLock(config.readModelUrl);
    } catch (err) {
      if (!(err instanceof ReadModelWriterExists)) throw err;
      throw new CliError(`another process projects into this read model (READMODEL_URL): stop the projector, or the api projecting inline, first (${what})`, EXIT_FAILED);
    }
  }
  const { readModel } = await openConfiguredReadModel(config);
  return {
    readModel,
    async release() {
      await readModel.close();
      await unlock?.();
    },
  };
}

/** The embedded read model under DATA_DIR, which generate fills beside the log it writes. */
export function openReadModel(config: AppConfig): SqliteReadModel {
  const file = logPaths(config.dataDir).readModel;
  ownerOnlyDatabase(file);
  return new SqliteReadModel(file);
}

/**
 * The vault of DATA_DIR (or DATA_KEY and KEYSTORE_URL), as the api opens it. A command that only
 * reads never creates keys: where none were ever made (a log from before encryption), it gets a
 * vault that holds none, through which values written in clear read as they are.
 */
export async function openCliVault(config: AppConfig, mode: 'read' | 'write'): Promise<PiiVault> {
  const keysMade = config.dataKey || config.keyStoreUrl || fs.existsSync(path.join(config.dataDir, MASTER_KEY_FILE)) || fs.existsSync(path.join(config.dataDir, KEY_STORE_FILE));
  if (mode === 'read' && !keysMade) return new PiiVault(envMasterKeys(newMasterKey().key.toString('hex')), new SqliteKeyStore(':memory:'));
  try {
    return await openVault(config);
  } catch (err) {
    // keys that cannot open what is stored (a lost key file, a DATA_KEY without the old key)
    throw new CliError((err as Error).message, EXIT_FAILED);
  }
}

/**
 * Offline writers (rebuild, generate) must be the only process on DATA_DIR: takes its lock for the
 * rest of this process's life (the kernel gives it back when the CLI ends), or refuses naming the
 * api, projector or other CLI that holds it. Read-only commands never take it: they run beside the api.
 */
export function holdDataDir(config: AppConfig, command: string, what: string): void {
  try {
    lockDataDir(config.dataDir, `cli ${command}`);
  } catch (err) {
    if (!(err instanceof DataDirInUse)) throw err;
    throw new CliError(`${err.message}: stop it first (${what}), or point DATA_DIR at another directory`, EXIT_FAILED);
  }
}

/** Parses a whole positive number option, naming the option when it is not one. */
export function positiveInt(name: string, value: string | undefined, command: string, opts: { min?: number; max?: number } = {}): number {
  const min = opts.min ?? 1;
  const max = opts.max ?? 10_000_000;
  if (value === undefined) throw new CliError(`--${name} is required\nsee: npm run cli -- help ${command}`);
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new CliError(`--${name} must be a whole number from ${min} to ${max.toLocaleString('en')}, got "${value}"`);
  }
  return Number(value);
}
