/** Step 1 where no seed gives the region's basic-insurance rules: the core system's result is required. */
import { RegionCode, refused } from '@benefit/shared';
import { StepResult } from '../pack';

export function priorPaymentsRequired(region: RegionCode, why: string): () => StepResult {
  return () => {
    throw refused('prior-payments-required', `no basic-insurance rules are configured for ${region} (${why}); send priorPayments from the core insurance system`, 'priorPayments');
  };
}
