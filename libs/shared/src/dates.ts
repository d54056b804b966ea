/** Calendar dates, months and years in China time (DOMAIN.md conventions). */
export type IsoDate = string; // YYYY-MM-DD
export type Month = string; // YYYY-MM

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;

export function isValidDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

export function isValidMonth(value: unknown): value is Month {
  if (typeof value !== 'string') return false;
  const m = MONTH_RE.exec(value);
  return !!m && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

export const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();
export const monthOf = (date: IsoDate): Month => date.slice(0, 7);
export const yearOf = (dateOrMonth: string): number => Number(dateOrMonth.slice(0, 4));
export const firstDayOf = (month: Month): IsoDate => `${month}-01`;
export const lastDayOf = (month: Month): IsoDate =>
  `${month}-${String(daysInMonth(yearOf(month), Number(month.slice(5, 7)))).padStart(2, '0')}`;

export function addMonths(month: Month, n: number): Month {
  const total = yearOf(month) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** Today in China time (UTC+8, no daylight saving). */
export function todayInChina(now: Date = new Date()): IsoDate {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
