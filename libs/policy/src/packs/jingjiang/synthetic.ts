/** Jingjiang in a synthetic city: the 救助对象 of 靖政办发〔2018〕107号 五, inpatient and special-disease claims. */
import { ReliefStatus, SPECIAL_DISEASES } from '@benefit/shared';
import { SyntheticProfile } from '../../synthetic';

/** The 救助对象 of 五 ('severe_mental_disorder' comes with 'low_income_marginal'). */
const STATUSES: readonly ReliefStatus[] = [
  'registered_poor_household',
  'minimum_living',
  'extremely_poor',
  'severe_mental_disorder',
  'downsized_1960s_worker',
  'entitled_veteran',
  'child_in_distress',
  'union_hardship_worker',
];

export const jingjiangSynthetic: SyntheticProfile = {
  idPrefix: 'JJ',
  countyCode: '321282',
  employeeShare: 0.15,
  openingBalanceShare: 0.3,
  employmentChanges: false,
  accountPayments: false,
  statuses: {
    share: 0.75,
    tag(kit) {
      const status = kit.next(STATUSES);
      kit.tag(status);
      // 五: severe mental patients of low-income families need both statuses
      if (status === 'severe_mental_disorder') kit.tagSecond('low_income_marginal');
      kit.revokeLater(status, 0.1);
    },
  },
  visit(rng, _scheme, kit) {
    // 十八, 十九: inpatient stays and three special outpatient diseases; a few excluded claims (二十一) for the explanations
    const v = rng.weighted([['inpatient', 65], ['special', 22], ['general_outpatient', 4], ['emergency', 3], ['excluded_inpatient', 6]] as const);
    if (v === 'special') return { visitType: 'chronic_special_outpatient', specialDisease: rng.pick(SPECIAL_DISEASES), priorPayments: true, circumstances: [] };
    if (v === 'excluded_inpatient') return { visitType: 'inpatient', specialDisease: null, priorPayments: true, circumstances: [rng.pick(['accidental_injury', 'maternity', 'third_party_liability'] as const)] };
    return kit.plain(v, true);
  },
  // 二十一(四)(五)(六): items excluded by what they are
  excludedItemShare: 0.1,
  // 十七, 十九: civil-affairs assistance runs by its own rules
  priorAssistance: true,
  claimsSummary: 'inpatient and special-disease claims (and a few excluded ones) with priorPayments',
  parameters: [],
};
