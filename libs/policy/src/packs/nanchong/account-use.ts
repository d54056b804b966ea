/** 个人账户使用范围: what the personal account may pay for and for whom (南府办发〔2022〕33号 art. 18–20). */
import { AccountUse } from '../../pack';

const DOC = '南府办发〔2022〕33号';
const FAMILY = ['self', 'spouse', 'parent', 'child'] as const;

export const nanchongAccountUse: AccountUse = {
  // art. 19: never for public health, fitness or wellness spending
  forbidden: { purposes: ['public_health', 'fitness', 'wellness'], citation: `${DOC} art. 19` },
  // art. 18(2): the personal burden of care and drugs of 本人及其配偶、父母、子女;
  // art. 18(3): the contributions of the same persons (本人 too: e.g. the employee large-amount subsidy)
  beneficiaries: { relations: { medical: FAMILY, pharmacy: FAMILY, family_premium: FAMILY }, citation: `${DOC} art. 18` },
  // art. 20: the account pays as far as its balance goes, the rest is cash
  balanceCitation: `${DOC} art. 20`,
};
