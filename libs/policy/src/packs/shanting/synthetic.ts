/** Shanting in a synthetic city: registered severe mental disorder patients, some at risk or poor. */
import { SyntheticProfile } from '../../synthetic';

export const shantingSynthetic: SyntheticProfile = {
  idPrefix: 'ST',
  countyCode: '370406',
  employeeShare: 0.1,
  openingBalanceShare: 0.3,
  employmentChanges: false,
  accountPayments: false,
  statuses: {
    share: 0.75,
    tag(kit) {
      // 四: some recorded with a potential risk (有潜在风险的患者)
      kit.tag('severe_mental_disorder', kit.rng.chance(0.15) ? { potentialRisk: true } : {});
      if (kit.rng.chance(0.25)) kit.tagSecond('registered_poor_household');
      kit.revokeLater('severe_mental_disorder', 0.1);
    },
  },
  visit(rng, _scheme, kit) {
    const v = rng.weighted([['general_outpatient', 35], ['chronic_special_outpatient', 25], ['inpatient', 35], ['emergency', 5]] as const);
    const prior = rng.chance(0.5);
    return v === 'chronic_special_outpatient' ? kit.chronic(prior) : kit.plain(v, prior);
  },
  // the seed leaves assistance to civil affairs (民政救助)
  priorAssistance: true,
  claimsSummary: 'stays paid per bed day',
  parameters: [],
};
