/** Phase `requests`: the longest one request at the limits holds the event loop (issue 10), on an app of its own. */
import { Measured } from '../figures';
import { Profiled } from '../measure';
import { Sizes } from '../sizes';
import { measureWorstRequests } from '../worst-requests';

export async function measureRequestsPhase(sizes: Sizes, profiled: Profiled, quick: boolean): Promise<Measured> {
  const worst = await profiled('requests', () => measureWorstRequests({ persons: sizes.persons, claimsPerPerson: 5, repeat: quick ? 3 : 5 }));
  return {
    figures: {
      worstSimulationRequestMs: worst.worstSimulationRequestMs,
      worstClaimRequestMs: worst.worstClaimRequestMs,
      worstRefusedBodyMs: worst.worstRefusedBodyMs,
      worstRequestMs: worst.worstRequestMs,
    },
    details: { worstRequests: worst.details },
  };
}
