/**
 * SettleMonth (API.md POST /v1/settlements): records what the month owes each person of the
 * region — the personal-account credit (南府办发〔2022〕33号 art. 13, 按月计入), the guardian's
 * reward (山亭 四) and the yearly poverty-insurance premium (靖政办发〔2018〕107号 十) — then closes
 * the month. Claims recorded after the close fall into the next open month. Everything is
 * decided before anything is written, so a refusal records nothing.
 *
 * A job (issue 13.4, settle-month-job.ts): persons in chunks, one append per chunk with the job's
 * record; a SettleMonth started again after a crash continues after the last recorded chunk, and
 * records nothing twice (each person's month-end is once per month, or year).
 */
import { CommandMeta, MonthSettled, RegionSettlementState, SettleMonth, settlementDecider, settlementStream } from '@benefit/domain';
import { SettlementDoc } from '@benefit/projections';
import { Month, RegionCode, monthOf, refused, todayInChina } from '@benefit/shared';
import { Ports, madeVisible, viewsCaughtUp } from './ports';
import { JobLog, JobStart, MonthEnd, decideChunk, jobStart, recordChunk } from './settle-month-job';
import { MonthTotals, noTotals } from './settle-month-totals';

export { MonthTotals, addPersonMonth, noTotals } from './settle-month-totals';
export { MonthEndStatus, monthEndStatus } from './settle-month-job';

/** Persons per chunk: one append of up to this many month-ends (a few hundred KB) with the job's record. */
export const MONTH_END_CHUNK = 1_000;
const PROGRESS_EVERY = 10_000;

/** Where the job is, after each chunk. */
export interface MonthEndProgress {
  chunk: number;
  personsDone: number;
  persons: number;
  perSec: number;
}

export interface SettleMonthOptions {
  chunkSize?: number;
  /** Told after each recorded chunk (a CLI or the bench shows it; a spec stops the job here as a crash would). */
  onChunk?: (progress: MonthEndProgress) => void;
}

export type SettleMonthPorts = Pick<Ports, 'commands' | 'views' | 'queries' | 'parameters' | 'clock' | 'logger'> & { log: JobLog };

/** The close of the month, with its totals. */
const settleCommand = (regionCode: RegionCode, month: Month, totals: MonthTotals, settledOn: string): SettleMonth => ({
  type: 'SettleMonth',
  data: { regionCode, month, ...totals, settledOn } satisfies MonthSettled['data'],
});

/**
 * The region's settlement state, refused at once when the month is already settled: the
 * settlement decider's own rule, asked before any person's month is recorded.
 */
async function openSettlement(ports: Pick<Ports, 'commands'>, regionCode: RegionCode, month: Month, today: string): Promise<RegionSettlementState> {
  const { state } = await ports.commands.load(settlementStream(regionCode), settlementDecider);
  settlementDecider.decide(settleCommand(regionCode, month, noTotals(), today), state);
  return state;
}

const chunksOf = (ids: readonly string[], from: number, size: number): string[][] => {
  const chunks: string[][] = [];
  for (let i = from; i < ids.length; i += size) chunks.push(ids.slice(i, i + size));
  return chunks;
};

export async function settleMonth(ports: SettleMonthPorts, regionCode: RegionCode, month: Month, meta: CommandMeta, options: SettleMonthOptions = {}): Promise<SettlementDoc> {
  const today = todayInChina(ports.clock.now());
  if (month >= monthOf(today)) throw refused('month-not-ended', `${month} has not ended yet (China time); settle it from the 1st of the next month`, 'month');
  // months settled before: a reward they missed (a status recorded late) is paid now (山亭 四)
  const settledBefore = [...(await openSettlement(ports, regionCode, month, today)).settled];
  await viewsCaughtUp(ports); // persons registered by other processes too
  // sorted here, whatever the read model's order: a resumed job finds its place by position
  const personIds = [...(await ports.queries.personIdsInRegion(regionCode))].sort();
  const m: MonthEnd = { regionCode, month, settledBefore, params: await ports.parameters.current(true) };
  const size = Math.max(1, options.chunkSize ?? MONTH_END_CHUNK);
  const log = (fields: Record<string, unknown>, message: string) => ports.logger.info({ job: 'settle-month', regionCode, month, ...fields }, message);
  const started = Date.now();

  let job = await jobStart(ports.log, regionCode, month, personIds);
  if (job.resumed) log({ done: job.personsDone, of: personIds.length, chunk: job.chunk }, 'resuming after the last recorded chunk');
  // 1. decide for everyone first: a missing parameter refuses the whole settlement before anything
  //    is written (a resumed job passed this before its first chunk)
  else for (const ids of chunksOf(personIds, 0, size)) await decideChunk(ports.log, m, ids);

  // 2. record, chunk by chunk
  const resumedAt = job.personsDone;
  for (const ids of chunksOf(personIds, job.personsDone, size)) {
    const recorded = await recordChunk(ports.log, m, ids, job, meta, personIds.length);
    job = { personsDone: job.personsDone + ids.length, totals: recorded.totals, chunk: job.chunk + 1, revision: recorded.revision, resumed: job.resumed } satisfies JobStart;
    const perSec = Math.round(((job.personsDone - resumedAt) * 1000) / (Date.now() - started + 1));
    if (Math.floor(job.personsDone / PROGRESS_EVERY) > Math.floor((job.personsDone - ids.length) / PROGRESS_EVERY)) log({ done: job.personsDone, of: personIds.length, perSec }, 'crediting personal accounts');
    options.onChunk?.({ chunk: job.chunk - 1, personsDone: job.personsDone, persons: personIds.length, perSec });
  }

  // 3. close the month
  const totals = job.totals;
  const closed = await ports.commands.handle(settlementDecider, settleCommand(regionCode, month, totals, todayInChina(ports.clock.now())), undefined, meta);
  await madeVisible(ports, closed.position);
  log({ creditedPersons: totals.creditedPersons, creditsFen: totals.personalAccountCreditsFen, rewardsFen: totals.guardianshipRewardsFen, premiumsFen: totals.povertyPremiumsFen, chunks: job.chunk, ms: Date.now() - started }, 'month settled');
  const view = await ports.queries.settlement(regionCode, month);
  if (!view) throw new Error(`settlement ${regionCode} ${month} is recorded but not yet in the settlement view`);
  return view;
}
