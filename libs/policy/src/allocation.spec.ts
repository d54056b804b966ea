/** DOMAIN.md "Settlement order": priorPayments are allocated over policy-scope items pro rata, half-up, the remainder to the last. */
import fc from 'fast-check';
import { sumFen } from '@benefit/shared';
import { allocateProRata, itemRemainders, itemsLeftToPerson } from './allocation';
import { item } from './testing/fixtures';

describe('allocateProRata: half-up per item, the remainder to the last item', () => {
  it('100 over three equal items: 33, 33, 34', () => {
    expect(allocateProRata(100, [1, 1, 1])).toEqual([33, 33, 34]);
  });

  it('half-up: 5 over 1:1 → 3 (2.5 rounds up), the last takes 2', () => {
    expect(allocateProRata(5, [10, 10])).toEqual([3, 2]);
  });

  it('pro rata to the amounts: 250 over 300 and 200 → 150, 100', () => {
    expect(allocateProRata(250, [300, 200])).toEqual([150, 100]);
  });

  it('the rare rounding that would push the last item past its amount hands the excess back', () => {
    // seven items of 1 and one of 3: 4 × 1/10 = 0.4 rounds to 0 each; the last could not take 4
    const shares = allocateProRata(4, [1, 1, 1, 1, 1, 1, 1, 3]);
    expect(sumFen(shares)).toBe(4);
    expect(shares[7]).toBe(3);
  });

  it('…or leave the last item below 0: 1 over 1, 1, 0 → 1, 0, 0', () => {
    expect(allocateProRata(1, [1, 1, 0])).toEqual([1, 0, 0]);
  });

  it('nothing over nothing is nothing; something over nothing is a bug', () => {
    expect(allocateProRata(0, [])).toEqual([]);
    expect(() => allocateProRata(1, [0, 0])).toThrow(RangeError);
  });

  it('property: adds up to the total, and no item gets more than its amount or less than 0', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 12 }), fc.double({ min: 0, max: 1, noNaN: true }), (weights, share) => {
        const total = Math.floor(sumFen(weights) * share);
        if (sumFen(weights) === 0) return;
        const shares = allocateProRata(total, weights);
        expect(sumFen(shares)).toBe(total);
        shares.forEach((s, i) => {
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(weights[i]);
        });
      }),
    );
  });
});

describe('per-item remainders', () => {
  it('itemRemainders: class C items keep their amount, policy-scope items lose their share of what was paid', () => {
    expect(itemRemainders([item(300), item(50, 'C'), item(200)], 250)).toEqual([150, 50, 100]);
  });

  it('itemsLeftToPerson: policy-scope left 100 of 500, class C left 30 of 60', () => {
    expect(itemsLeftToPerson([item(300), item(20, 'C'), item(200), item(40, 'C')], 100, 30)).toEqual([60, 10, 40, 20]);
  });
});
