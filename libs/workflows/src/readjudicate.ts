/**
 * Re-settlement of a region (API.md POST /v1/readjudications, POST /v1/simulations): every
 * person's history settled again under the book given (the parameters now in force, or a
 * what-if book), reported as differences; applying records them as corrective entries
 * (ClaimSharesAdjusted, PersonalAccountBackPaid), never by rewriting what is recorded.
 */
import { CommandMeta, Period, PersonState, Readjudicate, personFold, personStream, readjudicationDecider, resettlePerson } from '@benefit/domain';
import { CatalogueBook, ParameterBook } from '@benefit/policy';
import { Month, PAYERS, Payer, RegionCode } from '@benefit/shared';
import { Ports, madeVisible, viewsCaughtUp } from './ports';

export interface ChangeRow {
  personId: string;
  claimId: string | null;
  month: Month;
  payer: Payer;
  beforeFen: number;
  afterFen: number;
  deltaFen: number;
}

export interface Diff {
  changes: ChangeRow[];
  totalsByPayer: Record<Payer, number>;
}

const PROGRESS_EVERY = 10_000;
const YIELD_EVERY = 100;

/** A long run lets other requests in between persons (SQLite reads never yield on their own). */
const yieldEvery = async (i: number) => {
  if ((i + 1) % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
};

/** One person's differences, in the rows of API.md: one per claim and payer, one per back-paid month. */
export function changeRowsOf(personId: string, state: PersonState, period: Period, params: ParameterBook, catalogue: CatalogueBook): ChangeRow[] {
  if (!state.registration) return [];
  const rows: ChangeRow[] = [];
  const { claims, backPays } = resettlePerson(state, period, params, false, catalogue);
  for (const c of claims) {
    for (const payer of PAYERS) {
      const deltaFen = c.deltas[payer] ?? 0;
      if (deltaFen !== 0) rows.push({ personId, claimId: c.claimId, month: c.month, payer, beforeFen: c.before.shares[payer], afterFen: c.after.shares[payer], deltaFen });
    }
  }
  // one row per person and month for a back-pay, payer personal_account, no row for the fund that pays it (API.md)
  for (const b of backPays) {
    rows.push({ personId, claimId: null, month: b.month, payer: 'personal_account', beforeFen: b.beforeFen, afterFen: b.afterFen, deltaFen: b.deltaFen });
  }
  return rows;
}

export function diffOf(rows: ChangeRow[]): Diff {
  const totalsByPayer = Object.fromEntries(PAYERS.map((p) => [p, 0])) as Record<Payer, number>;
  for (const r of rows) totalsByPayer[r.payer] += r.deltaFen;
  return { changes: rows, totalsByPayer };
}

type ReadjudicationPorts = Pick<Ports, 'commands' | 'log' | 'views' | 'queries' | 'catalogue' | 'logger'>;

/** The differences for every person of the region; writes nothing. */
export async function readjudicationDryRun(ports: ReadjudicationPorts, regionCode: RegionCode, period: Period, params: ParameterBook): Promise<Diff> {
  await viewsCaughtUp(ports);
  const rows: ChangeRow[] = [];
  // items the catalogue classed are classed again from the catalogue as now recorded
  const catalogue = await ports.catalogue.current(true);
  const personIds = await ports.queries.personIdsInRegion(regionCode);
  const started = Date.now();
  for (const [i, personId] of personIds.entries()) {
    const { state } = await ports.commands.load(personStream(personId), personFold);
    rows.push(...changeRowsOf(personId, state, period, params, catalogue));
    await yieldEvery(i);
    if ((i + 1) % PROGRESS_EVERY === 0) {
      ports.logger.info({ job: 'readjudication', regionCode, ...period, done: i + 1, of: personIds.length, perSec: Math.round(((i + 1) * 1000) / (Date.now() - started + 1)) }, 're-settling');
    }
  }
  return diffOf(rows);
}

/**
 * Records the corrections person by person (all of the region's, or `personIds`); each person's
 * decision re-checks its own state, so a person changed since the preview is decided on what is
 * recorded now. Each correction is booked in its claim's month unless that one is settled (ledgerMonthFor).
 */
export async function applyReadjudication(ports: ReadjudicationPorts, regionCode: RegionCode, period: Period, params: ParameterBook, meta: CommandMeta, personIds?: string[]): Promise<Diff> {
  await viewsCaughtUp(ports);
  const settledMonths = await ports.queries.settledMonths(regionCode);
  const reason = `re-settled ${period.fromMonth}..${period.toMonth} under parameter revision ${params.revision}`;
  const rows: ChangeRow[] = [];
  const catalogue = await ports.catalogue.current(true);
  for (const [i, personId] of (personIds ?? (await ports.queries.personIdsInRegion(regionCode))).entries()) {
    // as the dry run: persons without a change append nothing, so nothing else would let other requests in
    await yieldEvery(i);
    const before = (await ports.commands.load(personStream(personId), personFold)).state;
    const preview = changeRowsOf(personId, before, period, params, catalogue);
    if (preview.length === 0) continue;
    const command: Readjudicate = { type: 'Readjudicate', data: { personId, period, settledMonths, reason } };
    const result = await ports.commands.handle(readjudicationDecider, command, { params, catalogue }, meta);
    await madeVisible(ports, result.position);
    if (result.events.length > 0) rows.push(...preview);
  }
  return diffOf(rows);
}
