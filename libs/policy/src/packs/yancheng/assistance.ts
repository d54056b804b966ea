/** 医疗救助 and 倾斜救助: regular and tilted medical assistance of 盐政办发〔2022〕73号 五–八, 十五. */
import { applyRate } from '@benefit/shared';
import { ExplanationLine } from '../../claim';
import { inScopeOf } from '../../chain';
import { ChainStep, StepOutcome } from '../../pack';
import { NO_CONTEXT, Said, Words, say } from '../../wording';
import { LIMIT_COUNTER, assistanceLimits, assistanceStatus, limitKindOf, outsideCityWithoutReferral, perCapitaIncome, tiltLocationOk } from './terms';
import { YANCHENG_WORDS as W } from './wordings';

const line = (amountFen: number, rule: string, said: Said & { words: Words }): ExplanationLine => ({ payer: 'medical_assistance', amountFen, rule, ...said });
const none: StepOutcome = { explanation: [] };

/**
 * Regular assistance: `round(ratio × min(base, limitLeft))`, where the base is the policy-scope
 * self-pay left after basic and critical-illness insurance, deductibles included (五); no
 * assistance deductible (六); the limit caps the cost base, not the payment (六).
 */
export const regularAssistance: ChainStep = {
  name: 'yancheng.assistance.regular',
  payer: 'medical_assistance',
  apply({ claim, person, params, burden }) {
    const date = claim.serviceDate;
    const held = assistanceStatus(person, params, date);
    if (!held) return none;
    if (!claim.designated) {
      return { explanation: [line(0, 'yancheng.assistance.non_designated', say(NO_CONTEXT, W.assistanceNonDesignated))] };
    }
    if (outsideCityWithoutReferral(claim)) {
      // 十五: 未按规定办理转诊或备案手续的（急诊除外）…原则上不纳入医疗救助范围
      return { explanation: [line(0, 'yancheng.assistance.no_referral', say(NO_CONTEXT, W.assistanceNoReferral, claim.location))] };
    }
    const kind = limitKindOf(claim);
    const key = LIMIT_COUNTER[kind];
    const limit = assistanceLimits(params, date)[key];
    const used = person.countersUsed[key] ?? 0;
    const left = Math.max(0, limit - used);
    const base = inScopeOf(burden);
    const eligible = Math.min(base, left);
    const paid = applyRate(eligible, held.rateBp);
    return {
      explanation: [
        // 盐政办发〔2022〕73号 五, 六; several statuses: the highest, applied once (八)
        line(paid, 'yancheng.assistance.regular', say(NO_CONTEXT, W.assistanceRegular, held.rateBp, held.status, base, left, kind, limit, ...held.held)),
      ],
      consumes: 'in_scope_only',
      counterDeltas: { [key]: eligible },
      counterLimits: { [key]: limit },
    };
  },
};

/**
 * Tilted assistance (七): for inpatient and chronic/special outpatient claims of 救助对象 at designated
 * institutions inside the province under regulated referral. C, the year's policy-scope self-pay
 * after regular assistance over such claims, is counted before tilt. Once the shared limit is used
 * up (this claim included), the part of the claim that lifts C above T = 50% × per-capita income
 * is eligible, within the 30,000-yuan tilt limit, and paid at 60%.
 */
export const tiltedAssistance: ChainStep = {
  name: 'yancheng.assistance.tilted',
  payer: 'medical_assistance',
  apply({ claim, person, params, burden, counterDeltas }) {
    const date = claim.serviceDate;
    if (claim.visitType !== 'inpatient' && claim.visitType !== 'chronic_special_outpatient') return none;
    const held = assistanceStatus(person, params, date);
    if (!held) return none;
    if (!claim.designated || !tiltLocationOk(claim)) {
      const said = !claim.designated
        ? say(NO_CONTEXT, W.tiltedNonDesignated)
        : claim.referral
          ? say(NO_CONTEXT, W.tiltedLocation, claim.location)
          : say(NO_CONTEXT, W.tiltedNoReferral, claim.location);
      return { explanation: [line(0, 'yancheng.assistance.tilted.not_eligible', said)] };
    }
    const income = perCapitaIncome(params, date);
    const limits = assistanceLimits(params, date);
    const sharedUsed = (person.countersUsed.assistance_shared_base ?? 0) + (counterDeltas.assistance_shared_base ?? 0);
    const cBefore = person.countersUsed.tilt_self_pay ?? 0;
    const selfPay = inScopeOf(burden);
    const cAfter = cBefore + selfPay;
    const tiltLimit = limits.tilted_assistance_base;
    const counterLimits = { tilted_assistance_base: tiltLimit, tilt_self_pay: null };
    if (sharedUsed < limits.assistance_shared_base) {
      return {
        explanation: [line(0, 'yancheng.assistance.tilted.limit_not_reached', say(NO_CONTEXT, W.tiltLimitNotReached, sharedUsed, limits.assistance_shared_base, cBefore, cAfter))],
        counterDeltas: { tilt_self_pay: selfPay },
        counterLimits,
      };
    }
    const threshold = applyRate(income, params.rate('yancheng.tilted.threshold_share', date));
    const tiltLeft = Math.max(0, tiltLimit - (person.countersUsed.tilted_assistance_base ?? 0));
    const eligible = Math.min(Math.max(0, cAfter - Math.max(cBefore, threshold)), tiltLeft);
    const rateBp = params.rate('yancheng.tilted.ratio', date);
    const paid = applyRate(eligible, rateBp);
    return {
      explanation: [
        // 盐政办发〔2022〕73号 七
        line(paid, 'yancheng.assistance.tilted', say(NO_CONTEXT, W.tilted, rateBp, cAfter, cBefore, threshold, tiltLeft, tiltLimit)),
      ],
      consumes: 'in_scope_only',
      counterDeltas: { tilt_self_pay: selfPay, tilted_assistance_base: eligible },
      counterLimits,
    };
  },
};
