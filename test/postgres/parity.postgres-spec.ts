/**
 * The same history projected by the same projection code into SQLite and into PostgreSQL reads
 * the same through every ReadQueries method: SqliteQueries and PostgresQueries give equal results
 * (same order, same shapes, same JSON key order) for every person, claim, region, month and year
 * present, and every table holds the same rows. PostgreSQL is projected live, a small batch per
 * command as the api does; SQLite is rebuilt from the log in large batches. Two histories:
 * writeHistory's, and one with re-settlements (claim corrections, back-pay, temporary relief).
 * Run with `npm run test:postgres`; skipped (with a message) when PostgreSQL is unreachable.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RecordedEvent, SqliteEventStore } from '@benefit/event-store';
import { ALL_PROJECTIONS, Projector, ReadModelTx, SqliteQueries, SqliteReadModel } from '@benefit/projections';
import { dumpReadModel } from '@benefit/projections/testing/dump';
import { writeHistory } from '@benefit/projections/testing/history';
import { Month, PAYERS, addMonths } from '@benefit/shared';
import { REGIONS } from '@benefit/policy';
import { PiiVault, SqliteKeyStore, envMasterKeys, isSealed } from '@benefit/vault';
import { randomBytes } from 'node:crypto';
import { PostgresQueries, PostgresReadModel, openPostgresReadModel } from '../../libs/projections/src/postgres';
import { writeCorrectionsHistory } from './corrections-history';
import { TEST_URL, describeWithPostgres, dropSchema, dumpPostgres, freshSchemaName } from './support';

const suite = describeWithPostgres();
const base = freshSchemaName();

type Writer = (store: SqliteEventStore, after: () => Promise<void>) => Promise<void>;
const vault = new PiiVault(envMasterKeys(randomBytes(32).toString('hex')), new SqliteKeyStore(':memory:'));
/** As the api records it: names and ids sealed, and two identities erased afterwards. */
const sealedHistory: Writer = async (store, after) => {
  await writeHistory(store, { persons: 40, claims: 300, after, seal: (p, f, v) => vault.seal(p, f, v) });
  for (const personId of ['P-3', 'P-7']) {
    await store.append(`person-${personId}`, [{ type: 'PersonIdentityErased', data: { personId, reason: 'parity', erasedAt: '2024-01-01T00:00:00.000Z' } }], 'any');
    await vault.erase(personId);
    await after();
  }
};
const HISTORIES: [string, string, Writer][] = [
  ['writeHistory', 'plain', (store, after) => writeHistory(store, { persons: 40, claims: 300, after })],
  ['a history with corrections', 'corr', writeCorrectionsHistory],
  ['writeHistory with names and ids sealed, two of them erased', 'sealed', sealedHistory],
];

