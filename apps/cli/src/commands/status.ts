/** `status`: the log head and each projection's checkpoint. */
import { ALL_PROJECTIONS } from '@benefit/projections';
import { openReadModel } from '@benefit/runtime';
import { Command, EXIT_OK, openExistingLog, parseCommandArgs, printer } from '../cli';

export const statusCommand: Command = {
  name: 'status',
  synopsis: 'status',
  summary: "the log head and each projection's checkpoint",
  help: `usage: npm run cli -- status

Prints the position of the last event in the log (DATA_DIR/events.db, or KurrentDB with
EVENTSTORE_CONNECTION_STRING) and, for each projection of the read model (DATA_DIR/readmodel.db, or
PostgreSQL with READMODEL_URL), the position it has applied and how far it is behind.
A projection behind the head catches up while the api runs, or with \`npm run cli -- rebuild\`.`,

  async run(args, ctx) {
    parseCommandArgs('status', args, {});
    const store = await openExistingLog(ctx.config);
    const { readModel } = await openReadModel(ctx.config);
    const print = printer(ctx);
    try {
      const head = await store.headPosition();
      print(`log head: ${head}`);
      for (const p of ALL_PROJECTIONS) {
        const checkpoint = await readModel.checkpoint(p.name);
        print(`${p.name.padEnd(12)} ${checkpoint} (${head - checkpoint} behind)`);
      }
      return EXIT_OK;
    } finally {
      await store.close();
      await readModel.close();
    }
  },
};
