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

/** Calendar days from `from` to `to` (both YYYY-MM-DD; negative when `to` is earlier). */
export const daysBetween = (from: IsoDate, to: IsoDate): number => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

export function addDays(date: IsoDate, n: number): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The nights of a stay by calendar month: the days from `from` (counted) to `to` (not counted), a
 * same-day stay being one day of `from`'s month. In month order; at most `maxDays` days are given.
 */
export function daysByMonth(from: IsoDate, to: IsoDate, maxDays = Infinity): { month: Month; days: number }[] {
  const total = Math.min(maxDays, Math.max(1, daysBetween(from, to)));
  const out: { month: Month; days: number }[] = [];
  let day = from;
  let left = total;
  while (left > 0) {
    const month = monthOf(day);
    const days = Math.min(left, daysBetween(day, lastDayOf(month)) + 1);
    out.push({ month, days });
    left -= days;
    day = firstDayOf(addMonths(month, 1));
  }
  return out;
}

/*
 * The domain-wide window of dates (issue 10): every date and month a command or a parameter carries
 * lies between EARLIEST_DATE and today + N years (China time). Nothing in these schemes predates
 * 1990 (the oldest document applied here is of 2018), and a date decades ahead is a typing error or
 * an attack (a discharge in 9999 once made a month's settlement pay 2.9 million bed days).
 * N is DATE_WINDOW_YEARS_AHEAD (default 1), set once at boot.
 */
export const EARLIEST_DATE: IsoDate = '1990-01-01';
export const DEFAULT_DATE_WINDOW_YEARS_AHEAD = 1;
let yearsAhead = DEFAULT_DATE_WINDOW_YEARS_AHEAD;

export function setDateWindowYearsAhead(years: number): void {
  if (!Number.isInteger(years) || years < 0 || years > 50) throw new RangeError(`date window: years ahead must be a whole number from 0 to 50, got ${years}`);
  yearsAhead = years;
}

/** The first and last date a command may carry, today (China time). 29 February + N years is 28 February where no 29th exists. */
export function dateWindow(now: Date = new Date()): { from: IsoDate; to: IsoDate } {
  const today = todayInChina(now);
  const year = yearOf(today) + yearsAhead;
  const [month, day] = [Number(today.slice(5, 7)), Number(today.slice(8, 10))];
  const to = `${String(year).padStart(4, '0')}-${today.slice(5, 7)}-${String(Math.min(day, daysInMonth(year, month))).padStart(2, '0')}`;
  return { from: EARLIEST_DATE, to };
}

/** What is wrong with a date field (not a calendar date, or outside the window), or null. */
export function dateProblem(value: unknown, now?: Date): string | null {
  const { from, to } = dateWindow(now);
  if (!isValidDate(value)) return 'must be a calendar date YYYY-MM-DD';
  return value < from || value > to ? `must be a date from ${from} to ${to}` : null;
}

/** What is wrong with a month field (not YYYY-MM, or outside the window), or null. */
export function monthProblem(value: unknown, now?: Date): string | null {
  const { from, to } = dateWindow(now);
  if (!isValidMonth(value)) return 'must be a month YYYY-MM';
  return value < monthOf(from) || value > monthOf(to) ? `must be a month from ${monthOf(from)} to ${monthOf(to)}` : null;
}
