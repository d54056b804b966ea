/** Phase `sqlite`: raw SQLite ceilings on the adapter's own table, the bound of everything after it. */
import { Measured } from '../figures';
import { Profiled } from '../measure';
import { measureRawSqlite } from '../raw-sqlite';
import { Sizes } from '../sizes';
import { progress, round } from '../util';

export async function measureSqlitePhase(sizes: Sizes, profiled: Profiled): Promise<Measured> {
  progress('raw SQLite ceilings on a fresh file (WAL, synchronous=NORMAL)');
  const raw = await profiled('sqlite', async () => measureRawSqlite({ batchRows: sizes.rawBatchRows, commitRows: sizes.rawCommitRows }));
  return {
    figures: {
      sqliteInsertBatchPerSec: raw.sqliteInsertBatchPerSec,
      sqliteCommitPerSec: raw.sqliteCommitPerSec,
      sqliteCommitFullPerSec: raw.sqliteCommitFullPerSec,
      sqliteReadParsePerSec: raw.sqliteReadParsePerSec,
    },
    details: {
      raw: {
        rowDataBytes: raw.rowDataBytes,
        rowsPerRound: raw.rows,
        txRows: 5_000,
        rounds: raw.roundsMeasured.map((x) => ({ insertBatch: round(x.sqliteInsertBatchPerSec), commit: round(x.sqliteCommitPerSec), commitFull: round(x.sqliteCommitFullPerSec), readParse: round(x.sqliteReadParsePerSec) })),
      },
    },
  };
}
