/** `restore <dir>`: a verified restore of a backup into an empty DATA_DIR (issue 16). */
import * as path from 'node:path';
import { RestoreRefused, assertEmptyDataDir, restoreDataDir } from '@benefit/runtime/backup';
import { CliError, Command, EXIT_FAILED, EXIT_OK, holdDataDir, parseCommandArgs, printer } from '../cli';

export const restoreCommand: Command = {
  name: 'restore',
  synopsis: 'restore <dir> [--master-key <file>]',
  summary: 'restore a backup into an empty DATA_DIR, verified against its manifest',
  help: `usage: npm run cli -- restore <dir> [--master-key <file>] [--json]

Restores the backup in <dir> into DATA_DIR, which must be empty:
  1. checks every file's SHA-256 and the log's event count, head position and digest against
     <dir>/manifest.json, before writing anything;
  2. copies events.db, keys.db, auth.db and resident-id.key (0600, DATA_DIR 0700), and the master
     key file given with --master-key as DATA_DIR/master.key (or set DATA_KEY instead), and checks
     that those master keys open every data key;
  3. rebuilds the read model from the restored log and compares its ledger totals per region and
     month with the manifest's.
Any failure says what differs and leaves DATA_DIR empty. Holds DATA_DIR's lock while it runs.
Then start the api on DATA_DIR: it makes a new token-signing key (issue tokens again) and, without
ADMIN_TOKEN or an identity provider, a new admin token. A relay whose checkpoint is past the
restored head must be set back to it (README "Operations").`,

  async run(args, ctx) {
    const { positionals, values } = parseCommandArgs('restore', args, { 'master-key': { type: 'string' }, json: { type: 'boolean' } });
    if (positionals.length !== 1) throw new CliError('usage: npm run cli -- restore <dir> [--master-key <file>]');
    if (ctx.config.eventStoreUrl) throw new CliError('EVENTSTORE_CONNECTION_STRING is set: this restores the embedded log only (restore KurrentDB with its own tools)');
    const dir = path.resolve(positionals[0]);
    const print = printer(ctx);
    try {
      assertEmptyDataDir(ctx.config.dataDir);
      holdDataDir(ctx.config, 'restore', 'a restore must be the only process on DATA_DIR');
      const report = await restoreDataDir(dir, ctx.config.dataDir, {
        masterKeyFile: values['master-key'] ? path.resolve(values['master-key']) : null,
        dataKey: ctx.config.dataKey ?? null,
        onProgress: (step, done, total) => ctx.err(done === undefined ? `${step}\n` : `${step}: ${done}/${total}\n`),
      });
      const m = report.manifest;
      if (values.json) {
        print(JSON.stringify({ dataDir: ctx.config.dataDir, eventCount: m.eventCount, headPosition: m.headPosition, logSha256: m.logSha256, ledgerMonths: report.ledgerMonths, masterKeys: report.masterKeys }));
        return EXIT_OK;
      }
      print(`restored ${m.eventCount} events (head ${m.headPosition}, backup of ${m.createdAt}) into ${ctx.config.dataDir} in ${(report.millis / 1000).toFixed(1)} s`);
      print(`  log digest and every file checked against the manifest; master keys: ${report.masterKeys}`);
      print(`  read model rebuilt: the ledgers of ${report.ledgerMonths} region-months equal the backup's`);
      return EXIT_OK;
    } catch (err) {
      if (err instanceof RestoreRefused) throw new CliError(err.message, EXIT_FAILED);
      throw err;
    }
  },
};
