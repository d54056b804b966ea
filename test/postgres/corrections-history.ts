/**
 * A history with re-settlements, for the PostgreSQL comparisons: writeHistory's, then Yancheng
 * residents with claims settled upstream, two rounds of readjudication (back-pay, claim
 * corrections booked in 2023-07 and, once 2023-07 is settled, in 2023-08) and temporary relief
 * re-settled back to the first treatment — the steps of libs/projections/src/determinism.spec.ts,
 * from the same module (libs/projections/src/testing/corrections.ts).
 */
import { CommandRunner, cancellationDecider, personFold, personStream } from '@benefit/domain';
import { EventStore } from '@benefit/event-store';
import { writeHistory } from '@benefit/projections/testing/history';
import { meta, readjudicate, settle, stage1, stage2, tagTemporaryRelief, writeYancheng } from '@benefit/projections/testing/corrections';

export async function writeCorrectionsHistory(store: EventStore, after: () => Promise<void> = async () => undefined): Promise<void> {
  const runner = new CommandRunner(store);
  await writeHistory(store, { persons: 40, claims: 300, after });

  const yancheng = await writeYancheng(runner, after, 6);
  const nanchong = Array.from({ length: 40 }, (_, i) => `P-${i}`);

  await readjudicate(runner, after, [...nanchong, ...yancheng], stage1, '2023-01', '2023-12');
  await settle(runner, after, 'nanchong', '2023-07');
  await readjudicate(runner, after, nanchong, stage2, '2023-03', '2023-06');
  await tagTemporaryRelief(runner, after, yancheng[0], '2023-02-01');
  await tagTemporaryRelief(runner, after, yancheng[1], '2023-04-15');
  await settle(runner, after, 'nanchong', '2023-08');
  // 撤销结算: a few settlements cancelled, in settled and open months (reversals, refunds, reconciliation rows)
  for (const personId of nanchong.slice(0, 6)) {
    const { state } = await runner.load(personStream(personId), personFold);
    const target = state.claims.find((c) => !c.cancellation);
    if (!target) continue;
    const cmd = { type: 'CancelClaim' as const, data: { personId, claimId: target.claim.claimId, reason: 'parity', cancelledOn: '2023-12-01' } };
    await runner.handle(cancellationDecider, cmd, undefined, meta);
    await after();
  }
}
