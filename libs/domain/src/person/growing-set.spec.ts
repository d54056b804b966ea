/** The person's claim ids as a set that only grows, shared between states (growing-set.ts). */
import fc from 'fast-check';
import { GrowingSet } from './growing-set';

describe('GrowingSet', () => {
  it('behaves as a copied Set would, whichever earlier version is added to (a fold, a retry, a branch)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 30 })), { maxLength: 80 }), (steps) => {
        const ours: GrowingSet<number>[] = [GrowingSet.of<number>()];
        const copies: Set<number>[] = [new Set()];
        for (const [from, member] of steps) {
          const at = from % ours.length;
          ours.push(ours[at].add(member));
          copies.push(new Set(copies[at]).add(member));
        }
        // every version, the older ones included, holds exactly what a copied Set holds, in its order
        ours.forEach((set, i) => {
          expect([...set]).toEqual([...copies[i]]);
          expect(set.size).toBe(copies[i].size);
          for (let m = 0; m <= 30; m++) expect(set.has(m)).toBe(copies[i].has(m));
        });
      }),
    );
  });

  it('adding a member it holds gives the same set; of() drops repeats', () => {
    const s = GrowingSet.of(['a', 'b', 'a']);
    expect([...s]).toEqual(['a', 'b']);
    expect(s.add('a')).toBe(s);
  });
});
