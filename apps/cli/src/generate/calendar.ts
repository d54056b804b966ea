/** The simulated period of a synthetic city (2023–2024, inside every pack's validity) and its day arithmetic. */
import { IsoDate, Month, addMonths } from '@benefit/shared';

export const FIRST_DAY = '2023-01-01';
export const LAST_DAY = '2024-12-31';
export const YEARS = [2023, 2024];
export const MONTHS: Month[] = Array.from({ length: 24 }, (_, i) => addMonths('2023-01', i));

export const DAY_MS = 86_400_000;
export const dayNumber = (date: IsoDate) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
export const dateOfDay = (day: number): IsoDate => new Date(day * DAY_MS).toISOString().slice(0, 10);
export const addDays = (date: IsoDate, days: number) => dateOfDay(dayNumber(date) + days);
/** An instant on a China-time calendar day, `minutes` after midnight (UTC+8). */
export const chinaInstant = (date: IsoDate, minutes: number): number => Date.parse(`${date}T00:00:00+08:00`) + minutes * 60_000;

