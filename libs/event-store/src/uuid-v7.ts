import { randomUUID } from 'node:crypto';

/**
 * UUID version 7 (RFC 9562): a 48-bit millisecond timestamp, then random bits (taken from
 * node's pooled randomUUID). Event ids in time order keep the unique index append-mostly.
 */
export function uuidV7(now = Date.now()): string {
  const ts = now.toString(16).padStart(12, '0');
  const r = randomUUID(); // xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx, V already the RFC variant
  return `${ts.slice(0, 8)}-${ts.slice(8, 12)}-7${r.slice(15, 18)}-${r.slice(19)}`;
}
