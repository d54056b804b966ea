/** Building the page: elements from plain calls (no innerHTML, so no markup from data is ever parsed). */
type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;

function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

function attrs(el: Element, a: Attrs): void {
  for (const [k, v] of Object.entries(a)) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, a: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  attrs(el, a);
  append(el, children);
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';
export function s(tag: string, a: Attrs = {}, ...children: Child[]): SVGElement {
  const el = document.createElementNS(SVG, tag);
  attrs(el, a);
  append(el, children);
  return el;
}

/** Fen as yuan with two decimals, exactly (integer arithmetic, no floating point). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

export const signedYuan = (fen: number) => (fen > 0 ? `+${yuan(fen)}` : yuan(fen));

/** An amount cell: the text in yuan, the exact fen in data-fen (what the browser tests compare with the API). */
export const money = (fen: number, a: Attrs = {}, signed = false) => h('span', { class: 'money', 'data-fen': fen, ...a }, signed ? signedYuan(fen) : yuan(fen));

export const table = (head: string[], rows: Child[][], a: Attrs = {}) =>
  h('table', a, h('thead', {}, h('tr', {}, head.map((c) => h('th', {}, c)))), h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c))))));

export const section = (title: string, ...children: Child[]) => h('section', {}, h('h2', {}, title), ...children);

export const link = (href: string, text: string, a: Attrs = {}) => h('a', { href, ...a }, text);

export function showError(target: HTMLElement, err: unknown): void {
  target.replaceChildren(h('p', { class: 'error', role: 'alert' }, err instanceof Error ? err.message : String(err)));
}
