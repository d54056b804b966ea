/** Issue 10: DATE_WINDOW_YEARS_AHEAD, the upper end of the window of dates, checked at boot like every setting. */
import { loadConfig } from './config';

const base = { DATA_DIR: '/tmp/benefit-config-spec', ADMIN_TOKEN: 'test-admin-token-0123456789abcdef' };

describe('DATE_WINDOW_YEARS_AHEAD', () => {
  it('defaults to 1 year (unset or empty); takes whole years from 0 to 50', () => {
    expect(loadConfig(base).dateWindowYearsAhead).toBe(1);
    expect(loadConfig({ ...base, DATE_WINDOW_YEARS_AHEAD: '' }).dateWindowYearsAhead).toBe(1);
    expect(loadConfig({ ...base, DATE_WINDOW_YEARS_AHEAD: '0' }).dateWindowYearsAhead).toBe(0);
    expect(loadConfig({ ...base, DATE_WINDOW_YEARS_AHEAD: '5' }).dateWindowYearsAhead).toBe(5);
  });

  it.each(['-1', '51', '1.5', 'one', '9999'])('refuses %p with a message naming the setting', (value) => {
    expect(() => loadConfig({ ...base, DATE_WINDOW_YEARS_AHEAD: value })).toThrow(/DATE_WINDOW_YEARS_AHEAD must be a whole number of years from 0 to 50/);
  });
});
