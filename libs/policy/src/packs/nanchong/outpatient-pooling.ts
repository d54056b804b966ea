/** 普通门诊统筹: general outpatient pooling of 南府办发〔2022〕33号 art. 6–7, 10, 12, 25. */
import { applyRate } from '@benefit/shared';
import { Beneficiary, Claim } from '../../claim';
import { StepResult } from '../../pack';
import { ParameterBook } from '../../parameters';
import { NanchongParameterKey } from './parameters';
import { NO_CONTEXT, say } from '../../wording';
import { NANCHONG_WORDS as W } from './wordings';

type PoolingTerm = 'deductible' | 'cap' | 'rate_tier3' | 'rate_lower';
/** art. 7(1) in service, 7(2) retired: the parameter of each term, by status. */
const POOLING_KEYS: Record<'in_service' | 'retired', Record<PoolingTerm, NanchongParameterKey>> = {
  in_service: {
    deductible: 'nanchong.outpatient.in_service.deductible',
    cap: 'nanchong.outpatient.in_service.cap',
    rate_tier3: 'nanchong.outpatient.in_service.rate_tier3',
    rate_lower: 'nanchong.outpatient.in_service.rate_lower',
  },
  retired: {
    deductible: 'nanchong.outpatient.retired.deductible',
    cap: 'nanchong.outpatient.retired.cap',
    rate_tier3: 'nanchong.outpatient.retired.rate_tier3',
    rate_lower: 'nanchong.outpatient.retired.rate_lower',
  },
};

/** Rates and limits for the person's status in the service month (art. 7; retired from the month of retirement, art. 14). */
export function poolingTerms(person: Beneficiary, date: string, params: ParameterBook) {
  const status = person.employment === 'retired' ? 'retired' : 'in_service';
  const keys = POOLING_KEYS[status];
  const article = status === 'retired' ? 'art. 7(2)' : 'art. 7(1)';
  return {
    status,
    article,
    deductibleFen: params.fen(keys.deductible, date),
    capFen: params.fen(keys.cap, date),
    rateTier3Bp: params.rate(keys.rate_tier3, date),
    rateLowerBp: params.rate(keys.rate_lower, date),
  };
}

export function generalOutpatientPooling(claim: Claim, person: Beneficiary, policyScopeFen: number, params: ParameterBook): StepResult {
  const t = poolingTerms(person, claim.serviceDate, params);
  const limits = { outpatient_pooling_deductible: t.deductibleFen, outpatient_pooling_paid: t.capFen };
  if (!claim.designated) {
    // art. 25: nothing from the fund at a non-designated place; art. 7: neither deductible nor cap is consumed
    return {
      paid: { basic_pooling: 0 },
      explanation: [{ payer: 'basic_pooling', amountFen: 0, rule: 'nanchong.outpatient_pooling.non_designated', ...say(NO_CONTEXT, W.poolingNonDesignated) }],
      burden: [{ amountFen: policyScopeFen, rule: 'nanchong.outpatient_pooling.non_designated', ...say(NO_CONTEXT, W.poolingNonDesignated), inScope: true }],
      counterDeltas: {},
      counterLimits: limits,
    };
  }
  // 三级定点医疗机构和符合条件的定点零售药店 get the lower rate; 二级及以下 the higher one (art. 7)
  const highLevel = claim.institutionLevel === 'tier3' || claim.institutionLevel === 'pharmacy';
  const rateBp = highLevel ? t.rateTier3Bp : t.rateLowerBp;
  const deductibleLeft = Math.max(0, t.deductibleFen - (person.countersUsed.outpatient_pooling_deductible ?? 0));
  const capLeft = Math.max(0, t.capFen - (person.countersUsed.outpatient_pooling_paid ?? 0));
  const deductible = Math.min(policyScopeFen, deductibleLeft);
  const reimbursable = applyRate(policyScopeFen - deductible, rateBp);
  const pooling = Math.min(reimbursable, capLeft);
  const coPay = policyScopeFen - deductible - reimbursable;
  const overCap = reimbursable - pooling;
  return {
    paid: { basic_pooling: pooling },
    explanation: [
      {
        payer: 'basic_pooling',
        amountFen: pooling,
        rule: 'nanchong.outpatient_pooling.reimbursement',
        ...say(NO_CONTEXT, W.poolingReimbursement, t.article, policyScopeFen, deductible, rateBp, claim.institutionLevel, reimbursable, capLeft),
      },
    ],
    burden: [
      { amountFen: deductible, rule: 'nanchong.outpatient_pooling.deductible', ...say(NO_CONTEXT, W.poolingDeductible, t.article, t.deductibleFen, deductibleLeft), inScope: true },
      { amountFen: coPay, rule: 'nanchong.outpatient_pooling.co_pay', ...say(NO_CONTEXT, W.poolingCoPay, t.article, rateBp, claim.institutionLevel), inScope: true },
      // art. 12: the cap is not carried over
      { amountFen: overCap, rule: 'nanchong.outpatient_pooling.cap', ...say(NO_CONTEXT, W.poolingCap, t.article, t.capFen), inScope: true },
    ],
    counterDeltas: { outpatient_pooling_deductible: deductible, outpatient_pooling_paid: pooling },
    counterLimits: limits,
  };
}
