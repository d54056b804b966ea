/** The console's charts: inline SVG drawn here (no chart library, nothing fetched). */
import { PAYERS } from '../../libs/shared/src/payers';
import { h, s, yuan } from './dom';

export { PAYERS };

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f', '#393b79'];
export const colourOf = (payer: string) => PALETTE[Math.max(0, (PAYERS as readonly string[]).indexOf(payer)) % PALETTE.length];

export const legend = (payers: string[]) =>
  h('ul', { class: 'legend' }, payers.map((p) => h('li', {}, s('svg', { viewBox: '0 0 10 10', class: 'swatch' }, s('rect', { width: 10, height: 10, fill: colourOf(p) })), p)));

/** One bar per counter: used against its limit (a counter without a limit is drawn against the largest of them). */
export function counterBars(counters: Record<string, { usedFen: number; limitFen: number | null }>): SVGElement {
  const rows = Object.entries(counters).filter(([, c]) => c.usedFen !== 0 || c.limitFen !== null);
  const W = 640;
  const LABEL = 230;
  const ROW = 26;
  const unlimitedMax = Math.max(1, ...rows.filter(([, c]) => c.limitFen === null).map(([, c]) => Math.abs(c.usedFen)));
  return s(
    'svg',
    { viewBox: `0 0 ${W} ${Math.max(1, rows.length) * ROW + 4}`, class: 'chart counters', role: 'img', 'aria-label': 'counters used against their limits' },
    rows.map(([key, c], i) => {
      const scale = c.limitFen ?? unlimitedMax;
      const width = (W - LABEL - 150) * Math.min(1, Math.max(0, c.usedFen) / Math.max(1, scale));
      const y = i * ROW + 2;
      return s(
        'g',
        { 'data-counter': key },
        s('text', { x: 0, y: y + 16, class: 'label' }, key),
        s('rect', { x: LABEL, y, width: W - LABEL - 150, height: 20, class: c.limitFen === null ? 'track unlimited' : 'track' }),
        s('rect', { x: LABEL, y, width, height: 20, class: c.limitFen !== null && c.usedFen >= c.limitFen ? 'used full' : 'used' }),
        s('text', { x: W - 145, y: y + 16, class: 'value' }, `${yuan(c.usedFen)} / ${c.limitFen === null ? 'no limit' : yuan(c.limitFen)}`),
      );
    }),
  );
}

/** A claim's shares as one bar, a segment per payer that pays something. */
export function stackedShares(shares: Record<string, number>, totalFen: number): SVGElement {
  const W = 640;
  let x = 0;
  const paying = PAYERS.filter((p) => (shares[p] ?? 0) > 0);
  return s(
    'svg',
    { viewBox: `0 0 ${W} 34`, class: 'chart shares', role: 'img', 'aria-label': 'shares per payer' },
    paying.map((p) => {
      const w = (W * shares[p]) / Math.max(1, totalFen);
      const seg = s('rect', { x, y: 2, width: w, height: 30, fill: colourOf(p), 'data-payer': p }, s('title', {}, `${p} ${yuan(shares[p])}`));
      x += w;
      return seg;
    }),
  );
}

/** A step line of the balance after each event that moved it. */
export function balanceLine(points: { label: string; balanceFen: number }[]): SVGElement {
  const W = 640;
  const H = 200;
  const PAD = { left: 80, right: 10, top: 10, bottom: 24 };
  const max = Math.max(0, ...points.map((p) => p.balanceFen));
  const min = Math.min(0, ...points.map((p) => p.balanceFen));
  const xOf = (i: number) => PAD.left + ((W - PAD.left - PAD.right) * i) / Math.max(1, points.length - 1);
  const yOf = (v: number) => PAD.top + ((H - PAD.top - PAD.bottom) * (max - v)) / Math.max(1, max - min);
  const path = points.map((p, i) => `${i === 0 ? 'M' : `H${xOf(i).toFixed(1)} V`}${i === 0 ? `${xOf(0).toFixed(1)} ${yOf(p.balanceFen).toFixed(1)}` : yOf(p.balanceFen).toFixed(1)}`).join(' ');
  return s(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, class: 'chart line', role: 'img', 'aria-label': 'personal-account balance over time' },
    s('line', { x1: PAD.left, x2: W - PAD.right, y1: yOf(0), y2: yOf(0), class: 'axis' }),
    s('text', { x: PAD.left - 6, y: yOf(max) + 4, class: 'tick', 'text-anchor': 'end' }, yuan(max)),
    min < 0 ? s('text', { x: PAD.left - 6, y: yOf(min) + 4, class: 'tick', 'text-anchor': 'end' }, yuan(min)) : null,
    s('text', { x: PAD.left - 6, y: yOf(0) + 4, class: 'tick', 'text-anchor': 'end' }, '0.00'),
    points.length ? s('path', { d: path, class: 'balance' }) : null,
    points.map((p, i) => s('circle', { cx: xOf(i), cy: yOf(p.balanceFen), r: 3, class: 'point' }, s('title', {}, `${p.label}: ${yuan(p.balanceFen)}`))),
    points.length ? s('text', { x: PAD.left, y: H - 6, class: 'tick' }, points[0].label) : null,
    points.length > 1 ? s('text', { x: W - PAD.right, y: H - 6, class: 'tick', 'text-anchor': 'end' }, points[points.length - 1].label) : null,
  );
}

