import { ReportingProjection } from './reporting-projection';

describe('ReportingProjection', () => {
  it('sums shares per payer and month and drops redeliveries by eventId', () => {
    const p = new ReportingProjection();
    const adjudicated = { eventId: 'e1', type: 'ClaimAdjudicated', data: { claim: { claimId: 'c1', serviceDate: '2025-03-04' }, adjudication: { shares: { basic_pooling: 700, self_pay: 300 } } } };
    const adjusted = { eventId: 'e2', type: 'ClaimSharesAdjusted', data: { originalMonth: '2025-03', deltas: { basic_pooling: 50, self_pay: -50 } } };
    expect(p.apply(adjudicated)).toBe(true);
    expect(p.apply(adjusted)).toBe(true);
    expect(p.apply(adjudicated)).toBe(false);
    expect(p.apply(adjusted)).toBe(false);
    expect(p.apply({ eventId: 'e3', type: 'KeyReserved', data: {} })).toBe(true);
    expect(p.totals()).toEqual([
      { payer: 'basic_pooling', month: '2025-03', amountFen: 750, claims: 1 },
      { payer: 'self_pay', month: '2025-03', amountFen: 250, claims: 1 },
    ]);
    expect(p.duplicatesDropped).toBe(2);
    p.close();
  });
});
