/** `backup <dir>`: an online backup of the embedded log and keys, beside the running api (issue 16). */
import * as path from 'node:path';
import { BackupRefused, backupDataDir } from '@benefit/runtime/backup';
import { CliError, Command, EXIT_OK, parseCommandArgs, printer } from '../cli';

export const backupCommand: Command = {
  name: 'backup',
  synopsis: 'backup <dir> [--json]',
  summary: 'online backup of the event log and keys into a new directory, with a manifest',
  help: `usage: npm run cli -- backup <dir> [--json]

Copies DATA_DIR/events.db (SQLite's online backup API: a consistent snapshot while the api keeps
appending), then keys.db, auth.db and resident-id.key into <dir> (created 0700, files 0600; it must
be new or empty), and writes <dir>/manifest.json last: the event count, the head position, the
SHA-256 of the log's rows in position order, each file's SHA-256, the ledger totals per region and
month of exactly the copied log (replayed into a scratch read model), and the ids of the master
keys a restore will need.
Runs beside the api: it opens every file read-only and takes no lock.
Not copied: master.key (back it up apart from keys.db), token-signing.key and admin-token (a
restored service makes new ones), readmodel.db (the restore rebuilds it).
Restore with \`npm run cli -- restore <dir> --master-key <file>\`.`,

  async run(args, ctx) {
    const { positionals, values } = parseCommandArgs('backup', args, { json: { type: 'boolean' } });
    if (positionals.length !== 1) throw new CliError('usage: npm run cli -- backup <dir> [--json]');
    if (ctx.config.eventStoreUrl) throw new CliError('the log is in KurrentDB (EVENTSTORE_CONNECTION_STRING): back it up with its own tools (README "Operations")');
    const dest = path.resolve(positionals[0]);
    const print = printer(ctx);
    let manifest;
    try {
      manifest = await backupDataDir(ctx.config.dataDir, dest, { onProgress: (step) => ctx.err(`${step}\n`) });
    } catch (err) {
      if (err instanceof BackupRefused) throw new CliError(err.message);
      throw err;
    }
    if (values.json) {
      print(JSON.stringify({ dir: dest, eventCount: manifest.eventCount, headPosition: manifest.headPosition, logSha256: manifest.logSha256, files: Object.keys(manifest.files), masterKeyIds: manifest.masterKeyIds }));
      return EXIT_OK;
    }
    print(`backed up ${manifest.eventCount} events (head ${manifest.headPosition}) into ${dest} in ${(manifest.millis / 1000).toFixed(1)} s`);
    print(`  log SHA-256 ${manifest.logSha256}`);
    print(`  files: ${Object.keys(manifest.files).join(', ')}, manifest.json`);
    if (manifest.masterKeyIds.length) print(`  a restore needs master key ${manifest.masterKeyIds.join(', ')} (not copied: keep the key file apart from this backup)`);
    return EXIT_OK;
  },
};