suite.each(HISTORIES)('PostgreSQL and SQLite read models answer alike: %s', (label, suffix, write) => {
  const schema = `${base}_${suffix}`;
  let dir: string;
  let store: SqliteEventStore;
  let sqlite: SqliteReadModel;
  let pg: PostgresReadModel;
  let events: RecordedEvent[];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-parity-'));
    store = new SqliteEventStore({ filename: path.join(dir, 'events.db') });
    pg = await openPostgresReadModel(TEST_URL, { schema });
    const live = new Projector(store, pg, ALL_PROJECTIONS);
    await write(store, async () => live.waitFor(await store.headPosition()));
    await live.stop();
    sqlite = new SqliteReadModel(path.join(dir, 'read.db'));
    await new Projector(store, sqlite, ALL_PROJECTIONS).catchUp();
    events = await store.readAll({ after: 0, maxCount: 1_000_000 });
  });

  afterAll(async () => {
    await pg?.close();
    sqlite?.close();
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    await dropSchema(schema);
  });

  it('the history holds what the comparison needs', async () => {
    const types = new Set(events.map((e) => e.type));
    for (const t of ['PatientRegistered', 'ClaimAdjudicated', 'PersonalAccountCredited', 'PersonalAccountPaid', 'MonthSettled', 'ReliefStatusTagged']) expect(types).toContain(t);
    const rows = dumpReadModel(sqlite.writer);
    expect(rows.claims.length).toBeGreaterThan(100);
    if (suffix === 'sealed') {
      // both stores keep the very ciphertexts of the log, and nothing of an erased identity
      const docs = (rows.persons as { doc: string }[]).map((r) => JSON.parse(r.doc));
      expect(docs.filter((d) => isSealed(d.name) && isSealed(d.idNumber)).length).toBe(docs.length - 2);
      expect(docs.filter((d) => d.name === null && d.idNumber === null && d.identityErasedAt).map((d) => d.personId).sort()).toEqual(['P-3', 'P-7']);
      const p1 = docs.find((d) => d.personId === 'P-1');
      expect(await vault.open('P-1', 'name', p1.name)).toBe('人1');
    }
    if (suffix !== 'corr') expect(rows.settlements.length).toBe(2);
    else {
      expect(types).toContain('ClaimSharesAdjusted');
      expect(types).toContain('PersonalAccountBackPaid');
      expect(rows.corrections.length).toBeGreaterThan(10);
      expect((rows.claims as { adjusted: string | null }[]).filter((c) => c.adjusted !== null).length).toBeGreaterThan(10);
    }
    // eslint-disable-next-line no-console
    console.log(`${label}: ${events.length} events; ${[...types].sort().join(', ')}`);
  });

  it('every table holds the same rows (json columns compared parsed)', async () => {
    const fromSqlite = dumpReadModel(sqlite.writer);
    const json = new Set(['doc', 'adjudicated', 'adjusted', 'shares']);
    for (const rows of Object.values(fromSqlite)) {
      for (const row of rows as Record<string, unknown>[]) {
        for (const k of Object.keys(row)) if (json.has(k) && typeof row[k] === 'string') row[k] = JSON.parse(row[k] as string);
      }
    }
    const fromPg = await dumpPostgres(pg.db);
    expect(Object.keys(fromPg).sort()).toEqual(Object.keys(fromSqlite).sort());
    for (const table of Object.keys(fromSqlite)) expect({ table, rows: fromPg[table] }).toEqual({ table, rows: fromSqlite[table] });
  });

  it('every ReadQueries method gives the same answer for everything present', async () => {
    const s = new SqliteQueries(sqlite);
    const p = new PostgresQueries(pg);
    let compared = 0;
    const same = async (what: string, a: Promise<unknown>, b: Promise<unknown>) => {
      const [x, y] = await Promise.all([a, b]);
      // stringified: equal values, equal key order, equal array order
      expect({ what, result: JSON.stringify(y) }).toEqual({ what, result: JSON.stringify(x) });
      compared++;
    };

    const personIds = new Set<string>();
    const claimIds = new Set<string>();
    const months = new Set<Month>();
    const years = new Set<number>([2022, 2023, 2024]);
    for (const e of events) {
      const d = e.data as Record<string, any>;
      if (typeof d.personId === 'string') personIds.add(d.personId);
      if (e.type === 'ClaimAdjudicated') {
        claimIds.add(d.claim.claimId);
        months.add(d.claim.serviceDate.slice(0, 7));
        years.add(d.adjudication.year);
      }
      if (typeof d.month === 'string') months.add(d.month);
    }
    if (suffix !== 'corr') for (let c = 0; c < 300; c++) claimIds.add(`C-${c}`); // refused ones included: both say undefined
    personIds.add('P-unknown');
    for (const m of [...months]) months.add(addMonths(m, 1)); // months a claim may be booked into after a settlement
    expect(personIds.size).toBeGreaterThan(40);
    expect(months.size).toBeGreaterThanOrEqual(6);

    for (const id of personIds) {
      await same(`person ${id}`, s.person(id), p.person(id));
      await same(`account ${id}`, s.account(id), p.account(id));
      await same(`warnings ${id}`, s.warnings(id), p.warnings(id));
      for (const y of years) await same(`counters ${id} ${y}`, s.counters(id, y), p.counters(id, y));
    }
    for (const id of claimIds) await same(`claim ${id}`, s.claim(id), p.claim(id));
    const institutions = new Set(events.filter((e) => e.type === 'ClaimAdjudicated').map((e) => (e.data as { claim: { institutionId: string } }).claim.institutionId));
    for (const id of institutions) await same(`reconciliationEntries ${id}`, s.reconciliationEntries(id, '2000-01-01', '2099-12-31'), p.reconciliationEntries(id, '2000-01-01', '2099-12-31'));
    for (const region of REGIONS) {
      await same(`personIdsInRegion ${region}`, s.personIdsInRegion(region), p.personIdsInRegion(region));
      await same(`settledMonths ${region}`, s.settledMonths(region), p.settledMonths(region));
      for (const m of months) {
        await same(`ledger ${region} ${m}`, s.ledger(region, m), p.ledger(region, m));
        await same(`settlement ${region} ${m}`, s.settlement(region, m), p.settlement(region, m));
        await same(`accruals ${region} ${m}`, s.accruals(region, m), p.accruals(region, m));
        await same(`corrections ${region} ${m}`, s.corrections(region, m), p.corrections(region, m));
      }
      for (const y of years) {
        await same(`premiumsOfYear ${region} ${y}`, s.premiumsOfYear(region, y), p.premiumsOfYear(region, y));
        for (const payer of PAYERS) await same(`fundYear ${region} ${y} ${payer}`, s.fundYear(region, y, payer), p.fundYear(region, y, payer));
      }
    }

    // the comparison is not vacuous: the fixtures hold data
    const nanchong = await p.personIdsInRegion('nanchong');
    expect(nanchong.length).toBeGreaterThan(20);
    expect(await p.settledMonths('nanchong')).toEqual(suffix !== 'corr' ? ['2023-01', '2023-02'] : ['2023-01', '2023-02', '2023-07', '2023-08']);
    if (suffix === 'corr') {
      // API.md GET /v1/ledgers: corrections of the settled 2023-01 and 2023-02 are booked in the first open month
      const c = await p.corrections('nanchong', '2023-03');
      expect(c.appliedThisMonth.length).toBeGreaterThan(0);
      expect((await p.claim('YC-0-1'))?.corrections.length).toBeGreaterThan(0);
      expect(events.filter((e) => e.type === 'ClaimCancelled').length).toBeGreaterThan(0);
    }
    const settlement = await p.settlement('nanchong', '2023-01');
    expect(settlement?.institutions.length).toBeGreaterThan(0);
    const ledger = await p.ledger('nanchong', '2023-03');
    expect(ledger.map((l) => l.payer)).toEqual([...PAYERS]);
    expect(ledger.some((l) => l.amountFen > 0 && typeof l.amountFen === 'number')).toBe(true);
    const account = await p.account('P-0');
    expect(account.entries.length).toBeGreaterThan(0);
    expect(typeof account.balanceFen).toBe('number');
    // eslint-disable-next-line no-console
    console.log(`${label}: compared ${compared} query results over ${personIds.size} persons, ${claimIds.size} claims, ${months.size} months, ${events.length} events`);
  });
});

