import { Month, addMonths } from '@benefit/shared';

/**
 * The month whose settlement holds a claim's money (API.md GET /v1/ledgers): its own month while
 * that month is open, else the first open month after it, as for a late claim. The same answer
 * for a claim, a cancellation, a correction and a bed day: one place decides it.
 */
export function ledgerMonthFor(month: Month, settled: ReadonlySet<Month>): Month {
  let open = month;
  while (settled.has(open)) open = addMonths(open, 1);
  return open;
}
