import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { ENVELOPE_PATTERN, EnvelopeError, isSealed, openWith, sealWith } from './envelope';

const key = randomBytes(32);

describe('a sealed field (pii:v1, AES-256-GCM, bound to its person and field)', () => {
  it('opens to exactly the string sealed, for any string (lone surrogates and NUL included)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string({ maxLength: 40 }), (a, b, personId) => {
        for (const text of [a, b, `${a}\ud800${b}`, `\u0000${b}`]) expect(openWith(key, personId, 'name', sealWith(key, personId, 'name', text))).toBe(text);
      }),
    );
  });

  it('is a pii:v1: string of base64url that the envelope pattern finds whole inside JSON', () => {
    const sealed = sealWith(key, 'P-1', 'idNumber', '11010519491231002X');
    expect(sealed).toMatch(/^pii:v1:[A-Za-z0-9_-]+$/);
    expect(isSealed(sealed)).toBe(true);
    expect(JSON.stringify({ idNumber: sealed }).match(ENVELOPE_PATTERN)).toEqual([sealed]);
  });

  it('never shows the plaintext, and sealing twice gives two different envelopes (random IV)', () => {
    const a = sealWith(key, 'P-1', 'name', '张三');
    const b = sealWith(key, 'P-1', 'name', '张三');
    expect(a).not.toBe(b);
    expect(Buffer.from(a.slice(7), 'base64url').includes(Buffer.from('张三'))).toBe(false);
  });

  it('hides the length of a name to within 16 bytes (padding)', () => {
    const len = (s: string) => sealWith(key, 'P', 'name', s).length;
    expect(len('张三')).toBe(len('欧阳娜娜'));
    expect(len('a')).toBe(len('abcdefghijklm'));
  });

  it('refuses another person, another field, another key, or any altered byte', () => {
    const sealed = sealWith(key, 'P-1', 'name', '张三');
    expect(() => openWith(key, 'P-2', 'name', sealed)).toThrow(EnvelopeError);
    expect(() => openWith(key, 'P-1', 'idNumber', sealed)).toThrow(EnvelopeError);
    expect(() => openWith(randomBytes(32), 'P-1', 'name', sealed)).toThrow(EnvelopeError);
    const raw = Buffer.from(sealed.slice(7), 'base64url');
    fc.assert(
      fc.property(fc.nat(raw.length - 1), fc.integer({ min: 1, max: 255 }), (at, xor) => {
        const altered = Buffer.from(raw);
        altered[at] ^= xor;
        expect(() => openWith(key, 'P-1', 'name', `pii:v1:${altered.toString('base64url')}`)).toThrow(EnvelopeError);
      }),
    );
    expect(() => openWith(key, 'P-1', 'name', sealed.slice(0, 30))).toThrow(EnvelopeError);
  });

  it('tells an envelope from a value written before encryption', () => {
    expect(isSealed('张三')).toBe(false);
    expect(isSealed('11010519491231002X')).toBe(false);
    expect(isSealed(null)).toBe(false);
  });
});
