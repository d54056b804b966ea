/** Yancheng in a synthetic city: every assistance status, temporary relief certified later, psychiatric patients. */
import { ReliefStatus, addDays } from '@benefit/shared';
import { SyntheticProfile } from '../../synthetic';

/** Every assistance status (盐政办发〔2022〕73号 六) and the psychiatric-drug statuses (盐医保发〔2023〕11号). */
const STATUSES: readonly ReliefStatus[] = [
  'minimum_living',
  'extremely_poor',
  'low_income_marginal',
  'severe_mental_disorder',
  'orphan',
  'entitled_veteran',
  'expenditure_hardship_major_illness',
  'de_facto_unsupported_child',
  'downsized_1960s_worker',
  'temporary_relief_major_illness',
  'union_hardship_worker',
  'severe_disability_subsidy',
  'child_in_distress',
];

const LAST_CERTIFICATION = '2024-10-31';

export const yanchengSynthetic: SyntheticProfile = {
  idPrefix: 'YC',
  countyCode: '320902',
  employeeShare: 0.2,
  openingBalanceShare: 0.3,
  employmentChanges: false,
  accountPayments: false,
  statuses: {
    share: 0.65,
    tag(kit) {
      const status = kit.next(STATUSES);
      if (status === 'temporary_relief_major_illness') {
        // certified some months in, applying back to the first treatment (盐政办发〔2022〕73号 八)
        const later = addDays(kit.registeredOn, kit.rng.int(30, 200));
        const certified = later < LAST_CERTIFICATION ? later : LAST_CERTIFICATION;
        const back = addDays(certified, -kit.rng.int(10, 120));
        kit.tagCertified(status, certified, back > kit.registeredOn ? back : kit.registeredOn);
      } else {
        kit.tag(status);
        if (status === 'severe_mental_disorder' && kit.rng.chance(0.5)) kit.tagSecond('certified_mental_disability');
        kit.revokeLater(status, 0.15);
      }
    },
  },
  visit(rng, _scheme, kit) {
    const v = rng.weighted([['general_outpatient', 30], ['emergency', 5], ['two_diseases_outpatient', 8], ['chronic_special_outpatient', 22], ['inpatient', 35]] as const);
    const prior = rng.chance(0.35);
    return v === 'chronic_special_outpatient' ? kit.chronic(prior) : kit.plain(v, prior);
  },
  priorAssistance: false,
  claimsSummary: 'claims with and without priorPayments',
  parameters: [
    { key: 'yancheng.per_capita_disposable_income', year: 2023, effectiveFrom: '2023-01-01', value: 3_860_000 },
    { key: 'yancheng.minimum_living_standard_annual', year: 2023, effectiveFrom: '2023-01-01', value: 960_000 },
    { key: 'yancheng.per_capita_disposable_income', year: 2024, effectiveFrom: '2024-01-01', value: 4_110_000 },
    { key: 'yancheng.minimum_living_standard_annual', year: 2024, effectiveFrom: '2024-01-01', value: 1_008_000 },
  ],
};
