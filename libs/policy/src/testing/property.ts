/** Runs a pack over random claims: a claim is either settled soundly or refused with a DomainError, never an invariant failure. */
import { DomainError } from '@benefit/shared';
import { settleClaim } from '../chain';
import { Adjudication, Beneficiary, Claim } from '../claim';
import { RegionPack } from '../pack';
import { ParameterBook } from '../parameters';
import { expectSound } from './arbitraries';

export function settleOrRefuse(c: Claim, p: Beneficiary, pack: RegionPack, params: ParameterBook): Adjudication | null {
  let a: Adjudication;
  try {
    a = settleClaim(c, p, pack, params);
  } catch (e) {
    if (e instanceof DomainError && e.kind !== 'not_found') return null;
    throw e;
  }
  expectSound(a, p);
  return a;
}
