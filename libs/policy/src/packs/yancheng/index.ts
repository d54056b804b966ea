/**
 * Yancheng pack: 盐政办发〔2022〕73号 (medical assistance, tilted assistance, the 10% cap, warnings)
 * and 盐医保发〔2023〕11号 (free outpatient drugs for severe mental disorders).
 */
import { Beneficiary } from '../../claim';
import { RegionPack } from '../../pack';
import { ParameterBook } from '../../parameters';
import { regularAssistance, tiltedAssistance } from './assistance';
import { freeDrugsBackstop, freeDrugsDisabilityRelief } from './free-psychiatric-drugs';
import { hospitalCap } from './hospital-cap';
import { illustrativeInsurance } from './insurance';
import { YANCHENG_PARAMETERS } from './parameters';
import { assistanceLimits } from './terms';
import { YANCHENG_WORDS } from './wordings';

import { yanchengWarnings } from './warnings';
import { nanchongAccountUse } from '../nanchong/account-use';

export { yanchengWarnings };
export { ASSISTANCE_STATUSES, assistanceStatus } from './terms';
export { FREE_DRUG_CLASSES, isFreeDrug } from './free-psychiatric-drugs';

import { yanchengSynthetic } from './synthetic';
import { YANCHENG_RULES } from './rules';
// the region's code, declared by its pack only (libs/shared/src/codes.ts)
declare module '@benefit/shared' {
  interface RegionCodes {
    yancheng: true;
  }
}

export const yanchengPack: RegionPack<'yancheng'> = {
  region: 'yancheng',
  version: '2023.1',
  parameters: YANCHENG_PARAMETERS,
  computesAssistance: true,
  insurance: illustrativeInsurance,
  steps: [regularAssistance, tiltedAssistance, freeDrugsDisabilityRelief, freeDrugsBackstop, hospitalCap],
  // Choice: the limits need yancheng.per_capita_disposable_income, so every Yancheng claim does (fails loudly without it)
  counterLimits: (_person: Beneficiary, date: string, params: ParameterBook) => assistanceLimits(params, date),
  accountCitation: 'DOMAIN.md settlement order step 7 (no seed gives Yancheng personal-account rules)',
  // Choice: no seed gives Yancheng personal-account rules; payments follow 南府办发〔2022〕33号 art. 18–20 as they always did
  accountUse: nanchongAccountUse,
  warnings: yanchengWarnings,
  synthetic: yanchengSynthetic,
  rules: YANCHENG_RULES,
  wordings: Object.values(YANCHENG_WORDS),
};
