/** Shanting pack: free treatment of registered severe mental disorder patients, bed-day payment, guardianship reward. */
import { RegionPack } from '../../pack';
import { shantingBackstop } from './backstop';
import { shantingInsurance } from './insurance';
import { SHANTING_PARAMETERS } from './parameters';

import { bedDayPayment, registeredPatientBedDays } from './bed-days';
import { guardianshipReward } from './guardianship';

export { bedDayPayment, guardianshipReward, registeredPatientBedDays };
export { isClassBPsychiatricDrug } from './insurance';

export const shantingPack: RegionPack = {
  region: 'shanting',
  version: '2018.1',
  parameters: SHANTING_PARAMETERS,
  // the seed leaves assistance to civil affairs (民政救助): priorPayments.medical_assistance carries it
  computesAssistance: false,
  insurance: shantingInsurance,
  steps: [shantingBackstop],
  counterLimits: () => ({}),
  accountCitation: 'DOMAIN.md settlement order step 7 (no seed gives Shanting personal-account rules)',
  monthlyReward: guardianshipReward,
  bedDayPayment: registeredPatientBedDays,
};
