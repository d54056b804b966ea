/** Issue 10: the bounds every new claim keeps, each naming its field. */
import { MAX_CLAIM_FEN } from '@benefit/shared';
import { MAX_STAY_DAYS, claimBoundsProblems } from './claim';

const item = (amountFen: number) => ({ code: 'X', name: 'x', kind: 'drug' as const, catalogClass: 'A' as const, drugClass: null, amountFen });
const fields = (c: Parameters<typeof claimBoundsProblems>[0]) => claimBoundsProblems(c).map((e) => e.field);

describe('claimBoundsProblems', () => {
  it(`the items add up to at most ${MAX_CLAIM_FEN} fen (10 million yuan), however they are split`, () => {
    expect(fields({ serviceDate: '2023-03-01', dischargeDate: null, items: [item(MAX_CLAIM_FEN)] })).toEqual([]);
    expect(fields({ serviceDate: '2023-03-01', dischargeDate: null, items: [item(MAX_CLAIM_FEN), item(1)] })).toEqual(['items']);
    expect(fields({ serviceDate: '2023-03-01', dischargeDate: null, items: Array.from({ length: 5000 }, () => item(MAX_CLAIM_FEN)) })).toEqual(['items']);
  });

  it(`a discharge on or after the admission, at most ${MAX_STAY_DAYS} days later`, () => {
    expect(fields({ serviceDate: '2023-03-01', dischargeDate: '2023-03-01', items: [item(1)] })).toEqual([]);
    expect(fields({ serviceDate: '2023-03-01', dischargeDate: '2024-03-01', items: [item(1)] })).toEqual([]); // 366 days, 2024 is a leap year
    expect(fields({ serviceDate: '2023-03-01', dischargeDate: '2024-03-02', items: [item(1)] })).toEqual(['dischargeDate']);
    expect(fields({ serviceDate: '2023-03-01', dischargeDate: '9999-12-31', items: [item(1)] })).toEqual(['dischargeDate']);
    expect(claimBoundsProblems({ serviceDate: '2023-03-10', dischargeDate: '2023-03-09', items: [item(1)] })).toEqual([
      { field: 'dischargeDate', message: expect.stringMatching(/not be before serviceDate/) },
    ]);
  });
});
