/**
 * Month-end as a job (issue 13.4): SettleMonth records the persons of a region in chunks, each
 * chunk in one atomic append together with this record of how far the job has come. A SettleMonth
 * started again after a crash reads the last record and continues after it, with the totals so
 * far, instead of folding everyone again. The record is a fact of the log like any other: a job
 * stream per region and month, ended by the region's MonthSettled.
 */
import { Month, RegionCode } from '@benefit/shared';

export interface MonthEndChunkRecorded {
  type: 'MonthEndChunkRecorded';
  data: {
    regionCode: RegionCode;
    month: Month;
    /** 0-based number of this chunk in the job stream (a job restarted from the top continues the count). */
    chunk: number;
    /** Persons recorded through this chunk, in the job's order (person ids sorted), of `persons`. */
    personsDone: number;
    persons: number;
    /** The last person of the chunk: a resumed job checks that the persons before it are still the same. */
    throughPersonId: string;
    /** What the persons through this chunk add to the settlement (MonthSettled's totals so far). */
    personalAccountCreditsFen: number;
    creditedPersons: number;
    guardianshipRewardsFen: number;
    povertyPremiumsFen: number;
  };
}

/** Kept apart from `settlements-{region}`, whose fold and projection know only MonthSettled. */
export const monthEndJobStream = (region: RegionCode, month: Month) => `settlement-job-${region}-${month}`;
