/**
 * `month-end <region> <month>`: where SettleMonth of that month stands (issue 13.4) — persons
 * recorded of the region's, in how many chunks, the rate between the first and the last chunk,
 * and whether the month is closed. Read from the log only (the job stream and the region's
 * settlements), so it answers while the api is recording, and after a crash.
 */
import { settlementFold, settlementStream } from '@benefit/domain';
import { REGIONS } from '@benefit/policy';
import { RegionCode, isValidMonth } from '@benefit/shared';
import { MonthEndStatus, monthEndStatus } from '@benefit/workflows';
import { CliError, Command, EXIT_OK, openExistingLog, parseCommandArgs, printer } from '../cli';

const USAGE = 'usage: npm run cli -- month-end <region> <month YYYY-MM> [--json]';

const n = (v: number) => v.toLocaleString('en-US');

/** One line an operator reads; it says what to do next when the job is stopped half-way. */
export function progressLine(regionCode: string, month: string, s: MonthEndStatus): string {
  if (s.state === 'not-started') return `${regionCode} ${month}: not started (POST /v1/settlements settles it)`;
  if (s.chunks === 0) return `${regionCode} ${month}: settled, without chunk records (settled person by person, before month-end jobs or by \`generate\`)`;
  const of = s.persons === null ? '' : ` of ${n(s.persons)} (${((100 * s.personsDone) / Math.max(1, s.persons)).toFixed(1)}%)`;
  const rate = s.perSec === null ? '' : `, ${n(s.perSec)} persons/s`;
  const head = `${regionCode} ${month}: ${n(s.personsDone)} persons recorded${of} in ${n(s.chunks)} chunks${rate}, last chunk ${s.lastChunkAt}`;
  return s.state === 'settled'
    ? `${head}; settled`
    : `${head}; not settled yet — if no api is settling it now, POST /v1/settlements again: it continues after the last chunk`;
}

export const monthEndCommand: Command = {
  name: 'month-end',
  synopsis: 'month-end <region> <month> [--json]',
  summary: "SettleMonth's progress: persons recorded, chunks, rate, settled or not",
  help: `${USAGE}

SettleMonth records the persons of a region in chunks, each chunk in one append with the job's
record (settlement-job-<region>-<month>). This prints how far that job has come: persons recorded
of the region's, chunks, persons per second between the first and the last chunk, and whether the
month is settled. A month left half-way (the process stopped) continues after its last chunk when
SettleMonth is asked again; nobody is credited twice. Reads the log only (DATA_DIR/events.db, or
KurrentDB with EVENTSTORE_CONNECTION_STRING).`,

  async run(args, ctx) {
    const { positionals, values } = parseCommandArgs('month-end', args, { json: { type: 'boolean' } });
    const [regionCode, month] = positionals;
    if (!regionCode || !month || positionals.length > 2) throw new CliError(USAGE);
    if (!(REGIONS as readonly string[]).includes(regionCode)) throw new CliError(`region must be one of ${REGIONS.join(', ')}, got ${regionCode}\n${USAGE}`);
    if (!isValidMonth(month)) throw new CliError(`month must be YYYY-MM, got ${month}\n${USAGE}`);
    const store = await openExistingLog(ctx.config);
    try {
      let settled = settlementFold.initialState();
      for (const e of await store.readStream(settlementStream(regionCode as RegionCode))) settled = settlementFold.evolve(settled, { type: 'MonthSettled', data: e.data as never });
      const status = await monthEndStatus(store, regionCode as RegionCode, month, settled.settled.has(month));
      printer(ctx)(values.json ? JSON.stringify({ regionCode, month, ...status }) : progressLine(regionCode, month, status));
      return EXIT_OK;
    } finally {
      await store.close();
    }
  },
};
