/** Streams that hold unique keys (see reservations.ts). */
import { createHmac } from 'node:crypto';

/** `claim-{claimId}`: makes the claim id unique across persons (the idempotency key). */
export const claimStream = (claimId: string) => `claim-${claimId}`;

/**
 * One person per resident id. The stream id is a keyed hash (HMAC) of the number: a plain hash
 * of an 18-digit id with a guessable birth date could be reversed by anyone who reads the log.
 */
export const residentIdStream = (idNumber: string, key: string) =>
  `resident-${createHmac('sha256', key).update(idNumber.toUpperCase()).digest('hex').slice(0, 32)}`;
