/**
 * Step 1 for Yancheng claims without priorPayments. The seeds give no basic-insurance or
 * critical-illness rates for Yancheng (DOMAIN.md §2): every figure here is an illustrative
 * parameter, and every line says so. Real claims carry the core system's priorPayments.
 */
import { applyRate } from '@benefit/shared';
import { Beneficiary, Claim } from '../../claim';
import { policyScopeOf } from '../../chain';
import { StepResult } from '../../pack';
import { ParameterBook } from '../../parameters';
import { NO_CONTEXT, say } from '../../wording';
import { YANCHENG_WORDS as W } from './wordings';

export function illustrativeInsurance(claim: Claim, _person: Beneficiary, params: ParameterBook): StepResult {
  const scope = policyScopeOf(claim);
  const date = claim.serviceDate;
  if (!claim.designated) {
    // Choice: as everywhere in the seeds, the funds pay nothing at a non-designated institution
    return {
      paid: { basic_pooling: 0, critical_illness: 0 },
      explanation: [{ payer: 'basic_pooling', amountFen: 0, rule: 'yancheng.basic.non_designated', ...say(NO_CONTEXT, W.basicNonDesignated) }],
      burden: [{ amountFen: scope, rule: 'yancheng.basic.non_designated', ...say(NO_CONTEXT, W.basicNonDesignated), inScope: true }],
      counterDeltas: {},
      counterLimits: {},
    };
  }
  const inpatient = claim.visitType === 'inpatient';
  const major = inpatient || claim.visitType === 'chronic_special_outpatient';
  const rateKey = inpatient ? 'yancheng.basic.inpatient.rate' : major ? 'yancheng.basic.chronic_special.rate' : 'yancheng.basic.outpatient.rate';
  const rateBp = params.rate(rateKey, date);
  const deductible = inpatient ? Math.min(scope, params.fen('yancheng.basic.inpatient.deductible', date)) : 0;
  const basic = applyRate(scope - deductible, rateBp);
  let critical = 0;
  let threshold = 0;
  let ciRateBp = 0;
  if (major) {
    threshold = params.fen('yancheng.critical_illness.threshold', date);
    ciRateBp = params.rate('yancheng.critical_illness.rate', date);
    critical = applyRate(Math.max(0, scope - deductible - basic - threshold), ciRateBp);
  }
  const coPay = scope - deductible - basic - critical;
  const explanation: StepResult['explanation'] = [
    { payer: 'basic_pooling', amountFen: basic, rule: 'yancheng.basic.pooling', ...say(NO_CONTEXT, W.basicPooling, scope, deductible, rateBp) },
  ];
  if (major) {
    explanation.push({
      payer: 'critical_illness',
      amountFen: critical,
      rule: 'yancheng.critical_illness',
      ...say(NO_CONTEXT, W.criticalIllness, scope - deductible - basic, threshold, ciRateBp),
    });
  }
  return {
    paid: { basic_pooling: basic, critical_illness: critical },
    explanation,
    burden: [
      { amountFen: deductible, rule: 'yancheng.basic.deductible', ...say(NO_CONTEXT, W.basicDeductible), inScope: true },
      { amountFen: coPay, rule: 'yancheng.basic.co_pay', ...say(NO_CONTEXT, W.basicCoPay), inScope: true },
    ],
    counterDeltas: {},
    counterLimits: {},
  };
}
