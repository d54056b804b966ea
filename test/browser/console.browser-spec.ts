/**
 * The auditor's console (issue 15) in Debian's chromium, driven by playwright-core, against the
 * real app on a temporary DATA_DIR. The history is made through the API — a registration, a
 * relief status and its revocation, three months settled, claims paid partly from the personal
 * account, a cancellation, a deductible changed and a re-adjudication applied (a correction) —
 * then an auditor logs in with a token and opens a person (now and as known at an earlier
 * instant), a claim, a ledger and the re-settlement view. Every figure the page shows is read
 * from its `data-fen` and compared with what the API answers for the same question; every read
 * of the person's data is found in the access log under the console's token subject.
 *
 * Screenshots go to test/browser/artifacts/ (git-ignored); with UPDATE_DOCS_SCREENSHOTS=1 the
 * three main views are copied to docs/ for the README.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BrowserContext, Page, chromium } from 'playwright-core';
import { TestApp, claimBody, issueToken, item, putParameter, register, registerBody, settleMonth, startApp, submit } from '../support/e2e';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, 'artifacts');
const DOCS = path.join(__dirname, '..', '..', 'docs');
const AUDITOR = 'auditor-console-li';
const APPLIER = 'admin-zhao';
const REASON = 'ticket AUD-2023-117';

/** The flags the machine notes name: without the background-networking ones chromium's own calls are refused by this closed network. */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const fenOf = async (page: Page, selector: string) => Number(await page.locator(selector).first().getAttribute('data-fen'));

