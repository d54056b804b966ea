/**
 * What every operator command shares: exit codes, errors that say what to do next, argument
 * parsing, and opening the embedded store under DATA_DIR.
 *
 * Exit codes: 0 done; 1 the command could not run (the api holds DATA_DIR, an unexpected
 * failure); 2 the request was wrong (usage, an unknown id, no event log where DATA_DIR points).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs, ParseArgsConfig } from 'node:util';
import { SqliteEventStore } from '@benefit/event-store';
import { SqliteReadModel } from '@benefit/projections';
import { maskResidentIdsIn, ownerOnlyDatabase } from '@benefit/shared';
import { KEY_STORE_FILE, MASTER_KEY_FILE, PiiVault, SqliteKeyStore, envMasterKeys, newMasterKey, openVault } from '@benefit/vault';
import { AppConfig, loadConfig } from '../../api/src/config';
import { DataDirInUse, lockDataDir } from '../../api/src/infrastructure/data-dir-lock';

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

export function logPaths(dataDir: string) {
  return { events: path.join(dataDir, 'events.db'), readModel: path.join(dataDir, 'readmodel.db') };
}

/** The event log of DATA_DIR, which must exist (read commands never create one). */
export function openExistingLog(config: AppConfig): SqliteEventStore {
  const { events } = logPaths(config.dataDir);
  if (!fs.existsSync(events)) {
    throw new CliError(`no event log in ${config.dataDir} (no events.db): set DATA_DIR to the api's data directory, or create a demo city with \`npm run cli -- generate --persons 100 --claims 1000\``);
  }
  ownerOnlyDatabase(events);
  return new SqliteEventStore({ filename: events, synchronous: config.sqliteSynchronous });
}

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
