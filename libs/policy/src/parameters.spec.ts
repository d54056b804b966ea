/** Parameters: units, the document's own bounds (validation hooks), and loud failure. */
import { DomainError, MAX_PARAMETER_FEN, dateWindow } from '@benefit/shared';
import { ParameterBook, ParameterDefinition } from './parameters';

const def = (over: Partial<ParameterDefinition>): ParameterDefinition => ({ key: 'x.k', unit: 'rate', description: 'd', source: 's', defaults: [], ...over });

describe('ParameterBook.valueProblem', () => {
  it('a validation hook refuses what the document forbids, after the unit check', () => {
    const capped = def({ validate: (v) => ((v as number) <= 0.1 ? null : 'at most 10%') });
    expect(ParameterBook.valueProblem(capped, 0.1)).toBeNull();
    expect(ParameterBook.valueProblem(capped, 0.1001)).toBe('at most 10%');
    expect(ParameterBook.valueProblem(capped, 2)).toMatch(/fraction/);
  });

  it('factor: a multiple such as 3 × income, in basis points', () => {
    const factor = def({ unit: 'factor', defaults: [{ from: '2023-01-01', value: 3 }] });
    expect(ParameterBook.valueProblem(factor, 3)).toBeNull();
    expect(ParameterBook.valueProblem(factor, 1.1)).toBeNull();
    expect(ParameterBook.valueProblem(factor, -1)).not.toBeNull();
    expect(new ParameterBook(new Map([[factor.key, factor]])).rate(factor.key, '2023-06-01')).toBe(30_000);
  });

  it('count: a whole number (hours, a risk level)', () => {
    const count = def({ unit: 'count' });
    expect(ParameterBook.valueProblem(count, 48)).toBeNull();
    expect(ParameterBook.valueProblem(count, 4.5)).not.toBeNull();
  });
});

describe('ParameterBook.valueProblem: bounds that no computed sum can outgrow (issue 10)', () => {
  it('date: a calendar date inside the window — 9999-99-99 and 2023-02-30 once switched a programme off', () => {
    const from = def({ unit: 'date' });
    expect(ParameterBook.valueProblem(from, '2023-03-01')).toBeNull();
    expect(ParameterBook.valueProblem(from, '2024-02-29')).toBeNull();
    for (const bad of ['9999-99-99', '2023-02-30', '2023-13-01', '2023-3-1', 20230301]) expect(ParameterBook.valueProblem(from, bad)).toMatch(/calendar date/);
    expect(ParameterBook.valueProblem(from, '9999-12-31')).toMatch(`to ${dateWindow().to}`);
    expect(ParameterBook.valueProblem(from, '1989-12-31')).toMatch(/from 1990-01-01/);
  });

  it(`fen: 0 to ${MAX_PARAMETER_FEN} (100 million yuan); count: 0 to 1,000,000`, () => {
    const fen = def({ unit: 'fen' });
    expect(ParameterBook.valueProblem(fen, MAX_PARAMETER_FEN)).toBeNull();
    expect(ParameterBook.valueProblem(fen, MAX_PARAMETER_FEN + 1)).toMatch(/at most|from 0 to/);
    expect(ParameterBook.valueProblem(fen, 2 ** 53 - 1)).not.toBeNull();
    const count = def({ unit: 'count' });
    expect(ParameterBook.valueProblem(count, 1_000_000)).toBeNull();
    expect(ParameterBook.valueProblem(count, 1_000_001)).not.toBeNull();
  });
});

describe('ParameterBook.withRecords: what-if books in one pass', () => {
  const rate = def({ key: 'x.rate', defaults: [{ from: '2023-01-01', value: 0.5 }] });
  const book = new ParameterBook(new Map([[rate.key, rate]]));
  const record = (effectiveFrom: string, value: number, revision: number) => ({ key: rate.key, effectiveFrom, effectiveTo: null, value, reason: 'what if', recordedAt: '2023-01-01T00:00:00Z', revision });

  it('gives the same book as adding the records one by one, with the highest revision', () => {
    const records = [record('2023-01-01', 0.6, 3), record('2023-07-01', 0.7, 4), record('2023-07-01', 0.8, 5)];
    const once = book.withRecords(records);
    const oneByOne = records.reduce((b, r) => b.with(r), book);
    expect(once.revision).toBe(5);
    for (const date of ['2023-03-01', '2023-07-01', '2023-12-31']) expect(once.rate(rate.key, date)).toBe(oneByOne.rate(rate.key, date));
    expect(once.rate(rate.key, '2023-08-01')).toBe(8000);
    expect(book.rate(rate.key, '2023-08-01')).toBe(5000); // the book it came from is unchanged
  });
});

describe('ParameterBook.resolve fails loudly', () => {
  const ended = def({ unit: 'fen', defaults: [{ from: '2023-01-01', to: '2023-12-31', value: 1 }] });
  const book = new ParameterBook(new Map([[ended.key, ended]]));
  it('no value in force yet: parameter-missing; ended: parameter-ended', () => {
    expect(() => book.resolve(ended.key, '2022-12-31')).toThrow(DomainError);
    expect(() => book.resolve(ended.key, '2024-01-01')).toThrow(/ended on 2023-12-31/);
    expect(book.fen(ended.key, '2023-06-01')).toBe(1);
  });
});
