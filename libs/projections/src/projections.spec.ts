/** The projections' given/then cases (testing/projection-cases.ts) on the SQLite read model. */
import { SqliteQueries } from './sqlite/sqlite-queries';
import { SqliteReadModel } from './sqlite/sqlite-read-model';
import { projectionSpec } from './testing/projection-cases';

projectionSpec(describe, 'SQLite', async () => {
  const readModel = new SqliteReadModel(':memory:');
  return { readModel, queries: new SqliteQueries(readModel), close: () => readModel.close() };
});
