/**
 * A sealed field: one personal value (a name, a resident id) encrypted with its person's data key.
 *
 *   pii:v1:<base64url(iv ‖ ciphertext ‖ tag)>
 *
 * - AES-256-GCM with a random 96-bit IV. Each person has a key of their own and is sealed a few
 *   times in a lifetime, far below the 2^32 messages a random IV allows under one key.
 * - The additional data binds the value to its person and field: a ciphertext copied into another
 *   person's event, or from `name` into `idNumber`, fails to open instead of reading as theirs.
 * - The plaintext is padded to a multiple of 16 bytes (PKCS#7) before encryption, so the stored
 *   length tells a name's length only to within 16 bytes (about five Chinese characters).
 * - The plaintext is the value as JSON, so that any JavaScript string round-trips exactly (a lone
 *   surrogate would not survive UTF-8 as it is).
 * - Anything that is not `pii:v1:` is not an envelope: events written before encryption hold
 *   plaintext, and readers pass such values through (see PiiVault.open).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const ENVELOPE_PREFIX = 'pii:v1:';
/** An envelope inside other text (a JSON document): the prefix and its base64url body. */
export const ENVELOPE_PATTERN = /pii:v1:[A-Za-z0-9_-]+/g;

const IV_BYTES = 12;
const TAG_BYTES = 16;
const BLOCK = 16;
export const DATA_KEY_BYTES = 32;

export type SealedField = 'name' | 'idNumber';
export const SEALED_FIELDS: readonly SealedField[] = ['name', 'idNumber'];

export const isSealed = (value: unknown): value is string => typeof value === 'string' && value.startsWith(ENVELOPE_PREFIX);

/** Unambiguous for any person id (JSON quotes and escapes it), and versioned with the format. */
const aad = (personId: string, field: string) => Buffer.from(JSON.stringify(['pii:v1', personId, field]), 'utf8');

function pad(plain: Buffer): Buffer {
  const n = BLOCK - (plain.length % BLOCK);
  return Buffer.concat([plain, Buffer.alloc(n, n)]);
}

function unpad(padded: Buffer): Buffer {
  const n = padded.length ? padded[padded.length - 1] : 0;
  // only a bug or a forged value could break this: GCM has already authenticated the bytes
  if (n < 1 || n > BLOCK || n > padded.length) throw new EnvelopeError('bad padding');
  return padded.subarray(0, padded.length - n);
}

/** A value that claims to be an envelope but does not open: tampered, truncated, or sealed for someone else. */
export class EnvelopeError extends Error {
  constructor(reason: string) {
    super(`sealed value does not open: ${reason}`);
    this.name = 'EnvelopeError';
  }
}

export function sealWith(dataKey: Buffer, personId: string, field: string, plaintext: string): string {
  if (dataKey.length !== DATA_KEY_BYTES) throw new Error('a data key has 32 bytes');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  cipher.setAAD(aad(personId, field));
  const body = Buffer.concat([cipher.update(pad(Buffer.from(JSON.stringify(plaintext), 'utf8'))), cipher.final()]);
  return ENVELOPE_PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

export function openWith(dataKey: Buffer, personId: string, field: string, sealed: string): string {
  if (!isSealed(sealed)) throw new EnvelopeError('not an envelope');
  const raw = Buffer.from(sealed.slice(ENVELOPE_PREFIX.length), 'base64url');
  if (raw.length < IV_BYTES + BLOCK + TAG_BYTES || (raw.length - IV_BYTES - TAG_BYTES) % BLOCK !== 0) throw new EnvelopeError('truncated');
  const decipher = createDecipheriv('aes-256-gcm', dataKey, raw.subarray(0, IV_BYTES));
  decipher.setAAD(aad(personId, field));
  decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
  try {
    const padded = Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]);
    const value: unknown = JSON.parse(unpad(padded).toString('utf8'));
    if (typeof value !== 'string') throw new EnvelopeError('not a sealed string');
    return value;
  } catch (err) {
    if (err instanceof EnvelopeError) throw err;
    throw new EnvelopeError('authentication failed (wrong key, person or field, or altered bytes)');
  }
}
