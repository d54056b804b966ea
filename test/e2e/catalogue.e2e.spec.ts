/**
 * The catalogue (医保目录) over HTTP (API.md "Catalogue"): dated entries per code recorded with PUT
 * or a CSV import (good lines recorded, bad lines named), read on a date; claim items that omit
 * `catalogClass` classed by it on the service date (an unlisted code is class C, named in the
 * explanation), and a re-classification picked up by a re-adjudication. Each describe block runs
 * its own application: the catalogue and a re-adjudication cover the whole service.
 */
import fc from 'fast-check';
import { TestApp, chinaDate, claimBody, expectConserved, expectProblem, item, register, startApp, submit } from '../support/e2e';
import { domainEvents, domainHead } from '../support/domain-log';
import { MAX_IMPORT_LINES } from '../../apps/api/src/catalogue/catalog-csv';

const HEADER = 'code,name,catalogClass,drugClass,effectiveFrom';
const csv = (t: TestApp, text: string) => t.http().post('/v1/catalog/imports').set('content-type', 'text/csv').send(text);
/** An item left to the catalogue: no catalogClass. */
const unclassed = (code: string, amountFen: number) => {
  const { catalogClass: _c, ...rest } = item(amountFen, 'A', { code });
  return rest;
};

describe('recording and reading the catalogue', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('PUT /v1/catalog/{code} records a dated entry (201); GET ?on= reads the entry in force that day, 404 before it', async () => {
    const res = await t.http().put('/v1/catalog/XA01-1').send({ name: '阿莫西林胶囊', catalogClass: 'A', drugClass: null, effectiveFrom: '2023-01-01' }).expect(201);
    expect(res.body).toMatchObject({ code: 'XA01-1', name: '阿莫西林胶囊', catalogClass: 'A', drugClass: null, effectiveFrom: '2023-01-01' });
    await t.http().put('/v1/catalog/XA01-1').send({ name: '阿莫西林胶囊', catalogClass: 'B', effectiveFrom: '2023-07-01' }).expect(201);
    expect((await t.http().get('/v1/catalog/XA01-1?on=2023-03-01').expect(200)).body).toMatchObject({ catalogClass: 'A', effectiveFrom: '2023-01-01', on: '2023-03-01' });
    expect((await t.http().get('/v1/catalog/XA01-1?on=2023-07-01').expect(200)).body).toMatchObject({ catalogClass: 'B', effectiveFrom: '2023-07-01' });
    expect((await t.http().get('/v1/catalog/XA01-1').expect(200)).body).toMatchObject({ catalogClass: 'B', on: chinaDate() });
    expectProblem(await t.http().get('/v1/catalog/XA01-1?on=2022-12-31'), 404);
    expectProblem(await t.http().get('/v1/catalog/NEVER-LISTED?on=2023-03-01'), 404);
  });

  it('a later record for the same code and date supersedes the earlier one', async () => {
    await t.http().put('/v1/catalog/SUP-1').send({ name: 'x', catalogClass: 'A', effectiveFrom: '2023-01-01' }).expect(201);
    await t.http().put('/v1/catalog/SUP-1').send({ name: 'x', catalogClass: 'C', effectiveFrom: '2023-01-01' }).expect(201);
    expect((await t.http().get('/v1/catalog/SUP-1?on=2023-02-01').expect(200)).body.catalogClass).toBe('C');
  });

  it('PUT refuses a bad class, a date outside the window, control characters, a bad code (400) and records nothing', async () => {
    const before = await domainHead(t);
    expectProblem(await t.http().put('/v1/catalog/X1').send({ name: 'x', catalogClass: 'D', effectiveFrom: '2023-01-01' }), 400, 'catalogClass');
    expectProblem(await t.http().put('/v1/catalog/X1').send({ name: 'x', catalogClass: 'A', effectiveFrom: '9999-12-31' }), 400, 'effectiveFrom');
    expectProblem(await t.http().put('/v1/catalog/X1').send({ name: 'a\u0000b', catalogClass: 'A', effectiveFrom: '2023-01-01' }), 400, 'name');
    expectProblem(await t.http().put('/v1/catalog/X1').send({ name: 'x', catalogClass: 'A', drugClass: 'opioid', effectiveFrom: '2023-01-01' }), 400, 'drugClass');
    expectProblem(await t.http().put(`/v1/catalog/${encodeURIComponent('a b')}`).send({ name: 'x', catalogClass: 'A', effectiveFrom: '2023-01-01' }), 400, 'code');
    expectProblem(await t.http().get('/v1/catalog/X1?on=2023-02-30'), 400, 'on');
    expect(await domainHead(t)).toBe(before);
  });

  it('POST /v1/catalog/imports records the good lines and names the bad ones with their line number (the header is line 1)', async () => {
    const before = (await domainEvents(t)).length;
    const text = [
      HEADER,
      'IMP-1,"氯氮平片, 25mg",B,antipsychotic,2023-01-01',
      'IMP-2,体检,C,,2023-01-01',
      'IMP-3,x,D,,2023-01-01',
      '',
      'IMP-4,x,A,,2023-02-30',
      'IMP-5,only three,A',
      'IMP-6,"unclosed,A,,2023-01-01',
      '\uFEFFbad code!,x,A,,2023-01-01',
      'IMP-7,"say ""hi""",A,null,2023-03-01',
    ].join('\r\n');
    const res = await csv(t, text).expect(201);
    expect(res.body.imported).toBe(3);
    expect(res.body.rejected.map((r: { line: number }) => r.line)).toEqual([4, 6, 7, 8, 9]);
    expect(res.body.rejected[0].error).toMatch(/catalogClass/);
    expect(res.body.rejected[1].error).toMatch(/effectiveFrom/);
    expect(res.body.rejected[2].error).toMatch(/3 fields/);
    const recorded = (await domainEvents(t)).slice(before);
    expect(recorded.map((e) => e.type)).toEqual(['CatalogEntryRecorded', 'CatalogEntryRecorded', 'CatalogEntryRecorded']);
    expect(recorded[0].data).toMatchObject({ v: 1, code: 'IMP-1', name: '氯氮平片, 25mg', catalogClass: 'B', drugClass: 'antipsychotic', source: { kind: 'import', line: 2 } });
    expect((await t.http().get('/v1/catalog/IMP-7?on=2023-03-01').expect(200)).body).toMatchObject({ name: 'say "hi"', drugClass: null });
  });

  it('an import without the header, with too many lines, or not sent as text/csv is refused whole and records nothing', async () => {
    const before = await domainHead(t);
    expectProblem(await csv(t, 'IMP-9,x,A,,2023-01-01'), 400, 'body');
    expectProblem(await csv(t, [HEADER, ...Array.from({ length: MAX_IMPORT_LINES + 1 }, (_, i) => `L-${i},x,A,,2023-01-01`)].join('\n')), 400, 'body');
    expectProblem(await t.http().post('/v1/catalog/imports').send({ code: 'X', name: 'x' }), 400, 'body');
    expect(await domainHead(t)).toBe(before);
  });

  it('hostile CSV (binary, control characters, stray quotes, huge fields): 201 with a report or 400, never a 5xx; a 400 records nothing', async () => {
    const field = fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('"', '""', '"a""', '\u0000', '\u2028', 'A', 'B', 'C', '2023-01-01', '9999-12-31', 'x'.repeat(300), ',,,,'));
    const line = fc.array(field, { maxLength: 7 }).map((fs) => fs.join(','));
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(line, { maxLength: 6 }), async (withHeader, lines) => {
        const before = await domainHead(t);
        const text = [...(withHeader ? [HEADER] : []), ...lines].join('\n');
        const res = await csv(t, text);
        // a generated field may hold a line break itself: count the body's lines as the text has them
        const bodyLines = text.split(/\r\n|\n|\r/).length - (withHeader ? 1 : 0);
        expect(res.status === 201 || res.status === 400).toBe(true);
        if (res.status === 400) {
          expectProblem(res, 400);
          expect(await domainHead(t)).toBe(before);
        } else expect(res.body.imported + res.body.rejected.length).toBeLessThanOrEqual(bodyLines);
      }),
      { numRuns: 60 },
    );
  });

  it(`an import of ${MAX_IMPORT_LINES} lines is answered within half a second`, async () => {
    const text = [HEADER, ...Array.from({ length: MAX_IMPORT_LINES }, (_, i) => `BULK-${i},一个相当长的药品名称用来测试导入的大小 ${i},B,,2023-01-01`)].join('\n');
    const started = Date.now();
    const res = await csv(t, text).expect(201);
    expect(res.body).toEqual({ imported: MAX_IMPORT_LINES, rejected: [] });
    expect(Date.now() - started).toBeLessThan(500);
  });

});

