/** Jingjiang pack: 靖政办发〔2018〕107号 precision medical-assistance insurance (payer poverty_insurance). */
import { RegionPack } from '../../pack';
import { priorPaymentsRequired } from '../generic';
import { JINGJIANG_PARAMETERS } from './parameters';
import { JINGJIANG_WORDS } from './wordings';
import { povertyInsurance } from './poverty-insurance';
import { annualPremium, lateFiling, lossRatioReport } from './insurer';
import { nanchongAccountUse } from '../nanchong/account-use';

export { ELIGIBLE_STATUSES, ITEM_EXCLUSIONS, claimExclusions, eligibleAs } from './eligibility';
export { filingCheck, lossRatio, premiumFor, lateFiling, annualPremium } from './insurer';
export type { FilingCheck, LossRatio, Premium } from './insurer';

import { jingjiangSynthetic } from './synthetic';
import { JINGJIANG_RULES } from './rules';
// the region's code, declared by its pack only (libs/shared/src/codes.ts)
declare module '@benefit/shared' {
  interface RegionCodes {
    jingjiang: true;
  }
}

export const jingjiangPack: RegionPack<'jingjiang'> = {
  region: 'jingjiang',
  version: '2019.2',
  parameters: JINGJIANG_PARAMETERS,
  // 十七, 十九: basic insurance, critical illness and civil-affairs assistance run by their own rules: priorPayments carry them
  computesAssistance: false,
  insurance: priorPaymentsRequired('jingjiang', '靖政办发〔2018〕107号 十七 leaves basic insurance to its own rules'),
  steps: [povertyInsurance],
  counterLimits: () => ({}),
  accountCitation: 'DOMAIN.md settlement order step 7 (no seed gives Jingjiang personal-account rules)',
  // Choice: no seed gives Jingjiang personal-account rules; payments follow 南府办发〔2022〕33号 art. 18–20 as they always did
  accountUse: nanchongAccountUse,
  claimFlags: lateFiling,
  annualPremium,
  lossRatio: lossRatioReport,
  synthetic: jingjiangSynthetic,
  rules: JINGJIANG_RULES,
  wordings: Object.values(JINGJIANG_WORDS),
};
