/** `rebuild [projection ...]`: drop projections and replay them from the log. */
import { ALL_PROJECTIONS, Projector } from '@benefit/projections';
import { Progress } from '@benefit/shared';
import { CliError, Command, EXIT_OK, holdDataDir, openExistingLog, openReadModel, parseCommandArgs, printer } from '../cli';

const NAMES = ALL_PROJECTIONS.map((p) => p.name);

export const rebuildCommand: Command = {
  name: 'rebuild',
  synopsis: 'rebuild [projection ...]',
  summary: `drop projections and replay them from the log (${NAMES.join(', ')})`,
  help: `usage: npm run cli -- rebuild [projection ...]

Drops the named projections (all when none is named) and replays them from the start of the log,
with a progress bar on stderr. Projections: ${NAMES.join(', ')}.
The api must not be running on the same DATA_DIR: a rebuild must be the only writer of the read model.`,

  async run(args, ctx) {
    const { positionals } = parseCommandArgs('rebuild', args, {});
    const unknown = positionals.filter((a) => !NAMES.includes(a));
    if (unknown.length) throw new CliError(`unknown projection ${unknown.join(', ')}: choose from ${NAMES.join(', ')}`);
    holdDataDir(ctx.config, 'rebuild', 'a rebuild must be the only writer of the read model');
    const store = openExistingLog(ctx.config);
    const readModel = openReadModel(ctx.config);
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
      readModel.close();
    }
  },
};
