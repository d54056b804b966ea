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
import {
  CommandMeta,
  CommandRunner,
  PersonEvent,
  decideClaim,
  decideEnrollment,
  decideReadjudication,
  decideSettlement,
  personFold,
  personStream,
  settlementFold,
  settlementStream,
} from '@benefit/domain';
import { SqliteEventStore } from '@benefit/event-store';
import { Claim, ParameterRecord, parameterBook } from '@benefit/policy';
import { DomainError, Month, PAYERS, RegionCode } from '@benefit/shared';
import { ALL_PROJECTIONS } from './projections';
import { Projector } from './projector';
import { SqliteReadModel } from './sqlite/sqlite-read-model';
import { dumpReadModel } from './testing/dump';
import { lcg, writeHistory } from './testing/history';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'determinism-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const meta: CommandMeta = { actor: 'spec', correlationId: 'determinism' };
const record = (key: string, value: number, revision: number, effectiveFrom = '2023-01-01'): ParameterRecord => ({
  key,
  effectiveFrom,
  effectiveTo: null,
  value,
  reason: 'spec',
  recordedAt: '2023-01-01T00:00:00Z',
  revision,
});

/** The books in force at each stage: writeHistory's (pension base 300,000), then the changes. */
const base = [record('nanchong.retired_pension_base', 300000, 0), record('yancheng.per_capita_disposable_income', 5_000_000, 1), record('yancheng.minimum_living_standard_annual', 960_000, 2)];
const stage1 = parameterBook([...base, record('nanchong.retired_pension_base', 320000, 3), record('nanchong.outpatient.in_service.rate_lower', 0.7, 4)], 4);
const stage2 = parameterBook(
  [
    ...base,
    record('nanchong.retired_pension_base', 320000, 3),
    record('nanchong.outpatient.in_service.rate_lower', 0.7, 4),
    record('nanchong.outpatient.in_service.deductible', 25000, 5),
    record('nanchong.outpatient.retired.rate_tier3', 0.6, 6, '2023-04-01'),
  ],
  6,
);

