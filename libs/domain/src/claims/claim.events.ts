/** Streams that hold unique keys (see reservations.ts). */
import { sha256 } from '@benefit/shared';

/** `claim-{claimId}`: makes the claim id unique across persons (the idempotency key). */
export const claimStream = (claimId: string) => `claim-${claimId}`;

/** One person per resident id; the stream id holds a hash, never the number itself. */
export const residentIdStream = (idNumber: string) => `resident-${sha256(idNumber.toUpperCase()).slice(0, 32)}`;
