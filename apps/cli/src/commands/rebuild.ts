/** `rebuild [projection ...]`: drop projections and replay them from the log. */
import { ALL_PROJECTIONS, Projector } from '@benefit/projections';
import { Progress } from '@benefit/shared';
import { CliError, Command, EXIT_OK, holdDataDir, openExistingLog, openReadModelWriter, parseCommandArgs, printer } from '../cli';

const NAMES = ALL_PROJECTIONS.map((p) => p.name);

export const rebuildCommand: Command = {
  name: 'rebuild',
  synopsis: 'rebuild [projection ...]',
  summary: `drop projections and replay them from the log (${NAMES.join(', ')})`,
  help: `usage: npm run cli -- rebuild [projection ...]

Drops the named projections (all when none is named) and replays them from the start of the log,
with a progress bar on stderr. Projections: ${NAMES.join(', ')}.
Works on the storage the api is configured with: the log in DATA_DIR or EVENTSTORE_CONNECTION_STRING,
the read model in DATA_DIR or READMODEL_URL. The api must not be running on the same DATA_DIR, nor
a projector on the same PostgreSQL read model: a rebuild must be the only writer of the read model.`,

  async run(args, ctx) {
    const { positionals } = parseCommandArgs('rebuild', args, {});
    const unknown = positionals.filter((a) => !NAMES.includes(a));
    if (unknown.length) throw new CliError(`unknown projection ${unknown.join(', ')}: choose from ${NAMES.join(', ')}`);
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
      const projector = new Projector(store, readModel, ALL_PROJECTIONS, { batchSize: 5000, onProgress: (done, total) => progress.update(done, total) });
      const started = Date.now();
      await projector.rebuild(positionals.length ? positionals : undefined);
      progress.done(head, head);
      printer(ctx)(`rebuilt ${positionals.length ? positionals.join(', ') : 'all projections'} from ${head} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return EXIT_OK;
    } finally {
      await store.close();
      await release();
    }
  },
};
