/** 10% cap (七): what a 救助对象 pays for an in-county designated stay never exceeds 10% of its policy-scope total. */
import { applyRate } from '@benefit/shared';
import { burdenOf } from '../../chain';
import { ChainStep } from '../../pack';
import { NO_CONTEXT, say } from '../../wording';
import { assistanceStatus } from './terms';
import { YANCHENG_WORDS } from './wordings';

/**
 * 救助对象在参保地县域内定点医疗机构住院个人自付费用控制在政策范围内住院总费用10%以内，超出10%
 * 的部分，由定点医疗机构承担. Choice (DOMAIN.md §2): class C counts toward what remains, since
 * the clause exists to control 目录外 spending — and the institution absorbs class C first.
 */
export const hospitalCap: ChainStep = {
  name: 'yancheng.hospital_cap',
  payer: 'hospital_borne',
  apply({ claim, person, params, burden, policyScopeFen }) {
    if (claim.visitType !== 'inpatient' || !claim.designated || claim.location !== 'in_county') return { explanation: [] };
    const held = assistanceStatus(person, params, claim.serviceDate);
    if (!held) return { explanation: [] };
    const shareBp = params.rate('yancheng.hospital_cap.share', claim.serviceDate);
    const cap = applyRate(policyScopeFen, shareBp);
    const remaining = burdenOf(burden);
    const excess = Math.max(0, remaining - cap);
    return {
      explanation: [
        {
          payer: 'hospital_borne',
          amountFen: excess,
          rule: 'yancheng.hospital_cap',
          // 盐政办发〔2022〕73号 七 (class C counted: Choice, DOMAIN.md §2)
          ...say(NO_CONTEXT, YANCHENG_WORDS.hospitalCap, held.status, remaining, shareBp, policyScopeFen, cap, excess),
        },
      ],
      consumes: 'class_c_first',
    };
  },
};
