/**
 * Regions whose own rules arrive with the next packs (Yancheng, Jingjiang, Shanting): until
 * then a claim there is settled from its priorPayments, and refused loudly without them.
 */
import { RegionCode, refused } from '@benefit/shared';
import { RegionPack } from '../pack';

export function priorPaymentsOnlyPack(region: RegionCode, computesAssistance: boolean): RegionPack {
  return {
    region,
    version: '0.1',
    parameters: [],
    computesAssistance,
    insurance() {
      throw refused('prior-payments-required', `no basic-insurance rules are configured for ${region} yet; send priorPayments from the core insurance system`, 'priorPayments');
    },
    counterLimits: () => ({}),
  };
}
