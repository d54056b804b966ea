/** 异地就医 (南府办发〔2022〕33号 art. 26): care outside the pooling region is paid only when filed or referred. */
import { Beneficiary, Claim } from '../../claim';
import { StepResult } from '../../pack';
import { NO_CONTEXT, say } from '../../wording';
import { NANCHONG_WORDS } from './wordings';

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
  const said = say(NO_CONTEXT, NANCHONG_WORDS.unfiledOutOfArea, claim.location, claim.serviceDate);
  return {
    paid: { basic_pooling: 0 },
    explanation: [{ payer: 'basic_pooling', amountFen: 0, rule: RULE, ...said }],
    burden: [{ amountFen: policyScopeFen, rule: RULE, ...said, inScope: true }],
    counterDeltas: {},
    counterLimits: {},
  };
}
