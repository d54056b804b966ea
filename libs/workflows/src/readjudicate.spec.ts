/**
 * Re-settlement as a workflow: the dry run reports, applying records corrective entries booked
 * where the ledger books them. Worked example: 南府办发〔2022〕33号 art. 7(1), a 500-yuan tier-2
 * bill — pooling 180 yuan at a 200-yuan deductible becomes 150 yuan at a 250-yuan one (60%).
 */
import { parameterBook } from '@benefit/policy';
import { claim, recorded, registered } from '../../domain/src/testing/fixtures';
import { applyReadjudication, readjudicationDryRun } from './readjudicate';
import { submitClaim } from './submit-claim';
import { World, given, meta, openWorld, recordedAfter } from './testing/world';

const period = { fromMonth: '2023-01', toMonth: '2023-12' };
const higherDeductible = parameterBook([recorded('nanchong.outpatient.in_service.deductible', 25000)], 0);

let world: World;
beforeEach(async () => {
  world = openWorld('2023-06-01T02:00:00.000Z');
  await given(world, 'P-1', [registered()]);
  await submitClaim(world, claim({ claimId: 'C-1', institutionLevel: 'tier2' }), meta);
});
afterEach(() => world.close());

const expectedRows = [
  { personId: 'P-1', claimId: 'C-1', month: '2023-03', payer: 'basic_pooling', beforeFen: 18000, afterFen: 15000, deltaFen: -3000 },
  { personId: 'P-1', claimId: 'C-1', month: '2023-03', payer: 'self_pay', beforeFen: 32000, afterFen: 35000, deltaFen: 3000 },
];

describe('readjudicate', () => {
  it('dry run: art. 7(1) under a 250-yuan deductible moves 30 yuan from pooling to self-pay, and writes nothing', async () => {
    const head = await world.store.headPosition();
    const diff = await readjudicationDryRun(world, 'nanchong', period, higherDeductible);
    expect(diff.changes).toEqual(expectedRows);
    expect(diff.totalsByPayer).toMatchObject({ basic_pooling: -3000, self_pay: 3000 });
    expect(await recordedAfter(world, head)).toEqual([]);
  });

  it('apply: the same rows, recorded as a ClaimSharesAdjusted in the claim’s open month; applying again finds nothing', async () => {
    const head = await world.store.headPosition();
    const diff = await applyReadjudication(world, 'nanchong', period, higherDeductible, meta);
    expect(diff.changes).toEqual(expectedRows);
    const written = await recordedAfter(world, head);
    expect(written.map((e) => e.type)).toEqual(['ClaimSharesAdjusted']);
    expect(written[0].data).toMatchObject({ claimId: 'C-1', originalMonth: '2023-03', appliedMonth: '2023-03', deltas: { basic_pooling: -3000, self_pay: 3000 } });
    expect((await world.queries.claim('C-1'))!.shares.basic_pooling).toBe(15000);
    const again = await applyReadjudication(world, 'nanchong', period, higherDeductible, meta);
    expect(again.changes).toEqual([]);
  });

  it('API.md GET /v1/ledgers: a correction of a claim in a settled month is booked in the first open month after it', async () => {
    const settled = { regionCode: 'nanchong', month: '2023-03', personalAccountCreditsFen: 0, creditedPersons: 0, settledOn: '2023-04-01' };
    await world.store.append('settlements-nanchong', [{ type: 'MonthSettled', data: settled, metadata: meta }], 'no_stream');
    const head = await world.store.headPosition();
    await applyReadjudication(world, 'nanchong', period, higherDeductible, meta);
    const [adjusted] = await recordedAfter(world, head);
    expect(adjusted.data).toMatchObject({ originalMonth: '2023-03', appliedMonth: '2023-04' });
  });
});
