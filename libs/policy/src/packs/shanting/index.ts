/** Shanting pack: free treatment of registered severe mental disorder patients, bed-day payment, guardianship reward. */
import { RegionPack } from '../../pack';
import { shantingBackstop } from './backstop';
import { shantingInsurance } from './insurance';
import { SHANTING_PARAMETERS } from './parameters';
import { SHANTING_WORDS } from './wordings';

import { bedDayPayment, registeredPatientBedDays } from './bed-days';
import { guardianshipReward } from './guardianship';
import { nanchongAccountUse } from '../nanchong/account-use';

export { bedDayPayment, guardianshipReward, registeredPatientBedDays };
export { isClassBPsychiatricDrug } from './insurance';

import { shantingSynthetic } from './synthetic';
import { SHANTING_RULES } from './rules';
// the region's code, declared by its pack only (libs/shared/src/codes.ts)
declare module '@benefit/shared' {
  interface RegionCodes {
    shanting: true;
  }
}

export const shantingPack: RegionPack<'shanting'> = {
  region: 'shanting',
  version: '2018.1',
  parameters: SHANTING_PARAMETERS,
  // the seed leaves assistance to civil affairs (民政救助): priorPayments.medical_assistance carries it
  computesAssistance: false,
  insurance: shantingInsurance,
  steps: [shantingBackstop],
  counterLimits: () => ({}),
  accountCitation: 'DOMAIN.md settlement order step 7 (no seed gives Shanting personal-account rules)',
  // Choice: no seed gives Shanting personal-account rules; payments follow 南府办发〔2022〕33号 art. 18–20 as they always did
  accountUse: nanchongAccountUse,
  monthlyReward: guardianshipReward,
  bedDayPayment: registeredPatientBedDays,
  synthetic: shantingSynthetic,
  rules: SHANTING_RULES,
  wordings: Object.values(SHANTING_WORDS),
};
