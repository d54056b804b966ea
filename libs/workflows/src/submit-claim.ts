/**
 * SubmitClaim (API.md POST /v1/claims). The claim id is the idempotency key: the same body again
 * returns the recorded result, a different body under the same id is a conflict, and a refused
 * claim records nothing (the key and the adjudication are written in one atomic append).
 */
import { ClaimAdjudicated, ClaimContext, CommandMeta, PersonEvent, PersonState, RunResult, claimDecider, claimStream } from '@benefit/domain';
import { SubmittedClaim } from '@benefit/policy';
import { ClaimDoc, claimDocOf } from '@benefit/projections';
import { conflict, sha256, todayInChina } from '@benefit/shared';
import { Ports, madeVisible } from './ports';
import { decideHoldingKey } from './unique-key';

export interface ClaimSubmitted {
  /** False when the same claim was already adjudicated: the recorded result is returned. */
  created: boolean;
  view: ClaimDoc;
}

/**
 * What a claim is decided with: the books as recorded now, today in China, and the instant it
 * reached the service (the filing time with the insurer). A pre-settlement builds the same.
 */
export async function claimContext(ports: Pick<Ports, 'parameters' | 'catalogue' | 'clock'>): Promise<ClaimContext> {
  const [params, catalogue] = [await ports.parameters.current(), await ports.catalogue.current()];
  const now = ports.clock.now();
  return { params, catalogue, today: todayInChina(now), now: now.toISOString() };
}

/**
 * The key and the decision, without a view: what the api and the CLI's generator both record.
 * The claim is built field by field in a fixed order (claim-input.ts): its JSON is canonical,
 * so its hash tells a retry from a different body.
 */
export function decideClaimHoldingId(ports: Pick<Ports, 'commands' | 'log'>, claim: SubmittedClaim, ctx: ClaimContext, meta: CommandMeta): Promise<RunResult<PersonState, PersonEvent>> {
  const owner = { key: claim.claimId, personId: claim.personId, requestHash: sha256(JSON.stringify(claim)) };
  const onTaken = () => {
    throw conflict('claim-id-conflict', `claim ${claim.claimId} is already recorded with a different body; use a new claimId or resend the original`);
  };
  return decideHoldingKey(ports, claimDecider, { type: 'SubmitClaim', data: claim }, ctx, meta, { streamId: claimStream(claim.claimId), owner, onTaken });
}

/** Key + decision + the claim's view, once the views include it (read-your-writes). */
export async function submitClaim(ports: Pick<Ports, 'commands' | 'log' | 'views' | 'queries' | 'parameters' | 'catalogue' | 'clock'>, claim: SubmittedClaim, meta: CommandMeta): Promise<ClaimSubmitted> {
  const result = await decideClaimHoldingId(ports, claim, await claimContext(ports), meta);
  await madeVisible(ports, result.position);
  // a new claim has no corrections yet: its view is the adjudication just recorded (where the
  // store tells positions at once); a retry, or a store that does not, answers from the claim view
  const i = result.events.findIndex((e) => e.type === 'ClaimAdjudicated');
  if (i >= 0 && result.positions && result.recordedAt) {
    return { created: true, view: claimDocOf((result.events[i] as ClaimAdjudicated).data, result.positions[i], result.recordedAt) };
  }
  const view = await ports.queries.claim(claim.claimId);
  if (!view) throw new Error(`claim ${claim.claimId} is recorded but not yet in the claim view`);
  return { created: result.events.length > 0, view };
}
