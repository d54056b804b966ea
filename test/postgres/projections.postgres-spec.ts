/**
 * The projections' given/then cases (libs/projections/src/testing/projection-cases.ts) on the
 * PostgreSQL read model: the same events, the same answers as on SQLite. Each case in a fresh
 * schema, dropped afterwards.
 */
import { projectionSpec } from '@benefit/projections/testing/projection-cases';
import { PostgresQueries, openPostgresReadModel } from '../../libs/projections/src/postgres';
import { TEST_URL, describeWithPostgres, dropSchema, freshSchemaName } from './support';

projectionSpec(describeWithPostgres(), 'PostgreSQL', async () => {
  const schema = freshSchemaName();
  const readModel = await openPostgresReadModel(TEST_URL, { schema, max: 2 });
  return {
    readModel,
    queries: new PostgresQueries(readModel),
    close: async () => {
      await readModel.close();
      await dropSchema(schema);
    },
  };
});
