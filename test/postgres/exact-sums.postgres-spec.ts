/**
 * Issue 10: a sum past 2^53 read from either read model fails loudly (UnsafeIntegerError), never
 * answers a rounded figure; a sum just below it is answered to the fen, alike on both.
 */
import { ReadModelTx, SqliteQueries, SqliteReadModel } from '@benefit/projections';
import { UnsafeIntegerError } from '../../libs/projections/src/exact-integer';
import { PostgresQueries, PostgresReadModel, openPostgresReadModel } from '../../libs/projections/src/postgres';
import { TEST_URL, describeWithPostgres, dropSchema, freshSchemaName } from './support';

const suite = describeWithPostgres();

suite('sums past 2^53 fail loudly on both read models', () => {
  const schema = freshSchemaName();
  let sqlite: SqliteReadModel;
  let pg: PostgresReadModel;
  beforeAll(async () => {
    sqlite = new SqliteReadModel(':memory:');
    pg = await openPostgresReadModel(TEST_URL, { schema });
  });
  afterAll(async () => {
    await pg?.close();
    sqlite?.close();
    await dropSchema(schema);
  });

  const half = 2 ** 52;
  const writes = async (tx: ReadModelTx) => {
    // each row exact; the month's sum per payer is 2^53 + 1: not a safe integer
    await tx.addLedger({ regionCode: 'nanchong', month: '2023-01', payer: 'basic_pooling', institutionId: 'H1', amountFen: half, claims: 1 });
    await tx.addLedger({ regionCode: 'nanchong', month: '2023-01', payer: 'basic_pooling', institutionId: 'H2', amountFen: half + 1, claims: 1 });
    // and one just below it
    await tx.addLedger({ regionCode: 'nanchong', month: '2023-02', payer: 'basic_pooling', institutionId: 'H1', amountFen: half, claims: 1 });
    await tx.addLedger({ regionCode: 'nanchong', month: '2023-02', payer: 'basic_pooling', institutionId: 'H2', amountFen: half - 1, claims: 1 });
  };

  it('the ledger of a month whose sum passes 2^53 is refused by both; one just below is answered alike', async () => {
    await sqlite.transaction(writes, new Map());
    await pg.transaction(writes, new Map());
    for (const q of [new SqliteQueries(sqlite), new PostgresQueries(pg)]) {
      await expect(q.ledger('nanchong', '2023-01')).rejects.toThrow(UnsafeIntegerError);
      expect((await q.ledger('nanchong', '2023-02')).find((f) => f.payer === 'basic_pooling')).toEqual({ payer: 'basic_pooling', amountFen: Number.MAX_SAFE_INTEGER, claims: 2 });
    }
  });
});