describe('claims classed by the catalogue', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
    await t.http().put('/v1/catalog/CAT-B').send({ name: '乙类药', catalogClass: 'B', effectiveFrom: '2023-01-01' }).expect(201);
    await t.http().put('/v1/catalog/CAT-C').send({ name: '丙类', catalogClass: 'C', effectiveFrom: '2023-01-01' }).expect(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('an item without catalogClass is classed by its code on the service date; the claim records that the catalogue classed it', async () => {
    const p = await register(t);
    const body = claimBody(p.personId, { items: [unclassed('CAT-B', 30000), unclassed('CAT-C', 10000)] });
    const view = await submit(t, body);
    expect(view.totalFen).toBe(40000);
    expect(view.policyScopeFen).toBe(30000);
    expectConserved(view);
    const adjudicated = (await domainEvents(t)).find((e) => e.type === 'ClaimAdjudicated' && (e.data as any).claim.claimId === body.claimId)!;
    expect((adjudicated.data as any).claim.items.map((i: any) => [i.code, i.catalogClass, i.classifiedBy])).toEqual([
      ['CAT-B', 'B', 'catalogue'],
      ['CAT-C', 'C', 'catalogue'],
    ]);
    // the same body again is the same claim (its hash is the body as sent, not the classes found)
    await submit(t, body, 200);
  });

  it('an unlisted code is class C, named as such in the explanation', async () => {
    const p = await register(t);
    const view = await submit(t, claimBody(p.personId, { items: [unclassed('CAT-B', 30000), unclassed('NOT-LISTED', 12000)] }));
    expect(view.policyScopeFen).toBe(30000);
    const line = view.explanation.find((l) => l.rule === 'catalogue.unlisted_code');
    expect(line).toMatchObject({ payer: 'self_pay', amountFen: 0 });
    expect(line!.detail).toMatch(/NOT-LISTED.*class C/);
    expectConserved(view);
  });

  it('an item that gives catalogClass keeps it (today’s meaning), whatever the catalogue says', async () => {
    const p = await register(t);
    const view = await submit(t, claimBody(p.personId, { items: [item(30000, 'A', { code: 'CAT-C' })] }));
    expect(view.policyScopeFen).toBe(30000);
    expect(view.explanation.some((l) => l.rule === 'catalogue.unlisted_code')).toBe(false);
  });
});

