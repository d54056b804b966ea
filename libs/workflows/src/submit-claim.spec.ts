/**
 * SubmitClaim as a workflow: the claim id's key, the decision and the view, over the real store
 * and projections. Worked example: 南府办发〔2022〕33号 art. 7(1), a 500-yuan tier-2 outpatient
 * bill of an in-service employee — deductible 200 yuan, pooling 180 yuan, self-pay 320 yuan.
 */
import { DomainError } from '@benefit/shared';
import { claim, registered } from '../../domain/src/testing/fixtures';
import { claimStream, keyOwner } from '@benefit/domain';
import { submitClaim } from './submit-claim';
import { World, given, meta, openWorld, recordedAfter } from './testing/world';

let world: World;
beforeEach(async () => {
  world = openWorld('2023-03-06T02:00:00.000Z');
  await given(world, 'P-1', [registered()]);
});
afterEach(() => world.close());

const worked = () => claim({ claimId: 'C-1', institutionLevel: 'tier2' });

describe('submit-claim: key + decision + view', () => {
  it('art. 7(1) worked example: the view answers pooling 18,000 and self-pay 32,000, and the claim id is held by this request', async () => {
    const { created, view } = await submitClaim(world, worked(), meta);
    expect(created).toBe(true);
    expect(view.claimId).toBe('C-1');
    expect(view.shares.basic_pooling).toBe(18000);
    expect(view.shares.self_pay).toBe(32000);
    expect(await keyOwner(world.store, claimStream('C-1'))).toMatchObject({ key: 'C-1', personId: 'P-1' });
    // the view answered is the one the projections hold
    expect(await world.queries.claim('C-1')).toEqual(view);
  });

  it('the same body again records nothing and answers the recorded view', async () => {
    const first = await submitClaim(world, worked(), meta);
    const head = await world.store.headPosition();
    const again = await submitClaim(world, worked(), meta);
    expect(again.created).toBe(false);
    expect(again.view).toEqual(first.view);
    expect(await recordedAfter(world, head)).toEqual([]);
  });

  it('a different body under the same claim id is a conflict (claim-id-conflict) and records nothing', async () => {
    await submitClaim(world, worked(), meta);
    const head = await world.store.headPosition();
    const changed = claim({ claimId: 'C-1', institutionLevel: 'tier3' });
    await expect(submitClaim(world, changed, meta)).rejects.toMatchObject({ code: 'claim-id-conflict' });
    expect(await recordedAfter(world, head)).toEqual([]);
  });

  it('the same claim id for another person is a conflict: the key holds it for the first person', async () => {
    await given(world, 'P-2', [registered({ personId: 'P-2', idNumber: '511302198001010029' })]);
    await submitClaim(world, worked(), meta);
    const refusal = await submitClaim(world, claim({ claimId: 'C-1', personId: 'P-2', institutionLevel: 'tier2' }), meta).catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).code).toBe('claim-id-conflict');
    expect(await world.queries.claim('C-1')).toMatchObject({ personId: 'P-1' });
  });

  it('a refused claim (a service date before the registration) records neither the key nor an adjudication', async () => {
    const head = await world.store.headPosition();
    await expect(submitClaim(world, claim({ claimId: 'C-2', serviceDate: '2022-12-31' }), meta)).rejects.toMatchObject({ code: 'not-insured' });
    expect(await recordedAfter(world, head)).toEqual([]);
    expect(await keyOwner(world.store, claimStream('C-2'))).toBeNull();
  });
});
