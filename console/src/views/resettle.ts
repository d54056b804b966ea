/**
 * Re-settlement view: a dry-run re-adjudication (POST /v1/readjudications, apply false) or a
 * what-if simulation (POST /v1/simulations) from a form, its diff as a table with the totals by
 * payer; and the re-settlements applied in the region with who applied them
 * (GET /v1/console/readjudications). The console never applies one: that stays an admin's call.
 */
import { api, q } from '../api';
import { PAYERS } from '../charts';
import { h, link, money, section, showError, table } from '../dom';

const REGIONS = ['nanchong', 'yancheng', 'jingjiang', 'shanting'];

interface Diff {
  changes: { personId: string; claimId: string | null; month: string; payer: string; beforeFen: number; afterFen: number; deltaFen: number }[];
  totalsByPayer: Record<string, number>;
}

interface Applied {
  runs: { correlationId: string; appliedAt: string; actor: string; role: string | null; reason: string; claims: number; persons: number; backPays: number; totalsByPayer: Record<string, number> }[];
}

const nonZero = (totals: Record<string, number>) => PAYERS.filter((p) => (totals[p] ?? 0) !== 0);

export async function resettleView(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const region = params.get('regionCode') ?? 'nanchong';
  const regionSelect = h('select', { name: 'regionCode', 'aria-label': 'region' }, REGIONS.map((r) => h('option', { value: r, selected: r === region }, r)));
  const from = h('input', { type: 'month', name: 'fromMonth', value: params.get('fromMonth') ?? '', required: true, 'aria-label': 'from month' });
  const to = h('input', { type: 'month', name: 'toMonth', value: params.get('toMonth') ?? '', required: true, 'aria-label': 'to month' });
  const kind = h('select', { name: 'kind', 'aria-label': 'kind' }, h('option', { value: 'readjudication' }, 'dry-run re-adjudication (parameters now in force)'), h('option', { value: 'simulation' }, 'simulation (parameter overrides)'));
  const overrides = h('textarea', { name: 'parameterOverrides', rows: 3, cols: 60, placeholder: '{ "nanchong.outpatient.in_service.deductible": 15000 }', 'aria-label': 'parameter overrides (JSON)' });
  const result = h('div', { id: 'diff' });
  const applied = h('div', { id: 'applied' }, h('p', {}, 'Loading…'));
  const run = async (ev: Event) => {
    ev.preventDefault();
    result.replaceChildren(h('p', {}, 'Running…'));
    try {
      const body = { regionCode: regionSelect.value, fromMonth: from.value, toMonth: to.value };
      const diff =
        kind.value === 'simulation'
          ? await api<Diff>('POST', '/v1/simulations', { ...body, parameterOverrides: overrides.value.trim() ? JSON.parse(overrides.value) : {} })
          : await api<Diff>('POST', '/v1/readjudications', { ...body, apply: false });
      result.replaceChildren(
        section(
          `${kind.value === 'simulation' ? 'Simulation' : 'Dry run'}: ${diff.changes.length} changes (nothing written)`,
          h('h3', {}, 'Totals by payer'),
          table(['payer', 'change'], nonZero(diff.totalsByPayer).map((p) => [p, money(diff.totalsByPayer[p], { 'data-payer': p }, true)]), { id: 'totals' }),
          h('h3', {}, 'Every change'),
          table(
            ['person', 'claim', 'month', 'payer', 'before', 'after', 'change'],
            diff.changes.map((c) => [link(`#/person/${encodeURIComponent(c.personId)}`, c.personId), c.claimId ? link(`#/claim/${encodeURIComponent(c.claimId)}`, c.claimId) : 'back-pay', c.month, c.payer, money(c.beforeFen), money(c.afterFen), money(c.deltaFen, {}, true)]),
            { id: 'changes' },
          ),
        ),
      );
    } catch (err) {
      showError(result, err);
    }
  };
  const form = h(
    'form',
    { class: 'bar', onsubmit: run },
    h('label', {}, 'Region ', regionSelect),
    h('label', {}, 'From ', from),
    h('label', {}, 'to ', to),
    h('label', {}, kind),
    h('label', { class: 'wide' }, 'Overrides (simulation) ', overrides),
    h('button', { type: 'submit' }, 'Run'),
  );
  root.replaceChildren(h('h1', {}, 'Re-settlement'), form, result, section(`Applied in ${region}`, applied));
  regionSelect.addEventListener('change', () => (location.hash = `#/resettle${q({ regionCode: regionSelect.value })}`));
  try {
    const list = await api<Applied>('GET', `/v1/console/readjudications${q({ regionCode: region })}`);
    applied.replaceChildren(
      list.runs.length
        ? table(
            ['applied at', 'by', 'role', 'why', 'claims', 'persons', 'back-pays', 'totals by payer'],
            list.runs.map((r) => [r.appliedAt.replace('T', ' ').slice(0, 19), h('span', { class: 'actor' }, r.actor), r.role ?? '—', r.reason, String(r.claims), String(r.persons), String(r.backPays), h('span', {}, nonZero(r.totalsByPayer).map((p) => h('span', { class: 'total' }, `${p} `, money(r.totalsByPayer[p], { 'data-payer': p }, true), ' ')))]),
            { id: 'applied-runs' },
          )
        : h('p', {}, 'None applied in this region.'),
    );
  } catch (err) {
    showError(applied, err);
  }
}
