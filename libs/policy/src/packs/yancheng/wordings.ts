/**
 * The wordings of the Yancheng pack's explanation and burden lines (insurance.ts, assistance.ts,
 * hospital-cap.ts, free-psychiatric-drugs.ts). Their text is what stored events render to: never
 * edit one once released, add a new id (wording.ts).
 */
import { formatYuan } from '@benefit/shared';
import { wording } from '../../wording';
import { DOC, DRUGS_DOC } from './parameters';

/** Step 1 without priorPayments: no seed gives Yancheng insurance rates (DOMAIN.md §2). */
const NOTE = 'illustrative: the seeds give no Yancheng basic-insurance or critical-illness rates (DOMAIN.md §2)';

const pct = (bp: number) => `${bp / 100}%`;

/** 三: what insurance and assistance leave of the covered drug items (盐医保发〔2023〕11号). */
const drugPortion = (items: number, grossFen: number, selfPayFen: number, assistanceFen: number) =>
  `${items} covered drug item(s) of ${formatYuan(grossFen)}: ${formatYuan(grossFen - selfPayFen)} insurance and ${formatYuan(assistanceFen)} assistance (pro rata) leave ${formatYuan(selfPayFen - assistanceFen)}`;

export const YANCHENG_WORDS = {
  // insurance.ts: step 1 without priorPayments, illustrative
  basicNonDesignated: wording('yancheng.basic.non_designated', () => ({ citation: NOTE, detail: 'non-designated institution: the fund pays nothing' }), []),
  basicPooling: wording(
    'yancheng.basic.pooling',
    (_, scopeFen: number, deductibleFen: number, rateBp: number) => ({ citation: NOTE, detail: `(${formatYuan(scopeFen)} − ${formatYuan(deductibleFen)} deductible) × ${rateBp / 100}%` }),
    [8234500, 80000, 7500],
  ),
  criticalIllness: wording(
    'yancheng.critical_illness',
    (_, coPayFen: number, thresholdFen: number, rateBp: number) => ({
      citation: NOTE,
      detail: `(${formatYuan(coPayFen)} co-pay − ${formatYuan(thresholdFen)} threshold, if positive) × ${rateBp / 100}%`,
    }),
    [2038625, 1500000, 6000],
  ),
  basicDeductible: wording('yancheng.basic.deductible', () => ({ citation: NOTE, detail: 'under the basic-insurance deductible (盐政办发〔2022〕73号 五: assistance covers it)' }), []),
  basicCoPay: wording('yancheng.basic.co_pay', () => ({ citation: NOTE, detail: 'the part basic and critical-illness insurance do not pay' }), []),

  // assistance.ts: 盐政办发〔2022〕73号 五–八, 十五
  assistanceNonDesignated: wording('yancheng.assistance.non_designated', () => ({ citation: `${DOC} 五`, detail: 'assistance covers care at designated institutions only' }), []),
  assistanceNoReferral: wording(
    'yancheng.assistance.no_referral',
    (_, location: string) => ({ citation: `${DOC} 十五`, detail: `care ${location} without referral or filing, not an emergency: no assistance` }),
    ['out_of_province'],
  ),
  assistanceRegular: wording(
    'yancheng.assistance.regular',
    (_, rateBp: number, status: string, baseFen: number, leftFen: number, limitKind: string, limitFen: number, ...held: string[]) => {
      const highest = held.some((s) => s !== status) ? `, the highest of ${held.join(', ')}, applied once (八)` : '';
      const limitName = limitKind === 'general' ? 'general outpatient' : 'chronic/special outpatient and inpatient';
      return {
        citation: `${DOC} 五, 六`,
        detail: `${pct(rateBp)} (${status}${highest}) × min(${formatYuan(baseFen)} policy-scope self-pay, ${formatYuan(leftFen)} left of the ${limitName} limit ${formatYuan(limitFen)})`,
      };
    },
    [10000, 'extremely_poor', 352075, 9147925, 'shared', 15000000, 'minimum_living', 'extremely_poor'],
  ),
  tiltedNonDesignated: wording(
    'yancheng.assistance.tilted.not_eligible.non_designated',
    () => ({ citation: `${DOC} 七`, detail: 'not a designated institution: tilted assistance needs a designated institution in the province under regulated referral' }),
    [],
  ),
  tiltedLocation: wording(
    'yancheng.assistance.tilted.not_eligible.location',
    (_, location: string) => ({ citation: `${DOC} 七`, detail: `care ${location}: tilted assistance needs a designated institution in the province under regulated referral` }),
    ['out_of_province'],
  ),
  tiltedNoReferral: wording(
    'yancheng.assistance.tilted.not_eligible.no_referral',
    (_, location: string) => ({ citation: `${DOC} 七`, detail: `care ${location} without regulated referral: tilted assistance needs a designated institution in the province under regulated referral` }),
    ['in_province'],
  ),
  tiltLimitNotReached: wording(
    'yancheng.assistance.tilted.limit_not_reached',
    (_, sharedUsedFen: number, sharedLimitFen: number, cBeforeFen: number, cAfterFen: number) => ({
      citation: `${DOC} 七`,
      detail: `the shared assistance limit is used ${formatYuan(sharedUsedFen)} of ${formatYuan(sharedLimitFen)}: no tilt yet; C ${formatYuan(cBeforeFen)} → ${formatYuan(cAfterFen)}`,
    }),
    [8352075, 15000000, 1200000, 1552075],
  ),
  tilted: wording(
    'yancheng.assistance.tilted',
    (_, rateBp: number, cAfterFen: number, cBeforeFen: number, thresholdFen: number, tiltLeftFen: number, tiltLimitFen: number) => ({
      citation: `${DOC} 七`,
      detail: `${pct(rateBp)} × min(max(0, C after ${formatYuan(cAfterFen)} − max(C before ${formatYuan(cBeforeFen)}, T ${formatYuan(thresholdFen)})), ${formatYuan(tiltLeftFen)} left of the tilt limit ${formatYuan(tiltLimitFen)})`,
    }),
    [6000, 3552075, 2400000, 2500000, 3000000, 3000000],
  ),

  // hospital-cap.ts: 10% cap (七), class C counted (Choice, DOMAIN.md §2)
  hospitalCap: wording(
    'yancheng.hospital_cap',
    (_, status: string, remainingFen: number, shareBp: number, policyScopeFen: number, capFen: number, excessFen: number) => ({
      citation: `${DOC} 七 (class C counted: Choice, DOMAIN.md §2)`,
      detail: `${status}: ${formatYuan(remainingFen)} left to the person (class C included) against a cap of ${shareBp / 100}% × ${formatYuan(policyScopeFen)} = ${formatYuan(capFen)}; the institution bears ${formatYuan(excessFen)}`,
    }),
    ['minimum_living', 412340, 1000, 2345600, 234560, 177780],
  ),

  // free-psychiatric-drugs.ts: 盐医保发〔2023〕11号
  drugsDisabilityRelief: wording(
    'yancheng.free_psychiatric_drugs.disability_relief',
    (_, items: number, grossFen: number, selfPayFen: number, assistanceFen: number, rateBp: number) => ({
      citation: `${DRUGS_DOC} 四.3 (ratio: Choice, DOMAIN.md §3)`,
      detail: `${drugPortion(items, grossFen, selfPayFen, assistanceFen)}; certified mental-disability holder: ${rateBp / 100}% of it`,
    }),
    [2, 48600, 14580, 11664, 10000],
  ),
  drugsBackstop: wording(
    'yancheng.free_psychiatric_drugs.fiscal_backstop',
    (_, items: number, grossFen: number, selfPayFen: number, assistanceFen: number, disabilityReliefFen: number, paidFen: number) => ({
      citation: `${DRUGS_DOC} 四.4, 六`,
      detail: `${drugPortion(items, grossFen, selfPayFen, assistanceFen)}${disabilityReliefFen ? `; ${formatYuan(disabilityReliefFen)} disability relief` : ''}; finance pays the remaining ${formatYuan(paidFen)}`,
    }),
    [2, 48600, 14580, 11664, 0, 2916],
  ),
  drugsNotCoveredNonDesignated: wording(
    'yancheng.free_psychiatric_drugs.not_covered.non_designated',
    () => ({ citation: `${DRUGS_DOC} 三, 五.2`, detail: 'care at a non-designated institution: the programme covers designated institutions inside the city only' }),
    [],
  ),
  drugsNotCoveredLocation: wording(
    'yancheng.free_psychiatric_drugs.not_covered.location',
    (_, location: string) => ({ citation: `${DRUGS_DOC} 三, 五.2`, detail: `care ${location}: the programme covers designated institutions inside the city only` }),
    ['in_province'],
  ),
};