describe('the auditor’s console in a real browser', () => {
  let t: TestApp;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  let auditorToken: string;
  const requests: string[] = [];
  const pageErrors: string[] = [];
  const person = registerBody({ openingPersonalAccountFen: 50000 });
  const claims = { paid: claimBody(person.personId, { serviceDate: '2023-03-05', items: [item(50000), item(8000, 'C', { name: '自费敷料', kind: 'material' })], usePersonalAccount: true }), second: claimBody(person.personId, { serviceDate: '2023-03-12', items: [item(30000)] }), cancelled: claimBody(person.personId, { serviceDate: '2023-03-20', items: [item(20000)] }) };
  let mid: { instant: string; counters: any; account: any; events: number };
  let applied: any;

  const api = async (url: string) => {
    const res = await t.http().get(url);
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const open = async (hash: string, ready: string) => {
    await page.goto(`${base}/console${hash}`);
    await page.locator(ready).first().waitFor({ timeout: 60000 });
  };
  const shot = async (name: string, docs?: string) => {
    const file = path.join(ARTIFACTS, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    if (docs && process.env.UPDATE_DOCS_SCREENSHOTS === '1') fs.copyFileSync(file, path.join(DOCS, docs));
  };

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    t = await startApp();
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    auditorToken = (await issueToken(t, ['auditor'], AUDITOR)).token;
    const applier = (await issueToken(t, ['admin'], APPLIER)).token;

    // the history, through the API
    await register(t, person);
    await t.http().post(`/v1/persons/${person.personId}/relief-statuses`).send({ status: 'minimum_living', validFrom: '2023-01-01', source: 'civil_affairs' }).expect(201);
    await t.http().post(`/v1/persons/${person.personId}/relief-statuses/minimum_living/revocations`).send({ effectiveDate: '2023-06-30' }).expect(201);
    await settleMonth(t, 'nanchong', '2023-01');
    await settleMonth(t, 'nanchong', '2023-02');
    for (const c of Object.values(claims)) await submit(t, c);
    await t.http().post(`/v1/claims/${claims.cancelled.claimId}/cancellations`).send({ reason: '退费: duplicate bill', cancelledOn: '2023-03-21' }).expect(201);
    // what the API answered before the re-settlement: the console's "as known on" must show it again
    await new Promise((r) => setTimeout(r, 20));
    mid = {
      instant: new Date().toISOString(),
      counters: (await api(`/v1/persons/${person.personId}/counters?year=2023`)).counters,
      account: await api(`/v1/persons/${person.personId}/personal-account`),
      events: (await api(`/v1/persons/${person.personId}/events`)).length,
    };
    await new Promise((r) => setTimeout(r, 20));
    await settleMonth(t, 'nanchong', '2023-03');
    await putParameter(t, 'nanchong.outpatient.in_service.deductible', 15000, '2023-01-01', 'browser test: a lower deductible');
    const res = await t.as(applier).post('/v1/readjudications').send({ regionCode: 'nanchong', fromMonth: '2023-01', toMonth: '2023-03', apply: true });
    expect(res.status).toBe(200);
    applied = res.body;
    expect(applied.changes.length).toBeGreaterThan(0);

    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'benefit-console-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 } });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(60000);
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && !m.text().includes('404') && pageErrors.push(m.text()));
  }, 240000);

  afterAll(async () => {
    await context?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
    await t?.close();
  });

  it('serves the page without a token, under the CSP, and asks for a token kept in session storage only', async () => {
    const res = await fetch(`${base}/console`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    await open('', '#login');
    await shot('00-login');
    await page.fill('input[name=token]', auditorToken);
    await page.click('#login button');
    await page.locator('#who').waitFor();
    expect(await page.textContent('#who')).toContain(AUDITOR);
    expect(await page.evaluate('sessionStorage.length')).toBe(1);
    expect(await page.evaluate('localStorage.length')).toBe(0);
    expect(await context.cookies()).toEqual([]);
    // the reason the auditor gives goes with every read (X-Access-Reason) and into the access log
    await page.fill('input[name=reason]', REASON);
    await page.press('input[name=reason]', 'Enter');
    await page.locator('input[name=reason]').blur();
  });

  it('person view: counters per year and the balance are the API’s, every event is listed', async () => {
    await open(`#/person/${person.personId}`, '#balance');
    const account = await api(`/v1/persons/${person.personId}/personal-account`);
    const counters = (await api(`/v1/persons/${person.personId}/counters?year=2023`)).counters;
    const events = await api(`/v1/persons/${person.personId}/events`);
    expect(await fenOf(page, '#balance')).toBe(account.balanceFen);
    const shown = await page.locator('[data-year="2023"] [data-kind=used]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-counter'), Number(e.getAttribute('data-fen'))]));
    expect(shown.length).toBeGreaterThan(0);
    for (const [key, fen] of shown) expect({ key, fen }).toEqual({ key, fen: counters[key as string].usedFen });
    const limits = await page.locator('[data-year="2023"] [data-kind=limit]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-counter'), Number(e.getAttribute('data-fen'))]));
    for (const [key, fen] of limits) expect({ key, fen }).toEqual({ key, fen: counters[key as string].limitFen });
    expect(await page.locator('#events tbody tr').count()).toBe(events.length);
    expect(await page.textContent('#registration')).toContain('张三');
    expect(await page.textContent('#registration')).not.toContain(person.idNumber); // masked
    expect(await page.locator('svg.statuses rect').count()).toBe(1);
    expect(await page.locator('svg.line circle').count()).toBeGreaterThan(2);
    await shot('01-person', 'console-person.png');
  });

  it('person view "as known on": the figures the API answered at that instant, and nothing before the registration', async () => {
    await open(`#/person/${person.personId}?asOf=${encodeURIComponent(mid.instant)}`, '#balance');
    expect(await page.textContent('#as-of')).toContain(`${mid.events} of`);
    expect(await fenOf(page, '#balance')).toBe(mid.account.balanceFen);
    const shown = await page.locator('[data-year="2023"] [data-kind=used]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-counter'), Number(e.getAttribute('data-fen'))]));
    for (const [key, fen] of shown) expect({ key, fen }).toEqual({ key, fen: mid.counters[key as string].usedFen });
    // the day before anything was recorded, picked in the form
    const yesterday = new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
    await page.fill('input[name=asOf]', yesterday);
    await page.click('form.bar button[type=submit]');
    await page.locator('#as-of', { hasText: '0 of' }).waitFor();
    expect(await fenOf(page, '#balance')).toBe(0);
    await shot('02-person-as-of');
  });

  it('claim view: items, shares, explanation lines with the article quoted, and the correction before/after', async () => {
    const view = await api(`/v1/claims/${claims.paid.claimId}`);
    await open(`#/claim/${claims.paid.claimId}`, '#total');
    expect(await fenOf(page, '#total')).toBe(view.totalFen);
    expect(await fenOf(page, '#policy-scope')).toBe(view.policyScopeFen);
    for (const [payer, fen] of Object.entries(view.shares as Record<string, number>)) {
      if (fen !== 0) expect({ payer, fen: await fenOf(page, `#shares [data-payer=${payer}]`) }).toEqual({ payer, fen });
    }
    expect(await page.locator('#items tbody tr').count()).toBe((claims.paid.items as unknown[]).length);
    expect(await page.locator('#explanation tbody tr').count()).toBe(view.explanation.length);
    expect(await page.locator('details.quote').count()).toBeGreaterThan(0);
    expect(await page.locator('details.quote summary').first().textContent()).toContain('南府办发〔2022〕33号');
    expect(view.corrections.length).toBe(1);
    const step = page.locator('.step.corrected');
    expect(await step.count()).toBe(1);
    for (const [payer, delta] of Object.entries(view.corrections[0].deltas as Record<string, number>)) {
      if (delta !== 0) expect({ payer, after: await fenOf(page, `.step.corrected [data-payer=${payer}][data-kind=after]`) }).toEqual({ payer, after: view.shares[payer] });
    }
    expect(await step.textContent()).toContain(APPLIER);
    await page.locator('details.quote summary').first().click();
    await shot('03-claim', 'console-claim.png');

    const cancelled = await api(`/v1/claims/${claims.cancelled.claimId}`);
    await open(`#/claim/${claims.cancelled.claimId}`, '#total');
    expect(await page.textContent('#status')).toBe(cancelled.status);
    expect(await page.locator('.step.cancelled').count()).toBe(1);
  });

  it('ledger view: each payer’s amount and claims of a settled month, and the corrections booked after it', async () => {
    const ledger = await api('/v1/ledgers?regionCode=nanchong&month=2023-03');
    await open('#/ledger/nanchong/2023-03', '#funds');
    expect(await page.textContent('#settlement-state')).toContain('Settled');
    const nonZero = ledger.funds.filter((f: { amountFen: number }) => f.amountFen !== 0);
    expect(nonZero.length).toBeGreaterThan(0);
    for (const f of nonZero) {
      expect({ payer: f.payer, fen: await fenOf(page, `#funds [data-payer=${f.payer}]`), claims: Number(await page.textContent(`#funds [data-claims=${f.payer}]`)) }).toEqual({ payer: f.payer, fen: f.amountFen, claims: f.claims });
    }
    expect(await page.locator('#corrections-against tbody tr').count()).toBe(ledger.corrections.againstThisMonth.length);
    expect(await page.locator('svg.months g[data-month]').count()).toBe(12);
    await shot('04-ledger', 'console-ledger.png');

    const april = await api('/v1/ledgers?regionCode=nanchong&month=2023-04');
    await open('#/ledger/nanchong/2023-04', '#funds');
    expect(await page.textContent('#settlement-state')).toContain('Open');
    expect(await page.locator('#corrections-applied tbody tr').count()).toBe(april.corrections.appliedThisMonth.length);
  });

  it('re-settlement view: the applied run with who applied it, and a simulation’s totals as the API answers them', async () => {
    await open('#/resettle?regionCode=nanchong', '#applied-runs');
    const run = page.locator('#applied-runs tbody tr');
    expect(await run.count()).toBe(1);
    expect(await run.locator('.actor').textContent()).toBe(APPLIER);
    for (const [payer, fen] of Object.entries(applied.totalsByPayer as Record<string, number>)) {
      if (fen !== 0) expect({ payer, fen: await fenOf(page, `#applied-runs [data-payer=${payer}]`) }).toEqual({ payer, fen });
    }
    const body = { regionCode: 'nanchong', fromMonth: '2023-01', toMonth: '2023-03', parameterOverrides: { 'nanchong.outpatient.in_service.deductible': 10000 } };
    const simulated = (await t.as(auditorToken).post('/v1/simulations').send(body)).body;
    await page.fill('input[name=fromMonth]', '2023-01');
    await page.fill('input[name=toMonth]', '2023-03');
    await page.selectOption('select[name=kind]', 'simulation');
    await page.fill('textarea[name=parameterOverrides]', JSON.stringify(body.parameterOverrides));
    await page.click('form.bar button[type=submit]');
    await page.locator('#totals').waitFor();
    const totals = Object.entries(simulated.totalsByPayer as Record<string, number>).filter(([, fen]) => fen !== 0);
    expect(totals.length).toBeGreaterThan(0);
    for (const [payer, fen] of totals) expect({ payer, fen: await fenOf(page, `#totals [data-payer=${payer}]`) }).toEqual({ payer, fen });
    expect(await page.locator('#changes tbody tr').count()).toBe(simulated.changes.length);
    await shot('05-resettle', 'console-resettle.png');
  });

  it('every page view of the person’s data is in the access log under the console’s token, with the reason given', async () => {
    const log = await api(`/v1/access-log?personId=${person.personId}&limit=1000`);
    const mine = log.entries.filter((e: { actor: string }) => e.actor === AUDITOR);
    const byRoute = (route: string) => mine.filter((e: { route: string }) => e.route === route);
    // three person views (now, at an instant, the day before), two claim views, a simulation
    expect(byRoute('GET /v1/console/persons/:personId/history').length).toBe(3);
    expect(byRoute('GET /v1/console/claims/:claimId/history').length).toBe(2);
    expect(byRoute('POST /v1/simulations').length).toBeGreaterThanOrEqual(1);
    for (const e of mine.filter((x: { route: string }) => x.route.startsWith('GET /v1/console/'))) expect({ route: e.route, role: e.role, reason: e.reason }).toEqual({ route: e.route, role: 'auditor', reason: REASON });
    expect(byRoute('GET /v1/console/persons/:personId/history').map((e: { what: Record<string, unknown> }) => e.what.asOf ?? null)).toEqual([null, mid.instant, expect.any(String)]);
  });

  it('loaded nothing from anywhere but the api, and raised no script or CSP error', () => {
    expect(requests.filter((u) => !u.startsWith(base) && !u.startsWith('data:'))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
