/**
 * 撤销结算 (退费, API.md "Claim lifecycle") as a workflow: a settlement withdrawn gives back what
 * it moved, and its view says so; the same cancellation again is a retry.
 */
import { claim, registered } from '../../domain/src/testing/fixtures';
import { cancelClaim } from './cancel-claim';
import { submitClaim } from './submit-claim';
import { World, given, meta, openWorld, recordedAfter } from './testing/world';

let world: World;
beforeEach(async () => {
  world = openWorld('2023-03-06T02:00:00.000Z');
  await given(world, 'P-1', [registered()]);
  await submitClaim(world, claim({ claimId: 'C-1', institutionLevel: 'tier2' }), meta);
});
afterEach(() => world.close());

const bill = { personId: 'P-1', claimId: 'C-1' };
const corrected = { reason: 'bill corrected (退费)', cancelledOn: '2023-03-06' };

describe('cancel-claim', () => {
  it('art. 7(1) worked example cancelled: the view shows the cancellation with pooling 18,000 and self-pay 32,000 given back', async () => {
    const { created, view } = await cancelClaim(world, bill, corrected, meta);
    expect(created).toBe(true);
    expect(view.status).toBe('cancelled');
    expect(view.cancellation).toMatchObject({ ...corrected, reversedShares: expect.objectContaining({ basic_pooling: 18000, self_pay: 32000 }) });
  });

  it('the same cancellation again records nothing and answers the recorded view', async () => {
    const first = await cancelClaim(world, bill, corrected, meta);
    const head = await world.store.headPosition();
    const again = await cancelClaim(world, bill, corrected, meta);
    expect(again).toEqual({ created: false, view: first.view });
    expect(await recordedAfter(world, head)).toEqual([]);
  });

  it('another cancellation of a cancelled claim is a conflict (claim-already-cancelled)', async () => {
    await cancelClaim(world, bill, corrected, meta);
    await expect(cancelClaim(world, bill, { reason: 'duplicate bill', cancelledOn: '2023-03-07' }, meta)).rejects.toMatchObject({ code: 'claim-already-cancelled' });
  });
});
