/**
 * Yuan ↔ fen, exactly (API.md "National platform messages": amounts are yuan with two decimals).
 * A number is read through its shortest decimal text (what JSON carried), never multiplied as a
 * float; more than two decimals is refused, never rounded: 0.1 + 0.2 sent as 0.30000000000000004
 * is refused, as is "12.345".
 */
import { ValidateBy, ValidationOptions } from 'class-validator';
import { MAX_CLAIM_FEN } from '@benefit/shared';

const DECIMAL = /^(0|[1-9]\d{0,12})(?:\.(\d{1,2}))?$/;

/** Fen from a yuan amount (a number or a decimal string), or what is wrong with it. */
export function fenOfYuan(value: unknown, maxFen = MAX_CLAIM_FEN): { fen: number } | { problem: string } {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { problem: 'must be a finite amount in yuan' };
    text = String(value); // the shortest text that reads back as this number: what the JSON said
  } else if (typeof value === 'string') text = value.trim();
  else return { problem: 'must be an amount in yuan (a number or a decimal string)' };
  if (/^\d+\.\d{3,}$/.test(text) || /e-/i.test(text)) return { problem: `${text.slice(0, 40)} has more than two decimals: yuan amounts are exact to the fen, never rounded` };
  const m = DECIMAL.exec(text);
  if (!m) return { problem: 'must be a non-negative amount in yuan with at most two decimals (123.45)' };
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (fen > maxFen) return { problem: `must be at most ${yuanOfFen(maxFen)} yuan` };
  return { fen };
}

/** Yuan as a JSON number with at most two decimals, built from the digits (123456 fen → 1234.56). */
export function yuanOfFen(fen: number): number {
  if (!Number.isSafeInteger(fen)) throw new Error(`invariant: ${fen} is not a whole number of fen`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return Number(`${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`);
}

/** A yuan amount (class-validator): what fenOfYuan accepts. */
export const IsYuan = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isYuan',
      validator: {
        validate: (v: unknown) => 'fen' in fenOfYuan(v),
        defaultMessage: (args) => {
          const r = fenOfYuan(args?.value);
          return 'problem' in r ? r.problem : 'invalid';
        },
      },
    },
    options,
  );
