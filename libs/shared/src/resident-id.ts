/**
 * PRC resident identity number (GB 11643-1999): 6-digit area code, 8-digit birth date,
 * 3-digit sequence, and an ISO 7064 MOD 11-2 check character.
 */
import { isValidDate } from './dates';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
/** First two digits: province-level codes of GB/T 2260 (incl. 71 Taiwan, 81/82 Hong Kong, Macao). */
const PROVINCES = new Set([11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82]);

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** Returns null when valid, otherwise what is wrong (never echoing the number itself). */
export function residentIdProblem(value: unknown, today?: string): string | null {
  if (typeof value !== 'string') return 'must be a string of 18 characters';
  if (value.length !== 18) return `must have 18 characters, got ${value.length}`;
  if (!/^\d{17}[\dXx]$/.test(value)) return 'must be 17 digits followed by a digit or X';
  if (!PROVINCES.has(Number(value.slice(0, 2)))) return 'area code does not name a province';
  const birth = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (!isValidDate(birth) || birth < '1900-01-01' || (today !== undefined && birth > today)) return 'birth date is not a valid past date';
  if (checkCharacter(value) !== value[17].toUpperCase()) return 'check character does not match (ISO 7064 MOD 11-2)';
  return null;
}

/** Masks every run of characters shaped like a resident id in free text (paths, messages). */
export const maskResidentIdsIn = (text: string): string => text.replace(/\d{17}[\dXx]/g, (id) => maskResidentId(id));

/** Shows the area code and the last four characters only; the birth date never leaves the service. */
export function maskResidentId(value: string): string {
  if (value.length < 10) return '*'.repeat(value.length);
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
}
