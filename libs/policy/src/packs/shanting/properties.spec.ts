/** Properties of the Shanting pack over random claims and statuses (fast-check). */
import fc from 'fast-check';
import { sumFen } from '@benefit/shared';
import { holds, statusesOf } from '../../statuses';
import { claimArb, personArb } from '../../testing/arbitraries';
import { book } from '../../testing/fixtures';
import { settleOrRefuse } from '../../testing/property';
import { shantingPack } from '.';

const params = book();
const claims = fc.oneof(claimArb({ years: [2019, 2023], prior: 'never', priorAssistance: false }), claimArb({ years: [2019, 2023], prior: 'always', priorAssistance: true }));
const persons = personArb('shanting', {});

describe('Shanting properties', () => {
  it('shares add up, nothing is negative, every fen is explained', () => {
    fc.assert(fc.property(claims, persons, (c, p) => void settleOrRefuse(c, p, shantingPack, params)), { numRuns: 500 });
  });

  it('二 a registered patient treated free pays class C at most; others get no backstop', () => {
    fc.assert(
      fc.property(claims, persons, (c, p) => {
        const a = settleOrRefuse(c, p, shantingPack, params)!;
        const smd = statusesOf(p).find((s) => s.status === 'severe_mental_disorder');
        if (!smd) {
          expect(a.shares.fiscal_backstop).toBe(0);
          return;
        }
        const free = c.serviceDate >= '2020-01-01' || (smd.riskLevel ?? 0) >= 3 || holds(p, 'registered_poor_household');
        if (free && c.designated) {
          expect(a.shares.self_pay + a.shares.personal_account).toBe(sumFen(c.items.filter((i) => i.catalogClass === 'C').map((i) => i.amountFen)));
        }
      }),
      { numRuns: 500 },
    );
  });
});
