/**
 * The catalogue (医保目录, API.md "Catalogue") in the claim decider and in re-settlement: items that
 * omit catalogClass are classed by code on the service date; a re-classification reaches them.
 * Worked example: a Nanchong in-service employee, 500 yuan at a tier-2 hospital (art. 7(1)):
 * class A/B → (500 − 200) × 60% = 180 yuan from pooling; class C → nothing from pooling.
 */
import { CatalogueEntry, SubmittedClaim, catalogueBook, parameterBook } from '@benefit/policy';
import { ClaimAdjudicated, PersonEvent } from '../person/person.events';
import { personFold } from '../person/person.fold';
import { resettleClaims } from '../readjudication/resettle';
import { deciderSpec } from '../testing/decider-spec';
import { claim, item, registered } from '../testing/fixtures';
import { ClaimContext, SubmitClaim, decideClaim } from './claim.decider';
import { withLineText } from '../events/policy-v2';

const entry = (code: string, catalogClass: 'A' | 'B' | 'C', effectiveFrom: string, revision: number): CatalogueEntry => ({ code, name: code, catalogClass, drugClass: null, effectiveFrom, revision });
const listed = catalogueBook([entry('NEW-DRUG', 'B', '2023-01-01', 0)], 0);
const empty = catalogueBook();

const ctxWith = (catalogue = empty): ClaimContext => ({ params: parameterBook(), today: '2026-11-22', catalogue });
const unclassed = (code: string, amountFen: number) => {
  const { catalogClass: _c, ...rest } = item(amountFen, 'A', { code });
  return rest;
};
const submitted = (items: SubmittedClaim['items']): SubmitClaim => ({ type: 'SubmitClaim', data: { ...claim({ institutionLevel: 'tier2' }), items } });
const adjudicated = (catalogue: ReturnType<typeof catalogueBook>, cmd: SubmitClaim) => {
  const spec = deciderSpec(personFold, (c: SubmitClaim, s) => decideClaim(c, s, ctxWith(catalogue)));
  return spec.given([registered()]).when(cmd).then(() => undefined)[0] as ClaimAdjudicated;
};

describe('classing by the catalogue on the service date (API.md "Catalogue")', () => {
  it('NEW-DRUG listed as B from 2023-01-01: 500 yuan on 2023-03-05 is in scope, pooling pays 180 yuan; the item is marked classifiedBy catalogue', () => {
    const e = adjudicated(listed, submitted([unclassed('NEW-DRUG', 50000)]));
    expect(e.data.adjudication.policyScopeFen).toBe(50000);
    expect(e.data.adjudication.shares.basic_pooling).toBe(18000);
    expect(e.data.claim.items[0]).toMatchObject({ catalogClass: 'B', classifiedBy: 'catalogue' });
  });

  it('an unlisted code is class C: pooling pays nothing, the explanation names the code', () => {
    const e = adjudicated(empty, submitted([unclassed('NEW-DRUG', 50000)]));
    expect(e.data.adjudication.policyScopeFen).toBe(0);
    expect(e.data.adjudication.shares.self_pay).toBe(50000);
    expect(withLineText(e.data.regionCode, e.data.adjudication).explanation).toContainEqual(expect.objectContaining({ rule: 'catalogue.unlisted_code', amountFen: 0, detail: expect.stringContaining('NEW-DRUG') }));
  });

  it('an item that gives catalogClass C keeps it even when the catalogue lists the code as B', () => {
    const e = adjudicated(listed, submitted([item(50000, 'C', { code: 'NEW-DRUG' })]));
    expect(e.data.adjudication.shares.basic_pooling).toBe(0);
    expect(e.data.claim.items[0]).not.toHaveProperty('classifiedBy');
  });
});

describe('re-settlement reads the catalogue again for items it classed', () => {
  const history = (cmd: SubmitClaim): PersonEvent[] => [registered(), adjudicated(empty, cmd)];
  const state = (events: PersonEvent[]) => events.reduce(personFold.evolve, personFold.initialState());
  const period = { fromMonth: '2023-01', toMonth: '2023-12' };

  it('unlisted (C) when settled, listed as B from 2023-01-01 since: the claim is settled again with 180 yuan from pooling', () => {
    const [change] = resettleClaims(state(history(submitted([unclassed('NEW-DRUG', 50000)]))), period, parameterBook(), listed);
    expect(change.deltas).toEqual({ basic_pooling: 18000, self_pay: -18000 });
    expect(change.after.explanation.some((l) => l.rule === 'catalogue.unlisted_code')).toBe(false);
  });

  it('the hospital classed it C: nothing changes', () => {
    expect(resettleClaims(state(history(submitted([item(50000, 'C', { code: 'NEW-DRUG' })]))), period, parameterBook(), listed)).toEqual([]);
  });

  it('without the catalogue (a status-only re-settlement) the recorded class stands', () => {
    expect(resettleClaims(state(history(submitted([unclassed('NEW-DRUG', 50000)]))), period, parameterBook())).toEqual([]);
  });
});
