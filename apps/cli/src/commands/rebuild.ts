/** `rebuild [projection ...] [--workers N]`: drop projections and replay them from the log. */
import { SqliteEventStore, adapterOf } from '@benefit/event-store';
import { ALL_PROJECTIONS, Projector, SqliteReadModel, defaultReplayWorkers, rebuildInParallel } from '@benefit/projections';
import { Progress } from '@benefit/shared';
import { CliError, Command, EXIT_OK, holdDataDir, openExistingLog, openReadModelWriter, parseCommandArgs, positiveInt, printer } from '../cli';

const NAMES = ALL_PROJECTIONS.map((p) => p.name);

export const rebuildCommand: Command = {
  name: 'rebuild',
  synopsis: 'rebuild [projection ...] [--workers N]',
  summary: `drop projections and replay them from the log (${NAMES.join(', ')})`,
  help: `usage: npm run cli -- rebuild [projection ...] [--workers N]

Drops the named projections (all when none is named) and replays them from the start of the log,
with a progress bar on stderr. Projections: ${NAMES.join(', ')}.
With the embedded storage (the log and the read model in DATA_DIR) the projections are split over
N worker threads that read the log themselves, and this process's main thread writes what they
gather (default N: every core but the writer's, ${defaultReplayWorkers()} here): --workers 1
still reads and projects on a thread of its own. Elsewhere (KurrentDB, PostgreSQL) they are
replayed one batch at a time.
Works on the storage the api is configured with: the log in DATA_DIR or EVENTSTORE_CONNECTION_STRING,
the read model in DATA_DIR or READMODEL_URL. The api must not be running on the same DATA_DIR, nor
a projector on the same PostgreSQL read model: a rebuild must be the only writer of the read model.`,

  async run(args, ctx) {
    const { positionals, values } = parseCommandArgs('rebuild', args, { workers: { type: 'string' } });
    const unknown = positionals.filter((a) => !NAMES.includes(a));
    if (unknown.length) throw new CliError(`unknown projection ${unknown.join(', ')}: choose from ${NAMES.join(', ')}`);
    const workers = values.workers === undefined ? defaultReplayWorkers() : positiveInt('workers', values.workers, 'rebuild', { max: 64 });
    const only = 'a rebuild must be the only writer of the read model';
    holdDataDir(ctx.config, 'rebuild', only);
    const store = await openExistingLog(ctx.config);
    const { readModel, release } = await openReadModelWriter(ctx.config, only).catch(async (err) => {
      await store.close();
      throw err;
    });
    try {
      const head = await store.headPosition();
      const progress = new Progress('rebuild', 'events');
      const onProgress = (done: number, total: number) => progress.update(done, total);
      const names = positionals.length ? positionals : undefined;
      const log = adapterOf(store);
      const started = Date.now();
      let how: string;
      if (log instanceof SqliteEventStore && readModel instanceof SqliteReadModel) {
        // the upcasting store is the CLI's reader; the workers upcast the same way (ReplayOptions.upcast)
        const result = await rebuildInParallel(log.db.name, readModel, ALL_PROJECTIONS, head, names, { workers, batchSize: 5000, onProgress });
        how = `over ${result.groups.length} worker thread${result.groups.length === 1 ? '' : 's'}`;
      } else {
        const projector = new Projector(store, readModel, ALL_PROJECTIONS, { batchSize: 5000, onProgress });
        await projector.rebuild(names);
        how = 'one batch at a time';
      }
      progress.done(head, head);
      printer(ctx)(`rebuilt ${names ? names.join(', ') : 'all projections'} from ${head} events in ${((Date.now() - started) / 1000).toFixed(1)} s, ${how}`);
      return EXIT_OK;
    } finally {
      await store.close();
      await release();
    }
  },
};
