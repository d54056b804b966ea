/** Monthly settlement of a region (SettleMonth): once per region and month. */
import { Month, RegionCode, conflict } from '@benefit/shared';
import { Fold } from '../command-runner';

/** The month-end job's record sits beside the close it leads to (month-end-job.ts). */
export * from './month-end-job';

export interface MonthSettled {
  type: 'MonthSettled';
  data: {
    regionCode: RegionCode;
    month: Month;
    personalAccountCreditsFen: number;
    creditedPersons: number;
    /** 以奖代补 accrued for the month (山亭 四). */
    guardianshipRewardsFen?: number;
    /** Poverty-insurance premiums accrued with this month (靖政办发〔2018〕107号 十). */
    povertyPremiumsFen?: number;
    settledOn: string;
  };
}
export type SettlementEvent = MonthSettled;

export interface RegionSettlementState {
  settled: Set<Month>;
}

export const settlementStream = (region: RegionCode) => `settlements-${region}`;

export const settlementFold: Fold<RegionSettlementState, SettlementEvent> = {
  name: 'settlement',
  initialState: () => ({ settled: new Set() }),
  // a new set: the state given stays as it was (a cached state may be read while this runs)
  evolve: (state, event) => ({ settled: new Set(state.settled).add(event.data.month) }),
};

export type SettleMonth = { type: 'SettleMonth'; data: MonthSettled['data'] };

export function decideSettlement(cmd: SettleMonth, state: RegionSettlementState): SettlementEvent[] {
  if (state.settled.has(cmd.data.month)) throw conflict('month-settled', `${cmd.data.regionCode} ${cmd.data.month} is already settled`);
  return [{ type: 'MonthSettled', data: cmd.data }];
}
