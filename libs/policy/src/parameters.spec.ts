/** Parameters: units, the document's own bounds (validation hooks), and loud failure. */
import { DomainError } from '@benefit/shared';
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

describe('ParameterBook.resolve fails loudly', () => {
  const ended = def({ unit: 'fen', defaults: [{ from: '2023-01-01', to: '2023-12-31', value: 1 }] });
  const book = new ParameterBook(new Map([[ended.key, ended]]));
  it('no value in force yet: parameter-missing; ended: parameter-ended', () => {
    expect(() => book.resolve(ended.key, '2022-12-31')).toThrow(DomainError);
    expect(() => book.resolve(ended.key, '2024-01-01')).toThrow(/ended on 2023-12-31/);
    expect(book.fen(ended.key, '2023-06-01')).toBe(1);
  });
});
