/** Properties of the Jingjiang pack over random claims, statuses and exclusions (fast-check). */
import fc from 'fast-check';
import { sumFen } from '@benefit/shared';
import { claimArb, personArb } from '../../testing/arbitraries';
import { book, record } from '../../testing/fixtures';
import { settleOrRefuse } from '../../testing/property';
import { claimExclusions, eligibleAs } from './eligibility';
import { jingjiangPack } from '.';

const params = book();
const claims = claimArb({ years: [2019, 2023], prior: 'always', priorAssistance: true, tags: true });
const persons = personArb('jingjiang', {});

describe('Jingjiang properties', () => {
  it('shares add up, nothing is negative, every fen is explained', () => {
    fc.assert(fc.property(claims, persons, (c, p) => void settleOrRefuse(c, p, jingjiangPack, params)), { numRuns: 500 });
  });

  it('二十一 an excluded claim gets nothing from poverty_insurance, and every exclusion is named with a 0 line', () => {
    fc.assert(
      fc.property(claims, persons, (c, p) => {
        const a = settleOrRefuse(c, p, jingjiangPack, params)!;
        const exclusions = claimExclusions(c);
        if (exclusions.length === 0) return;
        expect(a.shares.poverty_insurance).toBe(0);
        if (eligibleAs(p)) {
          const lines = a.explanation.filter((l) => l.payer === 'poverty_insurance');
          expect(lines.map((l) => l.citation)).toEqual(exclusions.map((e) => expect.stringContaining(e.article)));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('五 only 救助对象 are paid; 二十 never more than what is left to the person', () => {
    fc.assert(
      fc.property(claims, persons, (c, p) => {
        const a = settleOrRefuse(c, p, jingjiangPack, params)!;
        if (!eligibleAs(p)) expect(a.shares.poverty_insurance).toBe(0);
        expect(a.shares.poverty_insurance).toBeLessThanOrEqual(a.totalFen - sumFen(Object.values(c.priorPayments ?? {}).map((v) => v ?? 0)));
      }),
      { numRuns: 500 },
    );
  });

  it('二十一(一) outside the insurance period nothing is paid', () => {
    const lapsed = book(record('jingjiang.policy_in_force', false, '2019-01-01'));
    fc.assert(fc.property(claims, persons, (c, p) => expect(settleOrRefuse(c, p, jingjiangPack, lapsed)!.shares.poverty_insurance).toBe(0)), { numRuns: 200 });
  });
});
