/**
 * Ledger view: per region and month, each payer's amount and number of claims, the corrections
 * booked in and against the month, accruals, whether it is settled (and then by institution); a
 * chart of the twelve months to it. Reads GET /v1/ledgers (no person's data: not access-logged)
 * and, for a settled month, GET /v1/settlements/{region}/{month}.
 */
import { api, q } from '../api';
import { legend, monthBars } from '../charts';
import { h, money, section, showError, table } from '../dom';

const REGIONS = ['nanchong', 'yancheng', 'jingjiang', 'shanting'];

interface Ledger {
  regionCode: string;
  month: string;
  settled: boolean;
  funds: { payer: string; amountFen: number; claims: number }[];
  accruals: { kind: string; payer: string; amountFen: number; persons: number }[];
  corrections: { appliedThisMonth: { originalMonth: string; payer: string; amountFen: number }[]; againstThisMonth: { appliedMonth: string; payer: string; amountFen: number }[] };
}

interface Settlement {
  institutions: { institutionId: string; shares: Record<string, number> }[];
  personalAccountCreditsFen: number;
  guardianshipRewardsFen: number;
  settledAt?: string;
}

const monthsTo = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number);
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - (n - 1 - i), 1));
    return d.toISOString().slice(0, 7);
  });
};

export async function ledgerView(root: HTMLElement, region: string, month: string): Promise<void> {
  const regionSelect = h('select', { name: 'regionCode', 'aria-label': 'region' }, REGIONS.map((r) => h('option', { value: r, selected: r === region }, r)));
  const monthInput = h('input', { type: 'month', name: 'month', value: month, required: true, 'aria-label': 'month' });
  const form = h(
    'form',
    { class: 'bar', onsubmit: (ev: Event) => {
      ev.preventDefault();
      location.hash = `#/ledger/${regionSelect.value}/${monthInput.value}`;
    } },
    h('label', {}, 'Region ', regionSelect),
    h('label', {}, 'Month ', monthInput),
    h('button', { type: 'submit' }, 'Show'),
  );
  const body = h('div', {}, h('p', {}, 'Loading…'));
  root.replaceChildren(h('h1', {}, `Ledger ${region} ${month}`), form, body);
  try {
    const months = monthsTo(month, 12);
    const ledgers = await Promise.all(months.map((m) => api<Ledger>('GET', `/v1/ledgers${q({ regionCode: region, month: m })}`)));
    const ledger = ledgers[ledgers.length - 1];
    const settlement = ledger.settled ? await api<Settlement>('GET', `/v1/settlements/${region}/${month}`) : null;
    const payers = [...new Set(ledgers.flatMap((l) => l.funds.filter((f) => f.amountFen !== 0).map((f) => f.payer)))];
    const c = ledger.corrections;
    body.replaceChildren(
      h('p', { id: 'settlement-state', class: ledger.settled ? 'settled' : 'open' }, ledger.settled ? `Settled${settlement?.settledAt ? ` at ${settlement.settledAt.replace('T', ' ').slice(0, 19)}` : ''}` : 'Open: not settled yet'),
      section(
        'Each payer',
        table(
          ['payer', 'amount', 'claims'],
          ledger.funds.filter((f) => f.amountFen !== 0 || f.claims !== 0).map((f) => [f.payer, money(f.amountFen, { 'data-payer': f.payer }), h('span', { 'data-claims': f.payer }, String(f.claims))]),
          { id: 'funds' },
        ),
      ),
      section(
        'Corrections',
        c.appliedThisMonth.length || c.againstThisMonth.length
          ? [
              h('h3', {}, 'Booked in this month'),
              table(['claims of', 'payer', 'amount'], c.appliedThisMonth.map((r) => [r.originalMonth, r.payer, money(r.amountFen, {}, true)]), { id: 'corrections-applied' }),
              h('h3', {}, "Against this month's claims"),
              table(['booked in', 'payer', 'amount'], c.againstThisMonth.map((r) => [r.appliedMonth, r.payer, money(r.amountFen, {}, true)]), { id: 'corrections-against' }),
            ]
          : h('p', {}, 'None.'),
      ),
      ...(ledger.accruals.length ? [section('Accruals (not claims)', table(['kind', 'payer', 'amount', 'persons'], ledger.accruals.map((a) => [a.kind, a.payer, money(a.amountFen), String(a.persons)])))] : []),
      ...(settlement
        ? [section(
            'Settlement by institution',
            table(['institution', ...payers], settlement.institutions.map((i) => [i.institutionId, ...payers.map((p) => money(i.shares[p] ?? 0))])),
            h('p', {}, 'Personal-account credits ', money(settlement.personalAccountCreditsFen), ', guardianship rewards ', money(settlement.guardianshipRewardsFen)),
          )]
        : []),
      section(`The twelve months to ${month}`, monthBars(ledgers.map((l) => ({ month: l.month, funds: l.funds }))), legend(payers)),
    );
  } catch (err) {
    showError(body, err);
  }
}