/** Relief statuses as lanes from validFrom to their last day (validTo, a revocation's month end, or open). */
export function statusLanes(statuses: { status: string; validFrom: string; validTo: string | null; revokedThrough: string | null }[], today: string): SVGElement {
  const W = 640;
  const LABEL = 200;
  const ROW = 24;
  const ends = statuses.map((st) => [st.validTo, st.revokedThrough].filter((d): d is string => !!d).sort()[0] ?? null);
  const days = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
  const first = Math.min(...statuses.map((st) => days(st.validFrom)), days(today));
  const last = Math.max(days(today), ...ends.filter((e): e is string => !!e).map(days));
  const xOf = (d: number) => LABEL + ((W - LABEL - 10) * (d - first)) / Math.max(1, last - first);
  return s(
    'svg',
    { viewBox: `0 0 ${W} ${statuses.length * ROW + 22}`, class: 'chart statuses', role: 'img', 'aria-label': 'relief statuses over time' },
    statuses.map((st, i) => {
      const end = ends[i];
      return s(
        'g',
        {},
        s('text', { x: 0, y: i * ROW + 16, class: 'label' }, st.status),
        s('rect', { x: xOf(days(st.validFrom)), y: i * ROW + 4, width: Math.max(2, xOf(end ? days(end) : last) - xOf(days(st.validFrom))), height: 16, class: end ? 'period' : 'period open' }, s('title', {}, `${st.status} ${st.validFrom} – ${end ?? 'open'}`)),
      );
    }),
    s('text', { x: LABEL, y: statuses.length * ROW + 18, class: 'tick' }, new Date(first * 86_400_000).toISOString().slice(0, 10)),
    s('text', { x: W - 10, y: statuses.length * ROW + 18, class: 'tick', 'text-anchor': 'end' }, new Date(last * 86_400_000).toISOString().slice(0, 10)),
  );
}

/** What each payer owes per month, stacked (negative amounts — reversals — drawn below the axis). */
export function monthBars(months: { month: string; funds: { payer: string; amountFen: number }[] }[]): SVGElement {
  const W = 640;
  const H = 220;
  const PAD = { left: 80, bottom: 24, top: 8 };
  const up = months.map((m) => m.funds.filter((f) => f.amountFen > 0).reduce((a, f) => a + f.amountFen, 0));
  const down = months.map((m) => m.funds.filter((f) => f.amountFen < 0).reduce((a, f) => a + f.amountFen, 0));
  const max = Math.max(1, ...up);
  const min = Math.min(0, ...down);
  const yOf = (v: number) => PAD.top + ((H - PAD.top - PAD.bottom) * (max - v)) / (max - min);
  const slot = (W - PAD.left) / Math.max(1, months.length);
  return s(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, class: 'chart months', role: 'img', 'aria-label': 'amount per payer and month' },
    s('line', { x1: PAD.left, x2: W, y1: yOf(0), y2: yOf(0), class: 'axis' }),
    s('text', { x: PAD.left - 6, y: yOf(max) + 4, class: 'tick', 'text-anchor': 'end' }, yuan(max)),
    s('text', { x: PAD.left - 6, y: yOf(0) + 4, class: 'tick', 'text-anchor': 'end' }, '0.00'),
    months.map((m, i) => {
      let top = 0;
      let bottom = 0;
      const x = PAD.left + i * slot + slot * 0.15;
      return s(
        'g',
        { 'data-month': m.month },
        m.funds
          .filter((f) => f.amountFen !== 0)
          .map((f) => {
            const from = f.amountFen > 0 ? top : bottom;
            const to = from + f.amountFen;
            if (f.amountFen > 0) top = to;
            else bottom = to;
            return s('rect', { x, width: slot * 0.7, y: yOf(Math.max(from, to)), height: Math.abs(yOf(from) - yOf(to)), fill: colourOf(f.payer) }, s('title', {}, `${m.month} ${f.payer} ${yuan(f.amountFen)}`));
          }),
        s('text', { x: x + slot * 0.35, y: H - 6, class: 'tick', 'text-anchor': 'middle' }, m.month.slice(2)),
      );
    }),
  );
}
