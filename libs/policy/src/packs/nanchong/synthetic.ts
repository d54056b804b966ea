/** Nanchong in a synthetic city: mostly employees (南府办发〔2022〕33号 covers the employee scheme, art. 3). */
import { SyntheticProfile } from '../../synthetic';

export const nanchongSynthetic: SyntheticProfile = {
  idPrefix: 'NC',
  countyCode: '511302',
  employeeShare: 0.85,
  retiredShare: 0.3,
  // art. 18: an employee may list family whose care the account pays
  familyShare: 0.35,
  openingBalanceShare: 0.5,
  // art. 13, 14: credits follow the contribution base and the month of retirement
  employmentChanges: true,
  accountPayments: true,
  visit(rng, scheme, kit) {
    // the document covers employee outpatient care: inpatient and resident claims carry the core system's result
    if (scheme === 'resident') {
      const v = rng.weighted([['general_outpatient', 40], ['chronic_special_outpatient', 20], ['inpatient', 40]] as const);
      return v === 'chronic_special_outpatient' ? kit.chronic(true) : kit.plain(v, true);
    }
    const v = rng.weighted([['general_outpatient', 55], ['emergency', 7], ['two_diseases_outpatient', 10], ['chronic_special_outpatient', 13], ['inpatient', 15]] as const);
    return v === 'chronic_special_outpatient' ? kit.chronic(false) : kit.plain(v, v === 'inpatient');
  },
  civilServantSubsidyShare: 0.1,
  priorAssistance: false,
  claimsSummary: 'employee outpatient claims settled by the pack, inpatient and resident claims with priorPayments',
  parameters: [{ key: 'nanchong.retired_pension_base', year: 2023, effectiveFrom: '2023-01-01', value: 265_000 }],
};