describe('a re-classification is picked up by a re-adjudication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('an unlisted code (class C) later listed as A from before the service date: the re-adjudication pays pooling; an explicit C stays C', async () => {
    const p = await register(t);
    const left = await submit(t, claimBody(p.personId, { items: [unclassed('NEW-DRUG', 50000)] }));
    const given = await submit(t, claimBody(p.personId, { serviceDate: '2023-03-06', items: [item(50000, 'C', { code: 'NEW-DRUG' })] }));
    expect(left.policyScopeFen).toBe(0);
    expect(left.shares.self_pay).toBe(50000);
    await t.http().put('/v1/catalog/NEW-DRUG').send({ name: '新药', catalogClass: 'A', effectiveFrom: '2023-01-01' }).expect(201);
    const res = await t.http().post('/v1/readjudications').send({ regionCode: 'nanchong', fromMonth: '2023-01', toMonth: '2023-12', apply: true }).expect(200);
    const changed = new Set(res.body.changes.map((r: { claimId: string }) => r.claimId));
    expect(changed).toEqual(new Set([left.claimId]));
    expect(res.body.totalsByPayer.basic_pooling).toBeGreaterThan(0);
    const after = (await t.http().get(`/v1/claims/${left.claimId}`).expect(200)).body;
    expect(after.shares.basic_pooling).toBeGreaterThan(0);
    expect(after.shares.self_pay).toBeLessThan(50000);
    const unchanged = (await t.http().get(`/v1/claims/${given.claimId}`).expect(200)).body;
    expect(unchanged.shares.self_pay).toBe(50000);
    // settled again: nothing more to correct
    const again = await t.http().post('/v1/readjudications').send({ regionCode: 'nanchong', fromMonth: '2023-01', toMonth: '2023-12', apply: false }).expect(200);
    expect(again.body.changes).toEqual([]);
  });
});
