/** Issue 10: sums read back from a store are exact numbers or an error, never a rounded figure. */
import { UnsafeIntegerError, exactInteger, exactIntegerOrNull } from './exact-integer';
import { SqliteQueries } from './sqlite/sqlite-queries';
import { SqliteReadModel } from './sqlite/sqlite-read-model';

const MAX = Number.MAX_SAFE_INTEGER;

describe('exactInteger', () => {
  it('takes safe integers as numbers, BigInts and text', () => {
    expect(exactInteger(42, 'x')).toBe(42);
    expect(exactInteger(-42n, 'x')).toBe(-42);
    expect(exactInteger(BigInt(MAX), 'x')).toBe(MAX);
    expect(exactInteger(String(MAX), 'x')).toBe(MAX);
    expect(exactInteger('-17', 'x')).toBe(-17);
    expect(exactIntegerOrNull(null, 'x')).toBeNull();
  });

  it('refuses what a number cannot hold exactly, naming the column', () => {
    expect(() => exactInteger(BigInt(MAX) + 1n, 'ledger sum')).toThrow(UnsafeIntegerError);
    expect(() => exactInteger('9007199254740993', 'ledger sum')).toThrow(/ledger sum = 9007199254740993/);
    expect(() => exactInteger(2 ** 53, 'x')).toThrow(UnsafeIntegerError);
    expect(() => exactInteger('12.5', 'x')).toThrow(UnsafeIntegerError);
    expect(() => exactInteger(0.5, 'x')).toThrow(UnsafeIntegerError);
  });
});

describe('SQLite read model: sums past 2^53 fail loudly', () => {
  let rm: SqliteReadModel;
  let q: SqliteQueries;
  beforeEach(() => {
    rm = new SqliteReadModel(':memory:');
    q = new SqliteQueries(rm);
  });
  afterEach(() => rm.close());

  const half = 2 ** 52; // each row is exact; their sum (2^53) is not a safe integer
  const write = (work: Parameters<SqliteReadModel['transaction']>[0]) => rm.transaction(work, new Map());

  it('a ledger whose rows add up past 2^53 is refused, not answered 1 fen off', async () => {
    await write(async (tx) => {
      await tx.addLedger({ regionCode: 'nanchong', month: '2023-01', payer: 'basic_pooling', institutionId: 'H1', amountFen: half, claims: 1 });
      await tx.addLedger({ regionCode: 'nanchong', month: '2023-01', payer: 'basic_pooling', institutionId: 'H2', amountFen: half + 1, claims: 1 });
      await tx.addLedger({ regionCode: 'nanchong', month: '2023-02', payer: 'basic_pooling', institutionId: 'H1', amountFen: MAX - 1, claims: 1 });
    });
    await expect(q.ledger('nanchong', '2023-01')).rejects.toThrow(UnsafeIntegerError);
    // a sum that is still exact is answered to the fen
    expect((await q.ledger('nanchong', '2023-02')).find((f) => f.payer === 'basic_pooling')).toEqual({ payer: 'basic_pooling', amountFen: MAX - 1, claims: 1 });
  });

  it('a balance and a year’s fund total that grew past 2^53 are refused', async () => {
    // one entry per transaction: the store adds them up (its integers are 64-bit), each read checks the sum
    for (const position of [1, 2]) {
      await write(async (tx) => {
        await tx.addAccountEntry({ personId: 'P-1', position, month: '2023-01', kind: 'opening', amountFen: half, reference: null });
        await tx.addFundYear('nanchong', 2023, 'basic_pooling', half, 1);
      });
    }
    await expect(q.account('P-1')).rejects.toThrow(/balance_fen/);
    await expect(q.fundYear('nanchong', 2023, 'basic_pooling')).rejects.toThrow(/fund_years.amount_fen/);
  });
});
