/**
 * 撤销结算 (退费, API.md "Claim lifecycle"): CancelClaim is decided on the claim's person's stream
 * like every other decision. The same cancellation again records nothing and answers the
 * recorded view.
 */
import { CommandMeta, cancellationDecider } from '@benefit/domain';
import { ClaimDoc } from '@benefit/projections';
import { IsoDate, notFound } from '@benefit/shared';
import { Ports, madeVisible } from './ports';

export interface ClaimCancellation {
  reason: string;
  cancelledOn: IsoDate;
}

export interface ClaimCancelledView {
  /** False when the same cancellation was already recorded. */
  created: boolean;
  view: ClaimDoc;
}

/** `claim`: the claim as the claim view names it (its person is found there). */
export async function cancelClaim(
  ports: Pick<Ports, 'commands' | 'log' | 'views' | 'queries'>,
  claim: Pick<ClaimDoc, 'personId' | 'claimId'>,
  cancellation: ClaimCancellation,
  meta: CommandMeta,
): Promise<ClaimCancelledView> {
  const command = { type: 'CancelClaim' as const, data: { personId: claim.personId, claimId: claim.claimId, ...cancellation } };
  const result = await ports.commands.handle(cancellationDecider, command, undefined, meta);
  await madeVisible(ports, result.position);
  const view = await ports.queries.claim(claim.claimId);
  if (!view) throw notFound('Claim', `no claim ${claim.claimId} is recorded`);
  return { created: result.events.length > 0, view };
}
