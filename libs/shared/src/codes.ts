/** Enumerations of shared/API.md and DOMAIN.md, as lower-snake-case codes. */

/**
 * Region codes. No region is named here: each pack under libs/policy/src/packs/<region> adds its
 * code to this interface (declaration merging), and the pack registry (`REGIONS` of
 * @benefit/policy) lists the regions in order.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface RegionCodes {}
export type RegionCode = keyof RegionCodes & string;

export const SCHEMES = ['employee', 'resident'] as const;
export type Scheme = (typeof SCHEMES)[number];

export const EMPLOYMENTS = ['in_service', 'retired'] as const;
export type Employment = (typeof EMPLOYMENTS)[number];

export const RELATIONS = ['spouse', 'parent', 'child'] as const;
export type Relation = (typeof RELATIONS)[number];

export const RELIEF_STATUSES = [
  'extremely_poor',
  'orphan',
  'de_facto_unsupported_child',
  'minimum_living',
  'entitled_veteran',
  'downsized_1960s_worker',
  'union_hardship_worker',
  'child_in_distress',
  'low_income_marginal',
  'expenditure_hardship_major_illness',
  'temporary_relief_major_illness',
  'severe_disability_subsidy',
  'severe_mental_disorder',
  'certified_mental_disability',
  'registered_poor_household',
] as const;
export type ReliefStatus = (typeof RELIEF_STATUSES)[number];

export const STATUS_SOURCES = ['civil_affairs', 'disability_federation', 'health_commission', 'union', 'veterans', 'poverty_office'] as const;
export type StatusSource = (typeof STATUS_SOURCES)[number];

/** The six diagnoses of 盐医保发〔2023〕11号 二. */
export const DIAGNOSES = [
  'schizophrenia',
  'schizoaffective_disorder',
  'paranoid_psychosis',
  'bipolar_disorder',
  'epilepsy_mental_disorder',
  'intellectual_disability_mental_disorder',
] as const;

export const INSTITUTION_LEVELS = ['tier3', 'tier2', 'tier1', 'primary', 'pharmacy'] as const;
export type InstitutionLevel = (typeof INSTITUTION_LEVELS)[number];

export const LOCATIONS = ['in_county', 'in_city', 'in_province', 'out_of_province'] as const;
export type Location = (typeof LOCATIONS)[number];

export const VISIT_TYPES = ['general_outpatient', 'chronic_special_outpatient', 'two_diseases_outpatient', 'inpatient', 'emergency'] as const;
export type VisitType = (typeof VISIT_TYPES)[number];

export const SPECIAL_DISEASES = ['cancer_radiochemo', 'dialysis', 'transplant_antirejection'] as const;

export const ITEM_KINDS = ['drug', 'service', 'material'] as const;
export const CATALOG_CLASSES = ['A', 'B', 'C'] as const;
export type CatalogClass = (typeof CATALOG_CLASSES)[number];
export const DRUG_CLASSES = ['antipsychotic', 'anxiolytic', 'antidepressant', 'antiepileptic', 'antimanic', 'other'] as const;

export const ACCOUNT_PURPOSES = ['medical', 'pharmacy', 'family_premium', 'public_health', 'fitness', 'wellness'] as const;
export type AccountPurpose = (typeof ACCOUNT_PURPOSES)[number];
