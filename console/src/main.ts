/**
 * The auditor's console (issue 15): a token, then four views over the /v1 API — a person, a
 * claim, a ledger, a re-settlement. Hash routes (#/person/P-1?asOf=2023-06-30), so the api
 * serves one page; nothing is kept but the token and the access reason, in session storage.
 */
import './style.css';
import { session, tokenClaims, whenUnauthorised } from './api';
import { h, link } from './dom';
import { claimView } from './views/claim';
import { ledgerView } from './views/ledger';
import { personView } from './views/person';
import { resettleView } from './views/resettle';

const app = document.getElementById('app')!;
const main = h('main', {});

function login(message?: string): void {
  const token = h('input', { type: 'password', name: 'token', required: true, autocomplete: 'off', 'aria-label': 'bearer token', size: 60 });
  app.replaceChildren(
    h(
      'main',
      { class: 'login' },
      h('h1', {}, "benefit-ledger · auditor's console"),
      message ? h('p', { class: 'error', role: 'alert' }, message) : null,
      h('p', {}, 'Paste a bearer token (`npm run cli -- token issue --role auditor --subject <you>`). It stays in this tab only (session storage) and goes with every request to the API; every read of a person’s data is recorded under its subject.'),
      h(
        'form',
        { id: 'login', onsubmit: (ev: Event) => {
          ev.preventDefault();
          session.setToken(token.value);
          route();
        } },
        token,
        h('button', { type: 'submit' }, 'Log in'),
      ),
    ),
  );
  token.focus();
}

function header(): HTMLElement {
  const claims = tokenClaims(session.token()!);
  const reason = h('input', { name: 'reason', value: session.reason(), placeholder: 'why (X-Access-Reason, recorded)', size: 28, 'aria-label': 'access reason' });
  reason.addEventListener('change', () => session.setReason(reason.value));
  return h(
    'header',
    {},
    h('strong', {}, 'benefit-ledger'),
    h('nav', {}, link('#/person/', 'Person'), link('#/claim/', 'Claim'), link(`#/ledger/nanchong/${new Date().toISOString().slice(0, 7)}`, 'Ledger'), link('#/resettle', 'Re-settlement')),
    reason,
    h('span', { id: 'who' }, `${claims.sub ?? '?'} (${(claims.roles ?? []).join(', ')})`),
    h('button', { type: 'button', id: 'logout', onclick: () => {
      session.clear();
      location.hash = '';
      login();
    } }, 'Log out'),
  );
}

async function route(): Promise<void> {
  if (!session.token()) return login();
  if (!app.contains(main)) app.replaceChildren(header(), main);
  const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const [, view = '', a = '', b = ''] = path.split('/').map(decodeURIComponent);
  switch (view) {
    case 'person':
      return personView(main, a, params.get('asOf') ?? undefined);
    case 'claim':
      return claimView(main, a);
    case 'ledger':
      return ledgerView(main, a || 'nanchong', b || new Date().toISOString().slice(0, 7));
    case 'resettle':
      return resettleView(main, params);
    default:
      return personView(main, '', undefined);
  }
}

whenUnauthorised(() => {
  session.clear();
  login('The API refused the token (401): expired, revoked or mistyped. Paste another.');
});
window.addEventListener('hashchange', () => void route());
void route();
