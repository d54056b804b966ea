/**
 * Operator commands on the embedded store: `npm run cli -- <command>` (DATA_DIR as for the api).
 *   status                     the log head and each projection's checkpoint
 *   rebuild [projection ...]   drop projections and replay them from the log (all when none named)
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SqliteEventStore } from '@benefit/event-store';
import { ALL_PROJECTIONS, Projector, SqliteReadModel } from '@benefit/projections';
import { Progress } from '@benefit/shared';
import { loadConfig } from '../../api/src/config';
import { runningApiPid } from '../../api/src/infrastructure/pid-file';

const USAGE = `usage: npm run cli -- <command>
  status                     the log head and each projection's checkpoint
  rebuild [projection ...]   drop projections and replay them from the log (${ALL_PROJECTIONS.map((p) => p.name).join(', ')})`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  if (!fs.existsSync(path.join(config.dataDir, 'events.db'))) {
    process.stderr.write(`no event log in ${config.dataDir}: set DATA_DIR to the api's data directory\n`);
    return 2;
  }
  const store = new SqliteEventStore({ filename: path.join(config.dataDir, 'events.db'), synchronous: config.sqliteSynchronous });
  const readModel = new SqliteReadModel(path.join(config.dataDir, 'readmodel.db'));
  try {
    const head = await store.headPosition();
    switch (command) {
      case 'status': {
        process.stdout.write(`log head: ${head}\n`);
        for (const p of ALL_PROJECTIONS) process.stdout.write(`${p.name.padEnd(12)} ${readModel.checkpoint(p.name)} (${head - readModel.checkpoint(p.name)} behind)\n`);
        return 0;
      }
      case 'rebuild': {
        const unknown = args.filter((a) => !ALL_PROJECTIONS.some((p) => p.name === a));
        if (unknown.length) {
          process.stderr.write(`unknown projection ${unknown.join(', ')}\n${USAGE}\n`);
          return 2;
        }
        const pid = runningApiPid(config.dataDir);
        if (pid !== null) {
          process.stderr.write(`the api (pid ${pid}) is running on ${config.dataDir}: stop it first, a rebuild must be the only writer of the read model\n`);
          return 1;
        }
        const progress = new Progress('rebuild', 'events');
        const projector = new Projector(store, readModel, ALL_PROJECTIONS, { batchSize: 5000, onProgress: (done, total) => progress.update(done, total) });
        const started = Date.now();
        await projector.rebuild(args.length ? args : undefined);
        progress.done(head, head);
        process.stdout.write(`rebuilt ${args.length ? args.join(', ') : 'all projections'} from ${head} events in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
        return 0;
      }
      default:
        process.stderr.write(`unknown command ${command}\n${USAGE}\n`);
        return 2;
    }
  } finally {
    await store.close();
    readModel.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
