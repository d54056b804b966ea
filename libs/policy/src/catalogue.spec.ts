/** The catalogue (医保目录, API.md "Catalogue"): items classed by code on the service date. */
import { CatalogueEntry, catalogueBook, catalogueNotes, classifyClaim, SubmittedClaim } from './catalogue';
import { claim, item } from './testing/fixtures';

const entry = (code: string, catalogClass: 'A' | 'B' | 'C', effectiveFrom: string, revision: number): CatalogueEntry => ({ code, name: code, catalogClass, drugClass: null, effectiveFrom, revision });

const unclassed = (code: string, amountFen: number) => {
  const { catalogClass: _c, ...rest } = item(amountFen, 'A', { code });
  return rest;
};
const submitted = (serviceDate: string, items: SubmittedClaim['items']): SubmittedClaim => ({ ...claim({ serviceDate }), items });

describe('dated entries: the entry in force on a day', () => {
  const book = catalogueBook([entry('X1', 'B', '2023-01-01', 0), entry('X1', 'A', '2023-07-01', 1)], 1);

  it('X1 is B from 2023-01-01 and A from 2023-07-01 (a re-classification is a new dated entry)', () => {
    expect(book.entryOn('X1', '2022-12-31')).toBeNull();
    expect(book.entryOn('X1', '2023-01-01')?.catalogClass).toBe('B');
    expect(book.entryOn('X1', '2023-06-30')?.catalogClass).toBe('B');
    expect(book.entryOn('X1', '2023-07-01')?.catalogClass).toBe('A');
    expect(book.entryOn('X1', '2025-01-01')?.catalogClass).toBe('A');
  });

  it('an entry recorded later for the same code and date supersedes the earlier one; both stay in history', () => {
    const corrected = catalogueBook([entry('X2', 'A', '2023-01-01', 0), entry('X2', 'C', '2023-01-01', 5)]);
    expect(corrected.entryOn('X2', '2023-03-01')?.catalogClass).toBe('C');
    expect(corrected.history('X2').map((e) => e.revision)).toEqual([0, 5]);
  });

  it('an entry recorded later with an earlier start does not override a later start', () => {
    const book2 = catalogueBook([entry('X3', 'A', '2023-06-01', 0), entry('X3', 'B', '2023-01-01', 1)]);
    expect(book2.entryOn('X3', '2023-03-01')?.catalogClass).toBe('B');
    expect(book2.entryOn('X3', '2023-06-01')?.catalogClass).toBe('A');
  });
});

describe('classifying a claim', () => {
  const book = catalogueBook([entry('X1', 'B', '2023-01-01', 0)]);

  it('an item without catalogClass gets the class in force on the service date, marked classifiedBy catalogue', () => {
    const c = classifyClaim(submitted('2023-03-05', [unclassed('X1', 30000)]), book);
    expect(c.items[0]).toMatchObject({ code: 'X1', catalogClass: 'B', classifiedBy: 'catalogue' });
  });

  it('an unlisted code is class C, and named in the explanation (a 0-fen line: it moves no money)', () => {
    const c = classifyClaim(submitted('2023-03-05', [unclassed('NOPE', 12000)]), book);
    expect(c.items[0]).toMatchObject({ catalogClass: 'C', classifiedBy: 'catalogue' });
    const notes = catalogueNotes(c, book);
    expect(notes).toEqual([expect.objectContaining({ payer: 'self_pay', amountFen: 0, rule: 'catalogue.unlisted_code' })]);
    expect(notes[0].detail).toContain('NOPE');
  });

  it('a code listed only from a later date is class C on an earlier service date', () => {
    expect(classifyClaim(submitted('2022-12-31', [unclassed('X1', 100)]), book).items[0].catalogClass).toBe('C');
  });

  it('an item that gives catalogClass keeps it, whatever the catalogue says (today’s meaning)', () => {
    const given = submitted('2023-03-05', [item(30000, 'A', { code: 'X1' })]);
    const c = classifyClaim(given, book);
    expect(c.items[0].catalogClass).toBe('A');
    expect(c.items[0]).not.toHaveProperty('classifiedBy');
    expect(catalogueNotes(c, book)).toEqual([]);
  });

  it('a listed drug takes the catalogue entry\'s drugClass over the hospital\'s; an unlisted one keeps the hospital\'s (class C)', () => {
    const drugs = catalogueBook([{ ...entry('D1', 'B', '2023-01-01', 0), drugClass: 'antipsychotic' }, entry('D2', 'A', '2023-01-01', 1)]);
    const asSent = (code: string, drugClass: string | null) => ({ ...unclassed(code, 1000), kind: 'drug' as const, drugClass });
    const c = classifyClaim(submitted('2023-03-05', [asSent('D1', 'other'), asSent('D2', 'antidepressant'), asSent('D3', 'antimanic')]), drugs);
    expect(c.items.map((i) => [i.code, i.catalogClass, i.drugClass])).toEqual([
      ['D1', 'B', 'antipsychotic'],
      ['D2', 'A', null],
      ['D3', 'C', 'antimanic'],
    ]);
  });

  it('a drug the hospital classed keeps its own drugClass too (an explicit catalogClass: today\'s meaning)', () => {
    const drugs = catalogueBook([{ ...entry('D1', 'B', '2023-01-01', 0), drugClass: 'antipsychotic' }]);
    const c = classifyClaim(submitted('2023-03-05', [{ ...item(1000, 'B', { code: 'D1' }), kind: 'drug', drugClass: 'other' }]), drugs);
    expect(c.items[0].drugClass).toBe('other');
  });

  it('a recorded item classed by the catalogue is classed again from the catalogue now (re-adjudication)', () => {
    const first = classifyClaim(submitted('2023-03-05', [unclassed('X9', 100)]), book);
    expect(first.items[0].catalogClass).toBe('C');
    const later = catalogueBook([entry('X1', 'B', '2023-01-01', 0), entry('X9', 'A', '2023-01-01', 1)]);
    expect(classifyClaim(first, later).items[0]).toMatchObject({ catalogClass: 'A', classifiedBy: 'catalogue' });
  });
});
