/** PUT /v1/parameters/{key} (API.md): effective-dated parameter values, validated by their unit. */
import { TestApp, expectProblem, startApp } from '../support/e2e';
import { domainHead } from '../support/domain-log';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => {
  await t?.close();
});

const put = (key: string, body: Record<string, unknown>) =>
  t.http().put(`/v1/parameters/${key}`).send({ effectiveFrom: '2023-01-01', value: 260000, reason: '2022 南充市基本养老金平均水平 (南府办发〔2022〕33号 art. 13)', ...body });

describe('recording parameters', () => {
  // API.md: `PUT /v1/parameters/{key}` … → 201
  it('nanchong.retired_pension_base → 201, and GET shows the recorded value', async () => {
    const res = await put('nanchong.retired_pension_base', {});
    expect(res.status).toBe(201);
    const got = await t.http().get('/v1/parameters/nanchong.retired_pension_base').expect(200);
    expect(got.body.recorded).toEqual([expect.objectContaining({ key: 'nanchong.retired_pension_base', effectiveFrom: '2023-01-01', value: 260000 })]);
  });

  it('an unknown key → 404 problem+json, nothing recorded', async () => {
    const head = await domainHead(t);
    expectProblem(await put('nanchong.no_such_parameter', {}), 404);
    expect(await domainHead(t)).toBe(head);
  });

  it.each([
    ['negative fen', -1],
    ['a string', '260000'],
    ['fractional fen', 2600.5],
    ['null', null],
  ])('a bad value (%s) → 400 naming value, nothing recorded', async (_label, value) => {
    const head = await domainHead(t);
    expectProblem(await put('nanchong.retired_pension_base', { value }), 400, 'value');
    expect(await domainHead(t)).toBe(head);
  });

  it('a rate must be a fraction between 0 and 1', async () => {
    expectProblem(await put('nanchong.account.retired_rate', { value: 2.8 }), 400, 'value');
    const ok = await put('nanchong.account.retired_rate', { value: 0.028, effectiveFrom: '2027-01-01' });
    expect(ok.status).toBeGreaterThanOrEqual(200);
    expect(ok.status).toBeLessThan(300); // the 201 itself is checked above
  });

  it('a missing value, reason or a bad date → 400 naming each', async () => {
    const res = await t.http().put('/v1/parameters/nanchong.retired_pension_base').send({ effectiveFrom: '2023-02-30' });
    expectProblem(res, 400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['effectiveFrom', 'value', 'reason']));
    expectProblem(await put('nanchong.retired_pension_base', { effectiveTo: '2022-12-31' }), 400, 'effectiveTo');
  });
});
