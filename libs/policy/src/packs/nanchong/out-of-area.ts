/** 异地就医 (南府办发〔2022〕33号 art. 26): care outside the pooling region is paid only when filed or referred. */
import { Beneficiary, Claim } from '../../claim';
import { StepResult } from '../../pack';

const CITATION = '南府办发〔2022〕33号 art. 26';
const RULE = 'nanchong.out_of_area.unfiled';

/**
 * Outside the pooling region (`in_province`, `out_of_province`) pooling pays only a person with a
 * filing valid on the service date (异地备案) or a referred one; Choice (DOMAIN.md §1): an emergency
 * counts as filed (急诊抢救视同备案). Anyone else gets nothing from pooling and moves no counter:
 * the result for that case, or null when the ordinary rules apply.
 */
export function unfiledOutOfArea(claim: Claim, person: Beneficiary, policyScopeFen: number): StepResult | null {
  const outside = claim.location === 'in_province' || claim.location === 'out_of_province';
  const emergency = claim.visitType === 'emergency' || (claim.circumstances ?? []).includes('emergency');
  if (!outside || claim.referral || emergency || person.filedOutOfArea) return null;
  const detail = `care ${claim.location} without an out-of-area filing valid on ${claim.serviceDate} or a referral: pooling pays nothing`;
  return {
    paid: { basic_pooling: 0 },
    explanation: [{ payer: 'basic_pooling', amountFen: 0, rule: RULE, citation: CITATION, detail }],
    burden: [{ amountFen: policyScopeFen, rule: RULE, citation: CITATION, detail, inScope: true }],
    counterDeltas: {},
    counterLimits: {},
  };
}
