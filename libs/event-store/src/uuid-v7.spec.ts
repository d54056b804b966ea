import { uuidV7 } from './uuid-v7';

describe('uuidV7 (RFC 9562)', () => {
  it('has version 7, the RFC variant and the timestamp first, so ids sort by time', () => {
    const a = uuidV7(1_700_000_000_000);
    const b = uuidV7(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.replace(/-/g, '').slice(0, 12)).toBe((1_700_000_000_000).toString(16).padStart(12, '0'));
    expect(a < b).toBe(true);
  });

  it('differs within one millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => uuidV7(1_700_000_000_000)));
    expect(ids.size).toBe(1000);
  });
});
