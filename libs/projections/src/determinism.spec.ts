/**
 * Determinism with corrections: a history that holds re-settlements (ClaimSharesAdjusted,
 * PersonalAccountBackPaid) projected live, batch by batch as it was written, equals a rebuild
 * from the log into a fresh read model, table by table — whatever the batch size, and also
 * when one projection alone is rebuilt. The corrections are decided by the domain functions
 * (decideReadjudication) and appended through the CommandRunner, as the service does.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CommandRunner, claimDecider, decideReadjudication } from '@benefit/domain';
import { SqliteEventStore } from '@benefit/event-store';
import { Claim } from '@benefit/policy';
import { DomainError, Month, PAYERS } from '@benefit/shared';
import { ALL_PROJECTIONS } from './projections';
import { Projector } from './projector';
import { SqliteReadModel } from './sqlite/sqlite-read-model';
import { dumpReadModel } from './testing/dump';
import { lcg, writeHistory } from './testing/history';
import { meta, readjudicate as readjudicateAll, settle, stage1, stage2, tagTemporaryRelief, writeYancheng } from './testing/corrections';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'determinism-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a history with corrections replays to the same read model', () => {
  it('live projection (event by event, as written) = rebuild from the log, with back-pay, claim corrections and temporary relief', async () => {
    const store = new SqliteEventStore({ filename: path.join(dir, 'events.db') });
    const live = new SqliteReadModel(path.join(dir, 'live.db'));
    const projector = new Projector(store, live, ALL_PROJECTIONS);
    const after = async () => projector.waitFor(await store.headPosition());
    const runner = new CommandRunner(store);

    // 1. an ordinary history: persons of every region, claims, payments, credits and settled months (2023-01, 2023-02)
    await writeHistory(store, { persons: 40, claims: 300, after });
    const yancheng = await writeYancheng(runner, after, 6);
    const nanchong = Array.from({ length: 40 }, (_, i) => `P-${i}`);
    const everyone = [...nanchong, ...yancheng];

    const readjudicate = (personIds: string[], params: typeof stage1, fromMonth: Month, toMonth: Month) =>
      readjudicateAll(runner, after, personIds, params, fromMonth, toMonth);

    // 2. the 2022 pension base and a higher rate: back-pay for the credited months, claims corrected, each
    //    booked in its claim's month, or in 2023-03 for the claims of the settled 2023-01 and 2023-02
    expect(await readjudicate(everyone, stage1, '2023-01', '2023-12')).toBeGreaterThan(10);
    // applying again finds nothing
    expect(await readjudicate(everyone, stage1, '2023-01', '2023-12')).toBe(0);

    // 3. 2023-07 is settled; a second round (higher deductible, a dated rate) books its corrections in
    //    their claims' months, March to June, still open — a replay must make the same choice
    await settle(runner, after, 'nanchong', '2023-07');
    expect(await readjudicate(nanchong, stage2, '2023-03', '2023-06')).toBeGreaterThan(0);

    // 4. temporary relief for two Yancheng residents, back to the first treatment, then their claims re-settled
    expect(await tagTemporaryRelief(runner, after, yancheng[0], '2023-02-01')).toBeGreaterThan(0);
    expect(await tagTemporaryRelief(runner, after, yancheng[1], '2023-04-15')).toBeGreaterThan(0);

    // 5. more claims after the corrections, decided on the corrected counters
    const rnd = lcg(5);
    for (let c = 0; c < 40; c++) {
      const personId = nanchong[rnd(nanchong.length)];
      const claim: Claim = {
        claimId: `LATER-${c}`,
        personId,
        institutionId: `H${rnd(5)}`,
        institutionLevel: 'tier2',
        designated: true,
        location: 'in_county',
        referral: false,
        visitType: 'general_outpatient',
        specialDisease: null,
        serviceDate: `2023-0${7 + rnd(3)}-1${rnd(9)}`,
        dischargeDate: null,
        items: [{ code: 'A1', name: 'a', kind: 'drug', catalogClass: 'A', drugClass: null, amountFen: 1000 + rnd(30000) }],
        priorPayments: null,
        usePersonalAccount: rnd(2) === 0,
      };
      try {
        await runner.handle(claimDecider, { type: 'SubmitClaim', data: claim }, { params: stage2, today: '2026-11-22' }, meta);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err; // residents and other regions are refused, as in the service
      }
      await after();
    }

    // the log holds every kind of correction
    const types = new Map<string, number>();
    for (const e of store.db.prepare<[], { type: string; n: number }>('SELECT type, count(*) AS n FROM events GROUP BY type').all()) types.set(e.type, e.n);
    expect(types.get('ClaimSharesAdjusted')).toBeGreaterThan(20);
    expect(types.get('PersonalAccountBackPaid')).toBeGreaterThan(5);

    const expected = dumpReadModel(live.writer);
    // the read model shows them: back_pay entries, corrections booked in their claims' months while open
    // (API.md GET /v1/ledgers: 2023-03 for the settled 2023-01 and 2023-02, else their own), medical
    // assistance corrections in Yancheng
    expect((expected.account_entries as { kind: string }[]).filter((e) => e.kind === 'back_pay').length).toBe(types.get('PersonalAccountBackPaid'));
    const corrections = expected.corrections as { region_code: string; applied_month: string; payer: string }[];
    expect(new Set(corrections.filter((c) => c.region_code === 'nanchong').map((c) => c.applied_month))).toEqual(new Set(['2023-03', '2023-05']));
    expect(corrections.some((c) => c.region_code === 'yancheng' && c.payer === 'medical_assistance')).toBe(true);
    // conservation: every claim's adjusted shares still add up to its total
    for (const row of expected.claims as { adjudicated: string; adjusted: string | null }[]) {
      const a = row.adjusted ? JSON.parse(row.adjusted).adjudication : JSON.parse(row.adjudicated).adjudication;
      expect(PAYERS.reduce((s, p) => s + a.shares[p], 0)).toBe(a.totalFen);
    }

    // rebuilt in batches of 97, and in the default batches, each into a fresh file: the same tables
    for (const [name, options] of [
      ['fresh-97.db', { batchSize: 97 }],
      ['fresh-default.db', {}],
      ['fresh-1.db', { batchSize: 1 }],
    ] as const) {
      const fresh = new SqliteReadModel(path.join(dir, name));
      await new Projector(store, fresh, ALL_PROJECTIONS, options).catchUp();
      expect(dumpReadModel(fresh.writer)).toEqual(expected);
      await fresh.close();
    }

    // rebuilding the ledger alone (the projection that depends on the order of settlements and corrections) in place
    await projector.rebuild(['ledger']);
    expect(dumpReadModel(live.writer)).toEqual(expected);

    await live.close();
    await store.close();
  });
});