/** Yancheng residents with claims settled upstream (priorPayments), so that temporary relief has something to correct. */
async function writeYancheng(runner: CommandRunner, after: () => Promise<void>, count: number): Promise<string[]> {
  const rnd = lcg(99);
  const ids: string[] = [];
  const params = parameterBook(base, 2);
  for (let i = 0; i < count; i++) {
    const personId = `YC-${i}`;
    ids.push(personId);
    const first17 = `320902${1960 + i}0101${String(100 + i).padStart(3, '0')}`;
    const data = {
      personId,
      name: `盐${i}`,
      idNumber: first17 + checkChar(first17),
      regionCode: 'yancheng' as const,
      scheme: 'resident' as const,
      employment: null,
      monthlyContributionBaseFen: null,
      civilServant: false,
      countyCode: '320902',
      family: [],
      openingPersonalAccountFen: 0,
      registeredOn: '2023-01-01',
    };
    await runner.run(personStream(personId), personFold, (s) => decideEnrollment({ type: 'RegisterPatient', data }, s), meta);
    await after();
    for (let c = 0; c < 6; c++) {
      const amount = 5000 + rnd(40000);
      const claim: Claim = {
        claimId: `YC-${i}-${c}`,
        personId,
        institutionId: `YH${rnd(3)}`,
        institutionLevel: 'tier2',
        designated: true,
        location: 'in_county',
        referral: false,
        visitType: 'general_outpatient',
        specialDisease: null,
        serviceDate: `2023-0${1 + c}-1${rnd(9)}`,
        dischargeDate: null,
        items: [
          { code: 'A1', name: 'a', kind: 'drug', catalogClass: 'A', drugClass: null, amountFen: amount },
          { code: 'C1', name: 'c', kind: 'service', catalogClass: 'C', drugClass: null, amountFen: rnd(3000) },
        ],
        priorPayments: { basic_pooling: Math.floor(amount / 3) },
        usePersonalAccount: false,
      };
      await runner.run(personStream(personId), personFold, (s) => decideClaim({ type: 'SubmitClaim', data: claim }, s, { params, today: '2026-11-22' }), meta);
      await after();
    }
  }
  return ids;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function checkChar(first17: string): string {
  let sum = 0;
  for (let k = 0; k < 17; k++) sum += Number(first17[k]) * WEIGHTS[k];
  return '10X98765432'[sum % 11];
}

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

    /** What the service's ReadjudicationService.apply does for each person: decide on the folded state, append. */
    const readjudicate = async (personIds: string[], params: typeof stage1, fromMonth: Month, toMonth: Month, appliedMonth: Month) => {
      let written = 0;
      for (const personId of personIds) {
        const result = await runner.run(
          personStream(personId),
          personFold,
          (s): PersonEvent[] => (s.registration ? decideReadjudication({ type: 'Readjudicate', data: { personId, period: { fromMonth, toMonth }, appliedMonth, reason: `spec ${params.revision}` } }, s, params) : []),
          meta,
        );
        written += result.events.length;
        await after();
      }
      return written;
    };
    const settle = async (regionCode: RegionCode, month: Month) => {
      const data = { regionCode, month, personalAccountCreditsFen: 0, creditedPersons: 0, settledOn: '2026-11-01' };
      await runner.run(settlementStream(regionCode), settlementFold, (s) => decideSettlement({ type: 'SettleMonth', data }, s), meta);
      await after();
    };

    // 2. the 2022 pension base and a higher rate: back-pay for the credited months, claims corrected, paid in 2023-07
    expect(await readjudicate(everyone, stage1, '2023-01', '2023-12', '2023-07')).toBeGreaterThan(10);
    // applying again finds nothing
    expect(await readjudicate(everyone, stage1, '2023-01', '2023-12', '2023-07')).toBe(0);

    // 3. 2023-07 is settled; a second round (higher deductible, a dated rate) is due in 2023-07 too, so the
    //    ledger books it in the next open month, 2023-08 — a replay must make the same choice
    await settle('nanchong', '2023-07');
    expect(await readjudicate(nanchong, stage2, '2023-03', '2023-06', '2023-07')).toBeGreaterThan(0);

    // 4. temporary relief for two Yancheng residents, back to the first treatment, then their claims re-settled
    for (const [personId, firstTreatmentDate] of [
      [yancheng[0], '2023-02-01'],
      [yancheng[1], '2023-04-15'],
    ]) {
      const tag = { personId, status: 'temporary_relief_major_illness' as const, validFrom: '2024-03-01', validTo: null, source: 'civil_affairs' as const, diagnosis: null, riskLevel: null, firstTreatmentDate };
      await runner.run(personStream(personId), personFold, (s) => decideEnrollment({ type: 'TagReliefStatus', data: tag }, s), meta);
      await after();
      expect(await readjudicate([personId], stage2, firstTreatmentDate.slice(0, 7), '2026-11', '2026-11')).toBeGreaterThan(0);
    }

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
        await runner.run(personStream(personId), personFold, (s) => decideClaim({ type: 'SubmitClaim', data: claim }, s, { params: stage2, today: '2026-11-22' }), meta);
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
    // the read model shows them: back_pay entries, corrections booked in 2023-07 and (after its settlement) 2023-08,
    // medical assistance corrections in Yancheng
    expect((expected.account_entries as { kind: string }[]).filter((e) => e.kind === 'back_pay').length).toBe(types.get('PersonalAccountBackPaid'));
    const corrections = expected.corrections as { region_code: string; applied_month: string; payer: string }[];
    expect(new Set(corrections.filter((c) => c.region_code === 'nanchong').map((c) => c.applied_month))).toEqual(new Set(['2023-07', '2023-08']));
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
