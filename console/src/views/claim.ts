/**
 * Claim view: the bill's items, the shares per payer as one stacked bar, each explanation line
 * with its rule, the article quoted and the arithmetic; corrections and the cancellation listed
 * against the original with the amounts before and after. One read per view
 * (GET /v1/console/claims/{id}/history, whose `view` is GET /v1/claims/{id}), recorded.
 */
import { api } from '../api';
import { quoteOf } from '../articles';
import { PAYERS, legend, stackedShares } from '../charts';
import { h, link, money, section, showError, table } from '../dom';

interface ClaimView {
  claimId: string;
  personId: string;
  institutionId: string;
  serviceDate: string;
  visitType: string;
  status: string;
  policyVersion: string;
  totalFen: number;
  policyScopeFen: number;
  shares: Record<string, number>;
  explanation: { payer: string; amountFen: number; rule: string; citation: string; detail?: string }[];
  corrections: { position: number; recordedAt: string; appliedMonth: string; deltas: Record<string, number>; reason: string }[];
  cancellation?: { reason: string; cancelledOn: string; reversedShares: Record<string, number> };
  flags?: { code: string; citation: string; detail: string }[];
}

interface Step {
  kind: 'adjudicated' | 'corrected' | 'cancelled';
  position: number;
  recordedAt: string;
  actor: string;
  reason: string | null;
  month: string | null;
  before: Record<string, number>;
  after: Record<string, number>;
}

interface ClaimHistory {
  view: ClaimView;
  items: { code: string; name: string; kind: string; catalogClass: string; drugClass?: string | null; amountFen: number; classifiedBy?: string }[];
  claim: Record<string, unknown>;
  steps: Step[];
}

function quote(citation: string): Node {
  const found = quoteOf(citation);
  if (!found) return h('span', { class: 'muted' }, 'no article text among the seeds for this citation');
  return h('details', { class: 'quote' }, h('summary', {}, `${found.doc} ${found.article}`), found.text.map((p) => h('p', {}, p)));
}

export async function claimView(root: HTMLElement, claimId: string): Promise<void> {
  const id = h('input', { name: 'claimId', value: claimId, required: true, 'aria-label': 'claim id' });
  const form = h(
    'form',
    { class: 'bar', onsubmit: (ev: Event) => {
      ev.preventDefault();
      location.hash = `#/claim/${encodeURIComponent(id.value.trim())}`;
    } },
    h('label', {}, 'Claim ', id),
    h('button', { type: 'submit' }, 'Show'),
  );
  const body = h('div', {}, h('p', {}, 'Loading…'));
  root.replaceChildren(h('h1', {}, 'Claim ', claimId), form, body);
  if (!claimId) return body.replaceChildren();
  let c: ClaimHistory;
  try {
    c = await api<ClaimHistory>('GET', `/v1/console/claims/${encodeURIComponent(claimId)}/history`);
  } catch (err) {
    return showError(body, err);
  }
  const v = c.view;
  const original = c.steps.find((s) => s.kind === 'adjudicated')!;
  const paying = PAYERS.filter((p) => (v.shares[p] ?? 0) !== 0);
  body.replaceChildren(
    section(
      'Claim',
      table(['person', 'institution', 'visit', 'service date', 'status', 'policy', 'total', 'policy scope'], [
        [link(`#/person/${encodeURIComponent(v.personId)}`, v.personId), v.institutionId, v.visitType, v.serviceDate, h('span', { id: 'status' }, v.status), v.policyVersion, money(v.totalFen, { id: 'total' }), money(v.policyScopeFen, { id: 'policy-scope' })],
      ]),
    ),
    section(
      "The bill's items",
      table(
        ['code', 'name', 'kind', 'class', 'drug class', 'amount'],
        c.items.map((i) => [i.code, i.name, i.kind, `${i.catalogClass}${i.classifiedBy === 'catalogue' ? ' (catalogue)' : ''}`, i.drugClass ?? '—', money(i.amountFen, { 'data-item': i.code })]),
        { id: 'items' },
      ),
    ),
    section(
      v.status === 'cancelled' ? 'Shares (cancelled: all given back)' : 'Shares per payer, as now adjusted',
      v.totalFen > 0 && paying.length ? [stackedShares(v.shares, v.totalFen), legend(paying)] : null,
      table(['payer', 'share'], PAYERS.filter((p) => (v.shares[p] ?? 0) !== 0 || (original.after[p] ?? 0) !== 0).map((p) => [p, money(v.shares[p] ?? 0, { 'data-payer': p })]), { id: 'shares' }),
    ),
    section(
      'Every fen explained',
      table(
        ['payer', 'amount', 'rule', 'citation', 'arithmetic', 'the article'],
        v.explanation.map((l) => [l.payer, money(l.amountFen), h('code', {}, l.rule), l.citation, l.detail ?? '—', quote(l.citation)]),
        { id: 'explanation' },
      ),
      v.flags?.length ? table(['flag', 'detail', 'citation'], v.flags.map((f) => [f.code, f.detail, f.citation])) : null,
    ),
    section(
      'Corrections and cancellation, against the original',
      c.steps.length > 1
        ? c.steps
            .filter((s) => s.kind !== 'adjudicated')
            .map((s) => {
              const changed = PAYERS.filter((p) => (s.before[p] ?? 0) !== (s.after[p] ?? 0));
              return h(
                'div',
                { class: `step ${s.kind}`, 'data-position': s.position },
                h('h3', {}, `${s.kind === 'corrected' ? 'Correction' : 'Cancellation'} #${s.position}, recorded ${s.recordedAt.replace('T', ' ').slice(0, 19)} by ${s.actor}${s.month ? `, booked in ${s.month}` : ''}`),
                h('p', {}, s.reason ?? ''),
                table(
                  ['payer', 'original', 'before', 'after', 'change'],
                  changed.map((p) => [p, money(original.after[p] ?? 0), money(s.before[p] ?? 0), money(s.after[p] ?? 0, { 'data-payer': p, 'data-kind': 'after' }), money((s.after[p] ?? 0) - (s.before[p] ?? 0), {}, true)]),
                ),
              );
            })
        : h('p', {}, 'None: the shares are as adjudicated.'),
    ),
  );
}
