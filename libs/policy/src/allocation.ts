/**
 * Per-item split of a claim-level payment (DOMAIN.md "Settlement order"): priorPayments and the
 * other lump sums are allocated over the claim's policy-scope items pro rata to their amounts,
 * half-up, the remainder to the last item.
 */
import { sumFen } from '@benefit/shared';
import { ClaimItem } from './claim';

/** round(total × weight / sum) half-up, in exact integer arithmetic. */
function proRata(total: number, weight: number, sum: number): number {
  const n = BigInt(total) * BigInt(weight);
  const d = BigInt(sum);
  return Number((2n * n + d) / (2n * d));
}

/**
 * Splits `totalFen` over `weights`: each share but the last is its pro-rata part rounded half-up,
 * the last takes the remainder. When `totalFen` ≤ Σ weights no share exceeds its weight: the rare
 * rounding that would push the last past its own weight (or below 0) hands the excess back to
 * the nearest earlier shares that have room, so the split always adds up and stays in bounds.
 */
export function allocateProRata(totalFen: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(totalFen) || totalFen < 0) throw new RangeError(`allocateProRata: total must be a non-negative integer, got ${totalFen}`);
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) throw new RangeError('allocateProRata: weights must be non-negative integers');
  const sum = sumFen(weights);
  if (weights.length === 0 || sum === 0) {
    if (totalFen === 0) return weights.map(() => 0);
    throw new RangeError(`allocateProRata: cannot split ${totalFen} fen over nothing`);
  }
  const bounded = totalFen <= sum;
  const shares = weights.map((w) => proRata(totalFen, w, sum));
  const last = weights.length - 1;
  shares[last] = totalFen - sumFen(shares.slice(0, last));
  if (bounded) {
    // hand back what the last share cannot hold (rounding can leave it above its weight or below 0)
    let excess = Math.max(0, shares[last] - weights[last]);
    let deficit = Math.max(0, -shares[last]);
    shares[last] = Math.min(Math.max(shares[last], 0), weights[last]);
    for (let i = last - 1; i >= 0 && (excess > 0 || deficit > 0); i--) {
      const add = Math.min(excess, weights[i] - shares[i]);
      shares[i] += add;
      excess -= add;
      const remove = Math.min(deficit, shares[i]);
      shares[i] -= remove;
      deficit -= remove;
    }
  }
  return shares;
}

/** What each policy-scope item has left after `paidFen` is allocated over them (class C items: their amount). */
export function itemRemainders(items: readonly ClaimItem[], paidFen: number): number[] {
  const inScope = items.map((i, at) => ({ i, at })).filter(({ i }) => i.catalogClass !== 'C');
  const allocated = allocateProRata(paidFen, inScope.map(({ i }) => i.amountFen));
  const rest = items.map((i) => i.amountFen);
  inScope.forEach(({ at }, k) => (rest[at] -= allocated[k]));
  return rest;
}

/**
 * What each item still leaves to the person, given how much policy-scope and class C money is
 * left in total: the policy-scope payments so far are allocated over the policy-scope items, what
 * is left of class C over the class C items, both pro rata.
 */
export function itemsLeftToPerson(items: readonly ClaimItem[], inScopeLeftFen: number, classCLeftFen: number): number[] {
  const scope = items.filter((i) => i.catalogClass !== 'C');
  const classC = items.filter((i) => i.catalogClass === 'C');
  const scopeRest = itemRemainders(scope, sumFen(scope.map((i) => i.amountFen)) - inScopeLeftFen);
  const classCRest = allocateProRata(classCLeftFen, classC.map((i) => i.amountFen));
  let s = 0;
  let c = 0;
  return items.map((i) => (i.catalogClass === 'C' ? classCRest[c++] : scopeRest[s++]));
}
