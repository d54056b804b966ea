/**
 * The edge where personal data is read: an event's sealed fields opened for a reader. The name
 * comes out as written, the resident id masked (its first 6 and last 4 characters: the full
 * number never leaves the service), and both as null once the person's identity is erased.
 */
import { maskResidentId } from '@benefit/shared';
import { SEALED_FIELDS } from './envelope';
import { PiiVault } from './vault';

/**
 * A copy of `data` with `name` and `idNumber` opened, when it is about a person and has them; else
 * `data` itself. `erased`: persons whose erasure the reader has seen recorded — they read as erased
 * even if a crash stopped the erasure before their key was destroyed (sending it again does that).
 */
export async function openPersonalFields(vault: PiiVault, data: unknown, erased: ReadonlySet<string> = new Set()): Promise<unknown> {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return data;
  const d = data as Record<string, unknown>;
  if (typeof d.personId !== 'string' || !SEALED_FIELDS.some((f) => typeof d[f] === 'string')) return data;
  const out: Record<string, unknown> = { ...d };
  for (const field of SEALED_FIELDS) {
    const value = d[field];
    if (typeof value !== 'string') continue;
    const plain = erased.has(d.personId) ? null : await vault.open(d.personId, field, value);
    out[field] = plain === null ? null : field === 'idNumber' ? maskResidentId(plain) : plain;
  }
  return out;
}
