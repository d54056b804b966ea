/**
 * Person view: registration, statuses on a timeline, every event (claims, account entries,
 * corrections) in order, counters per year against their limits, the personal-account balance
 * over time; "as known on" redraws it from the events recorded by the end of that day.
 * One read per view (GET /v1/console/persons/{id}/history), recorded in the access log.
 */
import { api, q } from '../api';
import { balanceLine, counterBars, statusLanes } from '../charts';
import { h, link, money, section, showError, table } from '../dom';

interface EventView {
  position: number;
  streamId: string;
  type: string;
  data: Record<string, any>;
  recordedAt: string;
  metadata: { actor: string };
}

interface History {
  personId: string;
  asOf: string | null;
  eventsIncluded: number;
  eventsTotal: number;
  events: EventView[];
  statuses: { status: string; validFrom: string; validTo: string | null; revokedThrough: string | null; source: string }[];
  counters: Record<string, Record<string, { usedFen: number; limitFen: number | null }>>;
  balanceFen: number;
  balance: { position: number; recordedAt: string; type: string; deltaFen: number; balanceFen: number }[];
}

const claimLink = (id: string) => link(`#/claim/${encodeURIComponent(id)}`, id);

/** One line per event, in words, with the amount it moved where it moved one. */
function describe(e: EventView): [string | Node, Node | string] {
  const d = e.data;
  switch (e.type) {
    case 'PatientRegistered':
      return [`registered ${d.name ?? '[identity erased]'} (${d.regionCode}, ${d.scheme}${d.employment ? `, ${d.employment}` : ''}) on ${d.registeredOn}`, d.openingPersonalAccountFen ? money(d.openingPersonalAccountFen) : ''];
    case 'ReliefStatusTagged':
      return [`status ${d.status} from ${d.validFrom}${d.validTo ? ` to ${d.validTo}` : ''} (${d.source})`, ''];
    case 'ReliefStatusRevoked':
      return [`status ${d.status} revoked effective ${d.effectiveDate}`, ''];
    case 'ClaimAdjudicated':
      return [h('span', {}, 'claim ', claimLink(d.claim.claimId), ` ${d.claim.visitType} on ${d.claim.serviceDate} at ${d.claim.institutionId}`), money(d.adjudication.totalFen)];
    case 'ClaimSharesAdjusted':
      return [h('span', {}, 'correction of claim ', claimLink(d.claimId), ` (${d.reason})`), ''];
    case 'ClaimCancelled':
      return [h('span', {}, 'cancellation of claim ', claimLink(d.claimId), ` on ${d.cancelledOn}: ${d.reason}`), ''];
    case 'PersonalAccountCredited':
      return [`personal account credited for ${d.month}`, money(d.amountFen)];
    case 'PersonalAccountBackPaid':
      return [`personal account back-paid for ${d.month} (补划差额)`, money(d.amountFen)];
    case 'PersonalAccountPaid':
      return [`personal account paid (${d.purpose}) ${d.reference}`, money(-d.amountFen)];
    case 'WarningRaised':
      return [`warning ${d.kind} for ${d.year}`, ''];
    default:
      return [e.type, typeof d.amountFen === 'number' ? money(d.amountFen) : ''];
  }
}

export async function personView(root: HTMLElement, personId: string, asOf: string | undefined): Promise<void> {
  const date = h('input', { type: 'date', name: 'asOf', value: asOf ?? '', 'aria-label': 'as known on' });
  const id = h('input', { name: 'personId', value: personId, required: true, 'aria-label': 'person id' });
  const form = h(
    'form',
    { class: 'bar', onsubmit: (ev: Event) => {
      ev.preventDefault();
      location.hash = `#/person/${encodeURIComponent(id.value.trim())}${q({ asOf: date.value })}`;
    } },
    h('label', {}, 'Person ', id),
    h('label', {}, 'as known on ', date),
    h('button', { type: 'submit' }, 'Show'),
    asOf ? link(`#/person/${encodeURIComponent(personId)}`, 'now') : null,
  );
  const body = h('div', {}, h('p', {}, 'Loading…'));
  root.replaceChildren(h('h1', {}, 'Person ', personId), form, body);
  if (!personId) return body.replaceChildren();
  let history: History;
  try {
    history = await api<History>('GET', `/v1/console/persons/${encodeURIComponent(personId)}/history${q({ asOf })}`);
  } catch (err) {
    return showError(body, err);
  }
  const registered = history.events.find((e) => e.type === 'PatientRegistered')?.data;
  const known = history.asOf
    ? h('p', { class: 'asof', id: 'as-of' }, `As known on ${asOf} (end of day, China time): ${history.eventsIncluded} of ${history.eventsTotal} events recorded by then.`)
    : h('p', { class: 'asof', id: 'as-of' }, `As now recorded: ${history.eventsTotal} events.`);
  const today = new Date().toISOString().slice(0, 10);
  body.replaceChildren(
    known,
    section(
      'Registration',
      registered
        ? table(['name', 'resident id', 'region', 'scheme', 'employment', 'county', 'registered on', 'family'], [
            [registered.name ?? '[identity erased]', registered.idNumber ?? '—', registered.regionCode, registered.scheme, registered.employment ?? '—', registered.countyCode, registered.registeredOn, (registered.family ?? []).map((f: { personId: string; relation: string }) => `${f.personId} (${f.relation})`).join(', ') || '—'],
          ], { id: 'registration' })
        : h('p', {}, 'Not registered yet at that time.'),
    ),
    section(
      'Relief statuses',
      history.statuses.length
        ? [statusLanes(history.statuses, today), table(['status', 'from', 'to', 'revoked through', 'source'], history.statuses.map((st) => [st.status, st.validFrom, st.validTo ?? 'open', st.revokedThrough ?? '—', st.source]))]
        : h('p', {}, 'None.'),
    ),
    section(
      'Counters per year',
      Object.keys(history.counters).length
        ? Object.entries(history.counters).map(([year, counters]) =>
            h(
              'div',
              { class: 'year', 'data-year': year },
              h('h3', {}, year),
              counterBars(counters),
              table(
                ['counter', 'used', 'limit'],
                Object.entries(counters)
                  .filter(([, c]) => c.usedFen !== 0 || c.limitFen !== null)
                  .map(([key, c]) => [key, money(c.usedFen, { 'data-counter': key, 'data-kind': 'used' }), c.limitFen === null ? 'no limit' : money(c.limitFen, { 'data-counter': key, 'data-kind': 'limit' })]),
              ),
            ),
          )
        : h('p', {}, 'No claims.'),
    ),
    section(
      'Personal account',
      h('p', {}, 'Balance ', money(history.balanceFen, { id: 'balance' }), ' yuan'),
      history.balance.length ? balanceLine(history.balance.map((b) => ({ label: b.recordedAt.slice(0, 10), balanceFen: b.balanceFen }))) : null,
    ),
    section(
      'Every event, in order',
      table(
        ['#', 'recorded', 'by', 'what', 'amount (yuan)'],
        history.events.map((e) => [String(e.position), e.recordedAt.replace('T', ' ').slice(0, 19), e.metadata.actor, ...describe(e)]),
        { id: 'events' },
      ),
    ),
  );
}
