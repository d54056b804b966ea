/** Payer codes of DOMAIN.md, in settlement order (一单制). */
export const PAYERS = [
  'basic_pooling',
  'critical_illness',
  'large_amount_subsidy',
  'civil_servant_subsidy',
  'medical_assistance',
  'disability_relief',
  'fiscal_backstop',
  'poverty_insurance',
  'hospital_borne',
  'personal_account',
  'self_pay',
] as const;
export type Payer = (typeof PAYERS)[number];
export type Shares = Record<Payer, number>;

/** Step 1 of the settlement order: the insurance payers that `priorPayments` can replace. */
export const STEP_ONE_PAYERS = ['basic_pooling', 'critical_illness', 'large_amount_subsidy', 'civil_servant_subsidy'] as const;

export const zeroShares = (): Shares => Object.fromEntries(PAYERS.map((p) => [p, 0])) as Shares;