/** Writes no history above reaches (warnings, accruals, bed days), applied through ReadModelTx to both stores. */
suite('PostgreSQL and SQLite read models answer alike: direct writes', () => {
  const schema = `${base}_tx`;
  let dir: string;
  let sqlite: SqliteReadModel;
  let pg: PostgresReadModel;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-parity-tx-'));
    sqlite = new SqliteReadModel(path.join(dir, 'read.db'));
    pg = await openPostgresReadModel(TEST_URL, { schema });
  });

  afterAll(async () => {
    await pg?.close();
    sqlite?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    await dropSchema(schema);
  });

  const writes = async (tx: ReadModelTx) => {
    const warning = { personId: 'P-1', kind: 'high_burden', year: 2023, raisedOn: '2023-05-01', claimId: 'C-1', thresholdFen: 500000, burdenFen: 600000, citation: '九' };
    await tx.addWarning(warning);
    await tx.addWarning({ ...warning, burdenFen: 1 }); // ignored: one per person, kind and year
    await tx.addWarning({ ...warning, kind: 'a_first', year: 2024 });
    for (const month of ['2023-03', '2023-03', '2023-04', '2024-01'] as Month[]) {
      await tx.addAccrual('shanting', month, { kind: 'poverty_premium', payer: 'poverty_insurance', amountFen: 1200, cityFinanceFen: 720, townFinanceFen: 480, persons: 1 });
      await tx.addAccrual('shanting', month, { kind: 'guardianship_reward', payer: 'medical_assistance', amountFen: 300, cityFinanceFen: 0, townFinanceFen: 0, persons: 1 });
      await tx.addAccrual('shanting', month, { kind: 'guardianship_reward', payer: 'basic_pooling', amountFen: 200, cityFinanceFen: 0, townFinanceFen: 0, persons: 1 });
    }
    for (const inst of ['H2', 'H10', 'H1', 'H2', 'h1']) await tx.addBedDays('shanting', '2023-03', { institutionId: inst, stays: 1, bedDays: 7, amountFen: 70000 });
    await tx.addFundYear('jingjiang', 2023, 'basic_pooling', 9_000_000_000_000, 3); // past 2^32: bigint, still a safe integer
    await tx.addFundYear('jingjiang', 2023, 'basic_pooling', -1, -1);
    for (const inst of ['Hb', 'HA', 'Ha', 'H_', 'H-']) await tx.addLedger({ regionCode: 'shanting', month: '2023-03', payer: 'basic_pooling', institutionId: inst, amountFen: 100, claims: 1 });
    await tx.markSettled('shanting', '2023-03', 42);
    const rows = await tx.ledgerByInstitution('shanting', '2023-03');
    await tx.putSettlement({
      regionCode: 'shanting',
      month: '2023-03',
      institutions: rows.map((r) => ({ institutionId: r.institutionId, shares: { [r.payer]: r.amountFen } as never })),
      personalAccountCreditsFen: 0,
      guardianshipRewardsFen: 0,
      bedDayPayments: await tx.bedDays('shanting', '2023-03'),
      povertyPremiumsFen: 0,
      settledAt: '2023-04-01T00:00:00Z',
      position: 42,
    });
  };

  it('warnings, accruals, premiums, fund years, bed days and byte-wise ordering agree', async () => {
    await sqlite.transaction(writes, new Map([['ledger', 42]]));
    await pg.transaction(writes, new Map([['ledger', 42]]));
    const s = new SqliteQueries(sqlite);
    const p = new PostgresQueries(pg);
    const same = async (a: Promise<unknown>, b: Promise<unknown>) => expect(JSON.stringify(await b)).toBe(JSON.stringify(await a));
    await same(s.warnings('P-1'), p.warnings('P-1'));
    for (const m of ['2023-03', '2023-04', '2024-01'] as Month[]) await same(s.accruals('shanting', m), p.accruals('shanting', m));
    for (const y of [2023, 2024, 2025]) await same(s.premiumsOfYear('shanting', y), p.premiumsOfYear('shanting', y));
    await same(s.fundYear('jingjiang', 2023, 'basic_pooling'), p.fundYear('jingjiang', 2023, 'basic_pooling'));
    await same(s.settlement('shanting', '2023-03'), p.settlement('shanting', '2023-03'));
    await same(s.ledger('shanting', '2023-03'), p.ledger('shanting', '2023-03'));
    expect(await p.premiumsOfYear('shanting', 2023)).toEqual({ amountFen: 3600, persons: 3 });
    expect(await p.fundYear('jingjiang', 2023, 'basic_pooling')).toEqual({ amountFen: 8_999_999_999_999, claims: 2 });
    const settlement = await p.settlement('shanting', '2023-03');
    expect(settlement?.institutions.map((i) => i.institutionId)).toEqual(['H-', 'HA', 'H_', 'Ha', 'Hb']); // byte order, as SQLite
    expect(settlement?.bedDayPayments.map((b) => [b.institutionId, b.stays])).toEqual([['H1', 1], ['H10', 1], ['H2', 2], ['h1', 1]]);
    expect(await pg.checkpoint('ledger')).toBe(42);
  });

  it('a rolled-back batch leaves no settled month behind, in the rows nor in the cache', async () => {
    for (const rm of [sqlite, pg] as const) {
      await expect(
        rm.transaction(async (tx) => {
          await tx.markSettled('shanting', '2023-05', 43);
          expect((await tx.settledMonths('shanting')).has('2023-05')).toBe(true);
          throw new Error('killed');
        }, new Map([['ledger', 43]])),
      ).rejects.toThrow('killed');
      await rm.transaction(async (tx) => {
        expect([...(await tx.settledMonths('shanting'))]).toEqual(['2023-03']);
      }, new Map());
      expect(await rm.checkpoint('ledger')).toBe(42);
    }
    expect(await new PostgresQueries(pg).settledMonths('shanting')).toEqual(['2023-03']);
  });
});
