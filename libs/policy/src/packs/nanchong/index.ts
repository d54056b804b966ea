/** Nanchong pack: 南府办发〔2022〕33号, employee outpatient mutual aid and personal accounts. */
import { applyRate, refused } from '@benefit/shared';
import { Beneficiary, Claim } from '../../claim';
import { policyScopeOf } from '../../chain';
import { RegionPack, StepResult } from '../../pack';
import { ParameterBook } from '../../parameters';
import { generalOutpatientPooling, poolingTerms } from './outpatient-pooling';
import { NANCHONG_PARAMETERS } from './parameters';
import { monthlyAccountCredit } from './personal-account';
import { unfiledOutOfArea } from './out-of-area';
import { nanchongAccountUse } from './account-use';
import { NO_CONTEXT, say } from '../../wording';
import { NANCHONG_WORDS } from './wordings';

const DOC = '南府办发〔2022〕33号';

/** 两病 and 门诊特殊疾病: a flat pooling rate; the remainder never enters general pooling (art. 10). */
function flatRate(claim: Claim, scope: number, rateKey: string, rule: string, article: string, params: ParameterBook): StepResult {
  const resolved = params.resolve(rateKey, claim.serviceDate);
  const rateBp = params.rate(rateKey, claim.serviceDate);
  const paid = claim.designated ? applyRate(scope, rateBp) : 0;
  const source = resolved.illustrative ? resolved.source : '';
  return {
    paid: { basic_pooling: paid },
    explanation: [
      {
        payer: 'basic_pooling',
        amountFen: paid,
        rule,
        // art. 25: nothing at a non-designated institution
        ...(claim.designated ? say(NO_CONTEXT, NANCHONG_WORDS.flatRate, article, source, scope, rateBp) : say(NO_CONTEXT, NANCHONG_WORDS.flatRateNonDesignated, article, source)),
      },
    ],
    // art. 10: the remainder never enters general outpatient pooling
    burden: [{ amountFen: scope - paid, rule: `${rule}.remainder`, ...say(NO_CONTEXT, NANCHONG_WORDS.flatRateRemainder), inScope: true }],
    counterDeltas: {},
    counterLimits: {},
  };
}

import { nanchongSynthetic } from './synthetic';
import { NANCHONG_RULES } from './rules';
// the region's code, declared by its pack only (libs/shared/src/codes.ts)
declare module '@benefit/shared' {
  interface RegionCodes {
    nanchong: true;
  }
}

export const nanchongPack: RegionPack<'nanchong'> = {
  region: 'nanchong',
  version: '2023.1',
  parameters: NANCHONG_PARAMETERS,
  computesAssistance: false,

  insurance(claim: Claim, person: Beneficiary, params: ParameterBook): StepResult {
    const scope = policyScopeOf(claim);
    if (person.scheme !== 'employee') {
      // art. 3: the document covers the employee scheme only
      throw refused('prior-payments-required', `${DOC} covers employee insurance only (art. 3); for a resident-scheme claim send priorPayments from the resident insurance system`, 'priorPayments');
    }
    // art. 26: outside the pooling region only filed or referred persons are paid (inpatient is refused below either way)
    const unfiled = claim.visitType === 'inpatient' ? null : unfiledOutOfArea(claim, person, scope);
    if (unfiled) return unfiled;
    switch (claim.visitType) {
      case 'general_outpatient':
      case 'emergency': // Choice: an emergency visit is an outpatient visit under art. 6 (the seed does not name emergencies)
        return generalOutpatientPooling(claim, person, scope, params);
      case 'two_diseases_outpatient':
        return flatRate(claim, scope, 'nanchong.two_diseases.rate', 'nanchong.two_diseases', 'art. 8, 10', params);
      case 'chronic_special_outpatient':
        return flatRate(claim, scope, 'nanchong.special_outpatient.rate', 'nanchong.special_outpatient', 'art. 9, 10', params);
      case 'inpatient':
        // Choice: no seed gives Nanchong inpatient rates; rather than invent them, the core system's result is required
        throw refused('prior-payments-required', `${DOC} covers outpatient care only; for an inpatient claim send priorPayments from the core insurance system`, 'priorPayments');
    }
  },

  counterLimits(person: Beneficiary, date: string, params: ParameterBook) {
    if (person.scheme !== 'employee') return {};
    const t = poolingTerms(person, date, params);
    return { outpatient_pooling_deductible: t.deductibleFen, outpatient_pooling_paid: t.capFen };
  },

  monthlyAccountCredit,
  accountUse: nanchongAccountUse,
  accountCitation: `${DOC} art. 18(1)(2), art. 20(2)`,
  wordings: Object.values(NANCHONG_WORDS),
  synthetic: nanchongSynthetic,
  rules: NANCHONG_RULES,
};
