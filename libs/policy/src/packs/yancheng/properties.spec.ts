/** Properties of the Yancheng pack over random claims, statuses and counters (fast-check). */
import fc from 'fast-check';
import { applyRate, sumFen } from '@benefit/shared';
import { policyScopeOf } from '../../chain';
import { holds, statusesOf } from '../../statuses';
import { claimArb, personArb } from '../../testing/arbitraries';
import { yanchengBook, yuan } from '../../testing/fixtures';
import { settleOrRefuse } from '../../testing/property';
import { isFreeDrug } from './free-psychiatric-drugs';
import { ASSISTANCE_GROUPS, LIMIT_COUNTER, limitKindOf } from './terms';
import { yanchengPack } from '.';

const params = yanchengBook();
const LIMITS = {
  assistance_general_outpatient_base: yuan(10_000),
  assistance_shared_base: yuan(150_000),
  tilted_assistance_base: yuan(30_000),
  tilt_self_pay: yuan(100_000),
  personal_burden: yuan(100_000),
};
const RATIO = { full: 10_000, high: 8_000, standard: 7_000 };
const claims = claimArb({ years: [2023], prior: 'sometimes', priorAssistance: false });
const persons = personArb('yancheng', LIMITS);

describe('Yancheng properties', () => {
  it('shares add up, nothing is negative, every fen is explained, no counter passes its limit', () => {
    fc.assert(fc.property(claims, persons, (c, p) => void settleOrRefuse(c, p, yanchengPack, params)), { numRuns: 500 });
  });

  it('八 the highest status is applied once: regular assistance = round(highest ratio × the cost base it used)', () => {
    fc.assert(
      fc.property(claims, persons, (c, p) => {
        const a = settleOrRefuse(c, p, yanchengPack, params);
        if (!a) return;
        const held = statusesOf(p).map((s) => s.status);
        const ratios = Object.entries(ASSISTANCE_GROUPS).filter(([, ss]) => ss.some((s) => held.includes(s))).map(([g]) => RATIO[g as keyof typeof RATIO]);
        const regular = a.explanation.filter((l) => l.rule === 'yancheng.assistance.regular');
        if (ratios.length === 0) {
          expect(a.shares.medical_assistance).toBe(0);
          return;
        }
        expect(regular.length).toBeLessThanOrEqual(1);
        if (regular.length) expect(regular[0].amountFen).toBe(applyRate(a.counterDeltas[LIMIT_COUNTER[limitKindOf(c)]] ?? 0, Math.max(...ratios)));
      }),
      { numRuns: 500 },
    );
  });

  it('盐医保发〔2023〕11号 六: a registered patient pays nothing for the covered drugs', () => {
    const visits = claims.map((c) => ({ ...c, designated: true, location: 'in_county' as const, visitType: c.visitType === 'inpatient' ? ('general_outpatient' as const) : c.visitType }));
    const patients = persons.map((p) => ({ ...p, activeStatuses: [...p.activeStatuses, 'severe_mental_disorder' as const], statuses: [...(p.statuses ?? []), { status: 'severe_mental_disorder' as const }] }));
    fc.assert(
      fc.property(fc.oneof(claims, visits), fc.oneof(persons, patients), (c, p) => {
        const a = settleOrRefuse(c, p, yanchengPack, params);
        const covered =
          a && holds(p, 'severe_mental_disorder') && c.serviceDate >= '2023-03-01' && c.visitType !== 'inpatient' && c.designated && (c.location === 'in_county' || c.location === 'in_city');
        if (!covered) return;
        const free = sumFen(c.items.filter(isFreeDrug).map((i) => i.amountFen));
        expect(a.shares.self_pay + a.shares.personal_account).toBeLessThanOrEqual(a.totalFen - free);
      }),
      { numRuns: 500 },
    );
  });

  it('七 10% cap: a relief-status holder never pays more than 10% of the policy-scope total of an in-county designated stay', () => {
    const stays = claims.map((c) => ({ ...c, visitType: 'inpatient' as const, location: 'in_county' as const, designated: true }));
    fc.assert(
      fc.property(stays, persons, (c, p) => {
        const a = settleOrRefuse(c, p, yanchengPack, params);
        const held = statusesOf(p).some((s) => Object.values(ASSISTANCE_GROUPS).flat().includes(s.status));
        if (!a || !held) return;
        expect(a.shares.self_pay + a.shares.personal_account).toBeLessThanOrEqual(applyRate(policyScopeOf(c), 1_000));
      }),
      { numRuns: 300 },
    );
  });
});
