/**
 * API.md GET /v1/ledgers: a claim, its cancellation and its corrections belong to the claim's month
 * while that month is open, and to the first open month after it once it was settled.
 */
import { parameterBook } from '@benefit/policy';
import { ledgerMonthFor } from './ledger-month';
import { ClaimSharesAdjusted, PersonEvent } from './person/person.events';
import { personFold } from './person/person.fold';
import { decideClaim } from './claims/claim.decider';
import { decideReadjudication } from './readjudication/resettle';
import { claim, item, recorded, registered } from './testing/fixtures';
import { isWorded, withLineText } from './events/policy-v2';

describe('ledgerMonthFor', () => {
  it('an open month keeps its claims', () => {
    expect(ledgerMonthFor('2023-03', new Set())).toBe('2023-03');
    expect(ledgerMonthFor('2023-03', new Set(['2023-02', '2023-04']))).toBe('2023-03');
  });

  it('a settled month sends them to the first open month after it, across a year end', () => {
    expect(ledgerMonthFor('2023-03', new Set(['2023-03']))).toBe('2023-04');
    expect(ledgerMonthFor('2023-11', new Set(['2023-11', '2023-12', '2024-01']))).toBe('2024-02');
  });
});

describe('a re-settlement books each correction in the month the ledger books it', () => {
  // art. 7(1): 50,000 at tier 2 with 60% → 70% in March: pooling 18,000 → 21,000
  const before = parameterBook([], -1);
  const after = parameterBook([recorded('nanchong.outpatient.in_service.rate_lower', 0.7, '2023-01-01', 0)], 0);
  const history = (): PersonEvent[] => {
    const events: PersonEvent[] = [registered()];
    const state = events.reduce(personFold.evolve, personFold.initialState());
    events.push(...decideClaim({ type: 'SubmitClaim', data: claim({ claimId: 'C-MAR', institutionLevel: 'tier2', items: [item(50000)] }) }, state, { params: before, today: '2026-11-22' }));
    return events;
  };
  const corrections = (settledMonths: string[]) => {
    const state = history().reduce(personFold.evolve, personFold.initialState());
    const cmd = { type: 'Readjudicate' as const, data: { personId: 'P-1', period: { fromMonth: '2023-01', toMonth: '2023-12' }, settledMonths, reason: 'rate corrected' } };
    return decideReadjudication(cmd, state, after).filter((e): e is ClaimSharesAdjusted => e.type === 'ClaimSharesAdjusted');
  };

  it('March open: the correction belongs to March, whatever month it is recorded in', () => {
    const [c] = corrections(['2023-01', '2023-02']);
    expect(c.data).toMatchObject({ claimId: 'C-MAR', originalMonth: '2023-03', appliedMonth: '2023-03', deltas: { basic_pooling: 3000, self_pay: -3000 } });
  });

  it('March and April settled: the correction goes to May, the first open month after March', () => {
    const [c] = corrections(['2023-03', '2023-04']);
    expect(c.data).toMatchObject({ originalMonth: '2023-03', appliedMonth: '2023-05' });
  });

  it('the correction holds the adjudication in words (version 2), read back with the text of the new rate', () => {
    const [c] = corrections([]);
    expect(c.data.v).toBe(2);
    expect(c.data.adjudication.explanation.every(isWorded)).toBe(true);
    const pooling = withLineText(c.data.regionCode, c.data.adjudication).explanation.find((l) => l.payer === 'basic_pooling');
    expect(pooling).toEqual({
      payer: 'basic_pooling',
      amountFen: 21000,
      rule: 'nanchong.outpatient_pooling.reimbursement',
      citation: '南府办发〔2022〕33号 art. 7(1)',
      detail: '(500.00 yuan policy scope − 200.00 yuan deductible) × 70% at tier2 = 210.00 yuan; cap left 1000.00 yuan',
    });
  });
});
