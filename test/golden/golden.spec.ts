/**
 * Runs every golden table in this folder (README.md): each case's claim through settleClaim with its
 * region's pack, its shares checked exactly — every payer it does not list must be 0.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Beneficiary, Claim, ClaimItem, CounterKey, StatusInForce, packFor, parameterBook, settleClaim } from '@benefit/policy';
import { DomainError, PAYERS, Payer, RegionCode, zeroShares } from '@benefit/shared';
import { claim } from '../../libs/policy/src/testing/fixtures';

interface ParameterRow {
  key: string;
  effectiveFrom: string;
  effectiveTo?: string | null;
  value: number | string | boolean;
}
interface PersonRow {
  scheme?: Beneficiary['scheme'];
  employment?: Beneficiary['employment'];
  civilServant?: boolean;
  statuses?: (string | StatusInForce)[];
  countersUsed?: Partial<Record<CounterKey, number>>;
  personalAccountBalanceFen?: number;
  /** 异地备案 valid on the service date (南府办发〔2022〕33号 art. 26). */
  filedOutOfArea?: boolean;
}
type ClaimRow = Partial<Omit<Claim, 'items'>> & { items?: Partial<ClaimItem>[] };
interface Case {
  name: string;
  citation?: string;
  parameters?: ParameterRow[];
  person?: PersonRow;
  claim?: ClaimRow;
  shares?: Partial<Record<Payer, number>>;
  counterDeltas?: Partial<Record<CounterKey, number>>;
  refused?: string;
}
interface Table {
  pack: RegionCode;
  title: string;
  parameters: ParameterRow[];
  defaults: { claim?: ClaimRow; person?: PersonRow };
  cases: Case[];
}

const tables = readdirSync(__dirname)
  .filter((f) => f.endsWith('.golden.json'))
  .map((f) => ({ file: f, table: JSON.parse(readFileSync(join(__dirname, f), 'utf8')) as Table }));

function bookOf(rows: ParameterRow[]) {
  const records = rows.map((r, revision) => ({ key: r.key, effectiveFrom: r.effectiveFrom, effectiveTo: r.effectiveTo ?? null, value: r.value, reason: 'golden table', recordedAt: '2023-01-01T00:00:00.000Z', revision }));
  return parameterBook(records, records.length - 1);
}

function personOf(region: RegionCode, row: PersonRow): Beneficiary {
  const statuses = (row.statuses ?? []).map((s) => (typeof s === 'string' ? { status: s } : s)) as StatusInForce[];
  const scheme = row.scheme ?? 'resident';
  return {
    personId: 'P-GOLDEN',
    regionCode: region,
    scheme,
    employment: row.employment ?? (scheme === 'employee' ? 'in_service' : null),
    civilServant: row.civilServant ?? false,
    activeStatuses: statuses.map((s) => s.status),
    statuses,
    countersUsed: row.countersUsed ?? {},
    personalAccountBalanceFen: row.personalAccountBalanceFen ?? 0,
    filedOutOfArea: row.filedOutOfArea ?? false,
  };
}

function claimOf(row: ClaimRow, at: number): Claim {
  return claim({
    claimId: `GOLDEN-${at}`,
    personId: 'P-GOLDEN',
    institutionId: 'H-GOLDEN',
    ...row,
    items: (row.items ?? []).map((i, n) => ({ code: `I${n}`, name: 'item', kind: 'service', drugClass: null, catalogClass: 'A', amountFen: 0, ...i })),
  } as Partial<Claim>);
}

describe.each(tables)('$file', ({ table }) => {
  it.each(table.cases.map((c, at) => ({ ...c, at })))('$name ($citation)', (c) => {
    const params = bookOf([...table.parameters, ...(c.parameters ?? [])]);
    const person = personOf(table.pack, { ...table.defaults.person, ...c.person });
    const claim = claimOf({ ...table.defaults.claim, ...c.claim }, c.at);
    const settle = () => settleClaim(claim, person, packFor(table.pack), params);
    if (c.refused) {
      expect(settle).toThrow(DomainError);
      try {
        settle();
      } catch (e) {
        expect((e as DomainError).code).toBe(c.refused);
      }
      return;
    }
    const a = settle();
    expect(a.shares).toEqual({ ...zeroShares(), ...c.shares });
    expect(Object.keys(c.shares ?? {}).every((k) => (PAYERS as readonly string[]).includes(k))).toBe(true);
    if (c.counterDeltas) expect(a.counterDeltas).toEqual(c.counterDeltas);
  });
});
