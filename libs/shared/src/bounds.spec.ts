/** Issue 10: the domain's window of dates, the nights of a stay by month, and sums that never round. */
import { EARLIEST_DATE, dateProblem, dateWindow, daysBetween, daysByMonth, monthProblem, setDateWindowYearsAhead } from './dates';
import { MAX_CLAIM_FEN, MAX_CONTRIBUTION_BASE_FEN, MAX_OPENING_BALANCE_FEN, MAX_PARAMETER_FEN, sumFen } from './money';

const at = (iso: string) => new Date(iso);

describe('the window of dates: 1990-01-01 to today + DATE_WINDOW_YEARS_AHEAD years (China time)', () => {
  afterEach(() => setDateWindowYearsAhead(1));

  it('runs from 1990-01-01 to today + 1 year by default, today being China’s (UTC+8)', () => {
    expect(dateWindow(at('2026-12-02T01:00:00Z'))).toEqual({ from: EARLIEST_DATE, to: '2027-12-02' });
    // 17:00 UTC is already the next day in China
    expect(dateWindow(at('2026-12-31T17:00:00Z')).to).toBe('2028-01-01');
  });

  it('29 February + 1 year is 28 February', () => {
    expect(dateWindow(at('2028-02-29T04:00:00Z')).to).toBe('2029-02-28');
  });

  it('the upper end follows the setting; 0 years ahead ends today', () => {
    setDateWindowYearsAhead(3);
    expect(dateWindow(at('2026-12-02T01:00:00Z')).to).toBe('2029-12-02');
    setDateWindowYearsAhead(0);
    expect(dateWindow(at('2026-12-02T01:00:00Z')).to).toBe('2026-12-02');
    expect(() => setDateWindowYearsAhead(-1)).toThrow(RangeError);
    expect(() => setDateWindowYearsAhead(1.5)).toThrow(RangeError);
  });

  it.each([
    ['0001-01-01', /from 1990-01-01 to 2027-12-02/],
    ['1989-12-31', /from 1990-01-01/],
    ['9999-12-31', /to 2027-12-02/],
    ['2027-12-03', /to 2027-12-02/],
    ['2023-02-30', /calendar date/],
    ['9999-99-99', /calendar date/],
    ['2023-1-01', /calendar date/],
    [20230101, /calendar date/],
    [null, /calendar date/],
  ])('a date field refuses %p', (value, message) => {
    expect(dateProblem(value, at('2026-12-02T01:00:00Z'))).toMatch(message);
  });

  it.each(['1990-01-01', '2023-02-28', '2024-02-29', '2027-12-02'])('a date field takes %s', (value) => {
    expect(dateProblem(value, at('2026-12-02T01:00:00Z'))).toBeNull();
  });

  it('a month field: 1990-01 to the month of the last date', () => {
    const now = at('2026-12-02T01:00:00Z');
    for (const ok of ['1990-01', '2023-07', '2027-12']) expect(monthProblem(ok, now)).toBeNull();
    expect(monthProblem('0001-01', now)).toMatch(/from 1990-01 to 2027-12/);
    expect(monthProblem('9999-12', now)).toMatch(/to 2027-12/);
    expect(monthProblem('2028-01', now)).toMatch(/to 2027-12/);
    expect(monthProblem('2023-13', now)).toMatch(/YYYY-MM/);
    expect(monthProblem(['2023-01'], now)).toMatch(/YYYY-MM/);
  });
});

describe('the nights of a stay by month (admission day counts, discharge day does not)', () => {
  it('a stay inside one month is one entry; a same-day stay one day', () => {
    expect(daysByMonth('2023-03-01', '2023-03-11')).toEqual([{ month: '2023-03', days: 10 }]);
    expect(daysByMonth('2023-03-05', '2023-03-05')).toEqual([{ month: '2023-03', days: 1 }]);
  });

  it('a stay across months gives each month its own nights, adding up to the stay', () => {
    expect(daysByMonth('2023-01-30', '2023-03-02')).toEqual([
      { month: '2023-01', days: 2 },
      { month: '2023-02', days: 28 },
      { month: '2023-03', days: 1 },
    ]);
    const year = daysByMonth('2024-01-01', '2024-12-31');
    expect(year).toHaveLength(12);
    expect(year.reduce((s, m) => s + m.days, 0)).toBe(daysBetween('2024-01-01', '2024-12-31'));
  });

  it('gives at most maxDays nights: a stay recorded without the bound cannot fill thousands of months', () => {
    const capped = daysByMonth('2023-03-01', '9999-12-31', 366);
    expect(capped.reduce((s, m) => s + m.days, 0)).toBe(366);
    expect(capped[capped.length - 1]).toEqual({ month: '2024-02', days: 29 }); // 2023-03-01 + 366 nights: to the end of February 2024
  });
});

describe('money: sums never round, the bounds keep them far from 2^53', () => {
  it('sumFen adds exactly and throws past Number.MAX_SAFE_INTEGER instead of rounding', () => {
    expect(sumFen([1, 2, 3])).toBe(6);
    expect(sumFen([Number.MAX_SAFE_INTEGER - 1, 1])).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => sumFen([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
  });

  it('the claim bound leaves room for 9 million claims at the maximum in one sum', () => {
    expect(Math.floor(Number.MAX_SAFE_INTEGER / MAX_CLAIM_FEN)).toBeGreaterThan(9_000_000);
  });

  it("a person's balance: the opening balance plus the largest monthly credit over every month of the window stays below 2^40", () => {
    const months = (2100 - 1990) * 12; // a window pushed to its widest setting still fits
    const largestCredit = Math.max(Math.round(MAX_CONTRIBUTION_BASE_FEN * 0.02), Math.round(MAX_PARAMETER_FEN * 0.028));
    expect(MAX_OPENING_BALANCE_FEN + months * largestCredit).toBeLessThan(2 ** 40);
  });
});
