/**
 * setlinfo is the ClaimView's adjudication in the platform's fields (issue 14 point 4), for every
 * payer of every pack: random claims settled by each region's pack, and random share vectors over
 * every payer, always give medfee_sumamt = fund_pay_sumamt + psn_part_amt + hosp_part_amt, each
 * field equal to the shares it names, one setldetail row per fund with money; and yuan ↔ fen is exact.
 */
import fc from 'fast-check';
import { FUND_PAY_TYPE_PAYERS, REGION_PACKS, parameterBook } from '@benefit/policy';
import { claimArb, personArb } from '../../libs/policy/src/testing/arbitraries';
import { YANCHENG_2023 } from '../../libs/policy/src/testing/fixtures';
import { settleOrRefuse } from '../../libs/policy/src/testing/property';
import { PAYERS, Payer } from '@benefit/shared';
import { SettledView, setlinfoFen, settlementOutput } from '../../apps/api/src/hisp/setlinfo';
import { fenOfYuan, yuanOfFen } from '../../apps/api/src/hisp/yuan';

const facts = { deductibleFen: 0, balanceAfterFen: 0, fundPayType: (p: string) => `code-${p}` };
const fen = (yuan: number) => {
  const r = fenOfYuan(Math.abs(yuan));
  if ('problem' in r) throw new Error(r.problem);
  return yuan < 0 ? -r.fen : r.fen;
};

function expectMapsView(view: SettledView) {
  const f = setlinfoFen(view, facts);
  const s = view.shares;
  expect(f.medfee_sumamt).toBe(f.fund_pay_sumamt + f.psn_part_amt + f.hosp_part_amt);
  expect(f).toMatchObject({
    medfee_sumamt: view.totalFen,
    inscp_scp_amt: view.policyScopeFen,
    fulamt_ownpay_amt: view.totalFen - view.policyScopeFen,
    hifp_pay: s.basic_pooling,
    hifmi_pay: s.critical_illness,
    hifob_pay: s.large_amount_subsidy,
    cvlserv_pay: s.civil_servant_subsidy,
    maf_pay: s.medical_assistance,
    oth_pay: s.disability_relief + s.fiscal_backstop + s.poverty_insurance,
    acct_pay: s.personal_account,
    psn_cash_pay: s.self_pay,
    hosp_part_amt: s.hospital_borne,
  });
  // what leaves as yuan reads back as the same fen, and adds up the same
  for (const sign of [1, -1] as const) {
    const { setlinfo, setldetail } = settlementOutput(view, facts, sign);
    expect(fen(setlinfo.medfee_sumamt)).toBe(sign * view.totalFen || 0);
    expect(fen(setlinfo.medfee_sumamt)).toBe(fen(setlinfo.fund_pay_sumamt) + fen(setlinfo.psn_part_amt) + fen(setlinfo.hosp_part_amt));
    const paid = FUND_PAY_TYPE_PAYERS.filter((p) => s[p] !== 0);
    expect(setldetail.map((d) => d.fund_pay_type)).toEqual(paid.map((p) => `code-${p}`));
    expect(setldetail.map((d) => fen(d.fund_payamt))).toEqual(paid.map((p) => sign * s[p]));
  }
}

describe('setlinfo from the adjudication', () => {
  it.each(REGION_PACKS.map((p) => [p.region, p] as const))('%s: every claim the pack settles maps to setlinfo fields that add up and equal the ClaimView', (_region, pack) => {
    const params = parameterBook(YANCHENG_2023.map((r, i) => ({ ...r, revision: i })), YANCHENG_2023.length - 1);
    const paid = new Set<Payer>();
    fc.assert(
      fc.property(claimArb({ years: [2023], prior: 'sometimes', priorAssistance: pack.region === 'jingjiang' || pack.region === 'shanting' }), personArb(pack.region, {}), (claim, person) => {
        const a = settleOrRefuse(claim, person, pack, params);
        if (!a) return;
        for (const p of PAYERS) if (a.shares[p] > 0) paid.add(p);
        expectMapsView({ claimId: claim.claimId, personId: claim.personId, totalFen: a.totalFen, policyScopeFen: a.policyScopeFen, shares: a.shares, explanation: a.explanation });
      }),
      { numRuns: 300 },
    );
    // the runs reached money for several payers of the pack, not only cash
    expect(paid.size).toBeGreaterThan(1);
  });

  it('any share vector over every payer: the fields add up and name their payers', () => {
    const amount = fc.integer({ min: 0, max: 50_000_000 });
    const shares = fc.record(Object.fromEntries(PAYERS.map((p) => [p, fc.oneof(fc.constant(0), amount)])) as Record<Payer, fc.Arbitrary<number>>);
    fc.assert(
      fc.property(shares, fc.double({ min: 0, max: 1, noNaN: true }), (s, scopeShare) => {
        const totalFen = PAYERS.reduce((n, p) => n + s[p], 0);
        expectMapsView({ claimId: 'C', personId: 'P', totalFen, policyScopeFen: Math.floor(totalFen * scopeShare), shares: s, explanation: [] });
      }),
      { numRuns: 500 },
    );
  });

  it('yuan ↔ fen is exact: any fen amount round-trips, more than two decimals is refused, never rounded', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), (f) => expect(fenOfYuan(yuanOfFen(f))).toEqual({ fen: f })));
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), (f) => expect(fenOfYuan(String(yuanOfFen(f)))).toEqual({ fen: f })));
    expect(fenOfYuan('0.1')).toEqual({ fen: 10 });
    expect(fenOfYuan(1234.56)).toEqual({ fen: 123456 });
    for (const bad of ['12.345', 12.345, 0.1 + 0.2, '1e2', 1e-7, -1, '-0.01', '', ' ', '1,00', NaN, Infinity, null, true]) expect(fenOfYuan(bad)).toHaveProperty('problem');
  });
});
