import { CounterKey } from '@benefit/policy';

/**
 * The limits of each year's counters as the latest adjudication of the year carried them (an
 * adjudication, or a correction that carries the adjudication as it now stands): what an
 * auditor's view of a person (the CLI's as-of, the console) shows each counter against.
 */
export function limitsByYear(events: readonly { data: unknown }[]): Map<number, Partial<Record<CounterKey, number | null>>> {
  const limits = new Map<number, Partial<Record<CounterKey, number | null>>>();
  for (const e of events) {
    const a = (e.data as { adjudication?: { year?: number; counterLimits?: Partial<Record<CounterKey, number | null>> } } | null)?.adjudication;
    if (!a || typeof a.year !== 'number' || !a.counterLimits) continue;
    limits.set(a.year, { ...limits.get(a.year), ...a.counterLimits });
  }
  return limits;
}
