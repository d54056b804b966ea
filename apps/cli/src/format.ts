/** Text output for terminals: yuan amounts, aligned columns (CJK characters are two columns wide). */
import { Payer } from '@benefit/shared';

/** Fen as yuan with two decimals: 12345 → "123.45". */
export const yuan = (fen: number): string => {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};

/** Display width in a terminal: East Asian wide and fullwidth characters take two columns. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x20000 && cp <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

const pad = (text: string, width: number, right: boolean) => {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
};

/** Aligned columns; `right` names the columns aligned right (amounts). */
export function table(rows: string[][], opts: { right?: number[]; indent?: string } = {}): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))));
  const right = new Set(opts.right ?? []);
  return rows.map((row) => (opts.indent ?? '') + row.map((cell, i) => pad(cell, widths[i], right.has(i))).join('  ').trimEnd());
}

/** Non-zero shares in payer order, e.g. "basic_pooling 12.00, self_pay 3.00". */
export function sharesLine(shares: Record<Payer, number>): string {
  const parts = Object.entries(shares)
    .filter(([, fen]) => fen !== 0)
    .map(([payer, fen]) => `${payer} ${yuan(fen)}`);
  return parts.length ? parts.join(', ') : 'nothing';
}

/**
 * A generic rendering of event data for types this tool has no layout for: `key=value` pairs,
 * with `…Fen` amounts in yuan and nested values as JSON.
 */
export function genericFields(data: unknown): string {
  if (data === null || typeof data !== 'object') return JSON.stringify(data);
  return Object.entries(data as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => {
      if (typeof v === 'number' && /Fen$/.test(k)) return `${k.replace(/Fen$/, '')}=${yuan(v)} yuan`;
      if (v !== null && typeof v === 'object') return `${k}=${JSON.stringify(v)}`;
      return `${k}=${String(v)}`;
    })
    .join(', ');
}
