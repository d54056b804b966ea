/**
 * 撤销结算 over random interleavings of submissions, cancellations and month settlements, through
 * the real deciders, the CommandRunner and the SQLite read model: the projected counters are the
 * sum over live claims, balances never go negative, the ledger holds the live shares (each
 * reversal booked in the claim's month or, once settled, the next open one), and a rebuild from
 * the log reproduces every table.
 */
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CommandRunner,
  PersonState,
  cancellationDecider,
  claimDecider,
  personFold,
  personStream,
} from '@benefit/domain';
import { SqliteEventStore } from '@benefit/event-store';
import { parameterBook } from '@benefit/policy';
import { PAYERS, addMonths, sumFen } from '@benefit/shared';
import { claim, item, registered } from '../../domain/src/testing/fixtures';
import { ALL_PROJECTIONS } from './projections';
import { Projector } from './projector';
import { SqliteReadModel } from './sqlite/sqlite-read-model';
import { dumpReadModel } from './testing/dump';
import { meta, settle } from './testing/corrections';

jest.setTimeout(120_000);

const params = parameterBook();
const stepArb = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('submit' as const), amountFen: fc.integer({ min: 0, max: 300_000 }), month: fc.integer({ min: 1, max: 6 }), account: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'settle' as const }) },
);

it('counters = sum over live claims, balances ≥ 0, ledger = live shares, replay = live', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 20 }), async (steps) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cancellation-'));
      const store = new SqliteEventStore({ filename: path.join(dir, 'events.db') });
      const live = new SqliteReadModel(path.join(dir, 'live.db'));
      try {
        const projector = new Projector(store, live, ALL_PROJECTIONS);
        const after = async () => projector.waitFor(await store.headPosition());
        const runner = new CommandRunner(store);
        const stream = personStream('P-1');
        await runner.run(stream, personFold, () => [registered({ openingPersonalAccountFen: 50000 })], meta);
        let n = 0;
        let nextToSettle = '2023-01';
        let state: PersonState = (await runner.load(stream, personFold)).state;
        for (const step of steps) {
          if (step.kind === 'submit') {
            const c = claim({ claimId: `C-${++n}`, serviceDate: `2023-0${step.month}-10`, items: [item(step.amountFen)], usePersonalAccount: step.account });
            state = (await runner.handle(claimDecider, { type: 'SubmitClaim', data: c }, { params, today: '2026-11-22' }, meta)).state;
          } else if (step.kind === 'cancel') {
            const liveClaims = state.claims.filter((c) => !c.cancellation);
            if (liveClaims.length === 0) continue;
            const target = liveClaims[step.pick % liveClaims.length].claim;
            const cmd = { type: 'CancelClaim' as const, data: { personId: 'P-1', claimId: target.claimId, reason: 'r', cancelledOn: '2023-07-01' } };
            state = (await runner.handle(cancellationDecider, cmd, undefined, meta)).state;
          } else {
            await settle(runner, after, 'nanchong', nextToSettle);
            nextToSettle = addMonths(nextToSettle, 1);
          }
          await after();
        }
        await after();
        const dump = dumpReadModel(live.writer);
        const liveClaims = state.claims.filter((c) => !c.cancellation);
        for (const row of dump.counters as { year: number; key: string; used_fen: number }[]) {
          expect({ key: row.key, used: row.used_fen }).toEqual({ key: row.key, used: sumFen(liveClaims.map((c) => (c.current.counterDeltas as Record<string, number>)[row.key] ?? 0)) });
        }
        for (const row of dump.account_balances as { balance_fen: number }[]) expect(row.balance_fen).toBeGreaterThanOrEqual(0);
        const ledger = dump.ledger as { payer: string; amount_fen: number }[];
        for (const payer of PAYERS) {
          expect({ payer, fen: sumFen(ledger.filter((r) => r.payer === payer).map((r) => r.amount_fen)) }).toEqual({ payer, fen: sumFen(liveClaims.map((c) => c.current.shares[payer])) });
        }
        const fresh = new SqliteReadModel(path.join(dir, 'fresh.db'));
        await new Projector(store, fresh, ALL_PROJECTIONS, { batchSize: 7 }).catchUp();
        expect(dumpReadModel(fresh.writer)).toEqual(dump);
        await fresh.close();
      } finally {
        await live.close();
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }),
    { numRuns: 25 },
  );
});
