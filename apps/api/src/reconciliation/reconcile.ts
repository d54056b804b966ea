/**
 * 对账: our settlements of an institution over recorded days, totalled and compared with the
 * hospital's list. Pure functions over the reconciliation rows (libs/projections reconciliation.ts).
 */
import { PAYERS, Payer } from '@benefit/shared';
import { ReconciliationEntry } from '@benefit/projections';

export function totals(entries: ReconciliationEntry[]) {
  const shares = Object.fromEntries(PAYERS.map((p) => [p, 0])) as Record<Payer, number>;
  let claims = 0;
  let cancelled = 0;
  let totalFen = 0;
  for (const e of entries) {
    // settlements count in, cancellations out, each on the day it was recorded
    const sign = e.kind === 'settled' ? 1 : -1;
    if (sign === 1) claims++;
    else cancelled++;
    totalFen += sign * e.totalFen;
    for (const p of PAYERS) shares[p] += sign * e.shares[p];
  }
  // each row is bounded; a sum past 2^53 fen is a bug, never a figure
  if (!Number.isSafeInteger(totalFen)) throw new RangeError('reconciliation total passes 2^53 fen');
  return { claims, cancelled, totalFen, shares };
}

export interface TheirClaim {
  claimId: string;
  totalFen: number;
  fundFen: number;
}

/**
 * Ours: the claims settled in the range and not cancelled in it (a claim settled and cancelled in
 * the range nets to nothing, as the hospital's refunded bill does).
 */
export function compare(entries: ReconciliationEntry[], theirs: TheirClaim[]) {
  const ours = new Map<string, { totalFen: number; fundFen: number }>();
  for (const e of entries) {
    if (e.kind === 'settled') ours.set(e.claimId, { totalFen: e.totalFen, fundFen: e.fundFen });
    else ours.delete(e.claimId);
  }
  const mismatches: { claimId: string; field: 'totalFen' | 'fundFen'; oursFen: number; theirsFen: number }[] = [];
  const missingHere: string[] = [];
  const seen = new Set<string>();
  let matched = 0;
  for (const t of theirs) {
    seen.add(t.claimId);
    const o = ours.get(t.claimId);
    if (!o) {
      missingHere.push(t.claimId);
      continue;
    }
    const before = mismatches.length;
    for (const field of ['totalFen', 'fundFen'] as const) if (o[field] !== t[field]) mismatches.push({ claimId: t.claimId, field, oursFen: o[field], theirsFen: t[field] });
    if (mismatches.length === before) matched++;
  }
  const missingThere = [...ours.keys()].filter((id) => !seen.has(id));
  return { matched, mismatches, missingHere, missingThere };
}
