/**
 * The region read models (warnings, bed days, guardianship rewards, premiums, the loss ratio,
 * claim flags) are projections of the event log (DOMAIN.md "Projections every deployment keeps"):
 * with the read model deleted, a restart replays the log into exactly the same answers.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  TestApp,
  claimBody,
  item,
  putParameter,
  register,
  residentBody,
  settleMonth,
  startApp,
  submit,
  tagStatus,
  tempDataDir,
} from '../support/e2e';

describe('region projections rebuilt from the log', () => {
  const dataDir = tempDataDir('benefit-region-replay-');
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('warnings, bed days, rewards, premiums, accruals, the loss ratio and claim flags are the same after a replay', async () => {
    let t: TestApp = await startApp({ dataDir });
    const urls: string[] = [];
    try {
      // Yancheng: an impoverishment warning (income 10,000 yuan; burden 1,000,000 ≥ 1,000,000)
      await putParameter(t, 'yancheng.per_capita_disposable_income', 1_000_000);
      await putParameter(t, 'yancheng.minimum_living_standard_annual', 500_000);
      const y = await register(t, residentBody('yancheng'));
      await submit(t, claimBody(y.personId, { items: [item(2_000_000)], priorPayments: { basic_pooling: 1_000_000 } }));
      urls.push(`/v1/persons/${y.personId}/warnings`, `/v1/persons/${y.personId}/counters?year=2023`);

      // Shanting: a risk-level-3 patient's stay (4 bed days) and reward, settled for March
      const s = await register(t, residentBody('shanting'));
      await tagStatus(t, s.personId, 'severe_mental_disorder', { diagnosis: 'bipolar_disorder', riskLevel: 3 });
      const sStay = claimBody(s.personId, { institutionId: 'H-ST-9', visitType: 'inpatient', serviceDate: '2023-03-03', dischargeDate: '2023-03-07', items: [item(100_000)], priorPayments: { basic_pooling: 70_000 } });
      await submit(t, sStay);
      const march = await settleMonth(t, 'shanting', '2023-03');
      expect(march.bedDayPayments).toEqual([{ institutionId: 'H-ST-9', stays: 1, bedDays: 4, amountFen: 100_000 }]);
      expect(march.guardianshipRewardsFen).toBe(20_000);
      urls.push(`/v1/claims/${sStay.claimId}`, '/v1/settlements/shanting/2023-03', '/v1/ledgers?regionCode=shanting&month=2023-03');

      // Jingjiang: a premium, a late-filed stay paid by the insurer, the loss ratio
      const j = await register(t, residentBody('jingjiang'));
      await tagStatus(t, j.personId, 'minimum_living');
      const jStay = claimBody(j.personId, { institutionId: 'H-JJ-9', institutionLevel: 'primary', visitType: 'inpatient', serviceDate: '2023-01-10', dischargeDate: '2023-01-12', items: [item(100_000)], priorPayments: { basic_pooling: 50_000 } });
      const jView = await submit(t, jStay);
      expect(jView.shares.poverty_insurance).toBe(40_000); // 80% × 50,000
      expect(jView.flags!.map((f) => f.code)).toEqual(['late_filing']);
      expect((await settleMonth(t, 'jingjiang', '2023-01')).povertyPremiumsFen).toBe(40_000);
      urls.push(`/v1/claims/${jStay.claimId}`, '/v1/settlements/jingjiang/2023-01', '/v1/ledgers?regionCode=jingjiang&month=2023-01', '/v1/poverty-insurance/loss-ratio?year=2023');
    } finally {
      await t.close();
    }

    const before: Record<string, unknown> = {};
    t = await startApp({ dataDir });
    try {
      for (const u of urls) before[u] = (await t.http().get(u).expect(200)).body;
    } finally {
      await t.close();
    }
    // 1 warning, the loss ratio 40,000 / 40,000 = 1
    expect(before[urls[0]]).toEqual([expect.objectContaining({ kind: 'impoverishment_risk', year: 2023 })]);
    expect(before['/v1/poverty-insurance/loss-ratio?year=2023']).toEqual(expect.objectContaining({ premiumFen: 40_000, claimsFen: 40_000, lossRatio: 1 }));

    const readModelFiles = fs.readdirSync(dataDir).filter((f) => f.startsWith('readmodel.db'));
    expect(readModelFiles).toContain('readmodel.db');
    for (const f of readModelFiles) fs.rmSync(path.join(dataDir, f));
    t = await startApp({ dataDir });
    try {
      for (const u of urls) expect({ u, body: (await t.http().get(u).expect(200)).body }).toEqual({ u, body: before[u] });
    } finally {
      await t.close();
    }
  });
});
