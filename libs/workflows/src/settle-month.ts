/**
 * SettleMonth (API.md POST /v1/settlements): records what the month owes each person of the
 * region — the personal-account credit (南府办发〔2022〕33号 art. 13, 按月计入), the guardian's
 * reward (山亭 四) and the yearly poverty-insurance premium (靖政办发〔2018〕107号 十) — then closes
 * the month. Claims recorded after the close fall into the next open month. Everything is
 * decided before anything is written, so a refusal records nothing; a settlement resumed after a
 * crash records nothing twice (each person's month-end is once per month, or year).
 */
import { CloseMonth, CommandMeta, MonthSettled, PersonState, RegionSettlementState, SettleMonth, monthEndDecider, personFold, personStream, settlementDecider, settlementStream } from '@benefit/domain';
import { SettlementDoc } from '@benefit/projections';
import { Month, RegionCode, monthOf, refused, todayInChina, yearOf } from '@benefit/shared';
import { Ports, madeVisible, viewsCaughtUp } from './ports';

const PROGRESS_EVERY = 10_000;

/** What one person's recorded month-end adds to the settlement's totals. */
export interface MonthTotals {
  personalAccountCreditsFen: number;
  creditedPersons: number;
  guardianshipRewardsFen: number;
  povertyPremiumsFen: number;
}

export const noTotals = (): MonthTotals => ({ personalAccountCreditsFen: 0, creditedPersons: 0, guardianshipRewardsFen: 0, povertyPremiumsFen: 0 });

/**
 * The person's share of the month, read from their state after the month-end: the month's credit,
 * the rewards this settlement pays (months settled before a late status too) and the premium
 * accrued with this month.
 */
export function addPersonMonth(totals: MonthTotals, state: PersonState, month: Month): MonthTotals {
  const credit = state.credits.get(month);
  let rewardsFen = 0;
  for (const r of state.rewards.values()) if (r.settledWith === month) rewardsFen += r.amountFen;
  const premium = state.premiums.get(yearOf(month));
  return {
    personalAccountCreditsFen: totals.personalAccountCreditsFen + (credit ?? 0),
    creditedPersons: totals.creditedPersons + (credit === undefined ? 0 : 1),
    guardianshipRewardsFen: totals.guardianshipRewardsFen + rewardsFen,
    povertyPremiumsFen: totals.povertyPremiumsFen + (premium?.month === month ? premium.amountFen : 0),
  };
}

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

export async function settleMonth(
  ports: Pick<Ports, 'commands' | 'log' | 'views' | 'queries' | 'parameters' | 'clock' | 'logger'>,
  regionCode: RegionCode,
  month: Month,
  meta: CommandMeta,
): Promise<SettlementDoc> {
  const today = todayInChina(ports.clock.now());
  if (month >= monthOf(today)) throw refused('month-not-ended', `${month} has not ended yet (China time); settle it from the 1st of the next month`, 'month');
  // months settled before: a reward they missed (a status recorded late) is paid now (山亭 四)
  const settledBefore = [...(await openSettlement(ports, regionCode, month, today)).settled];
  await viewsCaughtUp(ports); // persons registered by other processes too
  const personIds = await ports.queries.personIdsInRegion(regionCode);
  const params = await ports.parameters.current(true);
  const close = (personId: string): CloseMonth => ({ type: 'CloseMonth', data: { personId, month, settledBefore } });

  // 1. decide for everyone first: a missing parameter refuses the whole settlement before anything is written
  for (const personId of personIds) monthEndDecider.decide(close(personId), (await ports.commands.load(personStream(personId), personFold)).state, params);

  // 2. record, person by person
  const log = (fields: Record<string, unknown>, message: string) => ports.logger.info({ job: 'settle-month', regionCode, month, ...fields }, message);
  const started = Date.now();
  let totals = noTotals();
  for (const [i, personId] of personIds.entries()) {
    const { state } = await ports.commands.handle(monthEndDecider, close(personId), params, meta);
    totals = addPersonMonth(totals, state, month);
    if ((i + 1) % PROGRESS_EVERY === 0) log({ done: i + 1, of: personIds.length, perSec: Math.round(((i + 1) * 1000) / (Date.now() - started + 1)) }, 'crediting personal accounts');
  }

  // 3. close the month
  const closed = await ports.commands.handle(settlementDecider, settleCommand(regionCode, month, totals, todayInChina(ports.clock.now())), undefined, meta);
  await madeVisible(ports, closed.position);
  log({ creditedPersons: totals.creditedPersons, creditsFen: totals.personalAccountCreditsFen, rewardsFen: totals.guardianshipRewardsFen, premiumsFen: totals.povertyPremiumsFen, ms: Date.now() - started }, 'month settled');
  const view = await ports.queries.settlement(regionCode, month);
  if (!view) throw new Error(`settlement ${regionCode} ${month} is recorded but not yet in the settlement view`);
  return view;
}
