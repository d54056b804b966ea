/**
 * A history with re-settlements, for the PostgreSQL comparisons: writeHistory's, then Yancheng
 * residents with claims settled upstream, two rounds of readjudication (back-pay, claim
 * corrections booked in 2023-07 and, once 2023-07 is settled, in 2023-08) and temporary relief
 * re-settled back to the first treatment. The same steps as libs/projections/src/determinism.spec.ts
 * (which keeps its writer private to the spec).
 */
import {
  CommandMeta,
  CommandRunner,
  PersonEvent,
  decideClaim,
  decideEnrollment,
  decideReadjudication,
  decideSettlement,
  personFold,
  personStream,
  settlementFold,
  settlementStream,
} from '@benefit/domain';
import { EventStore } from '@benefit/event-store';
import { Claim, ParameterRecord, parameterBook } from '@benefit/policy';
import { Month, RegionCode, checkCharacter } from '@benefit/shared';
import { lcg, writeHistory } from '@benefit/projections/testing/history';

const meta: CommandMeta = { actor: 'spec', correlationId: 'postgres' };
const record = (key: string, value: number, revision: number, effectiveFrom = '2023-01-01'): ParameterRecord => ({
  key,
  effectiveFrom,
  effectiveTo: null,
  value,
  reason: 'spec',
  recordedAt: '2023-01-01T00:00:00Z',
  revision,
});
const base = [record('nanchong.retired_pension_base', 300000, 0), record('yancheng.per_capita_disposable_income', 5_000_000, 1), record('yancheng.minimum_living_standard_annual', 960_000, 2)];
const stage1 = parameterBook([...base, record('nanchong.retired_pension_base', 320000, 3), record('nanchong.outpatient.in_service.rate_lower', 0.7, 4)], 4);
const stage2 = parameterBook(
  [
    ...base,
    record('nanchong.retired_pension_base', 320000, 3),
    record('nanchong.outpatient.in_service.rate_lower', 0.7, 4),
    record('nanchong.outpatient.in_service.deductible', 25000, 5),
    record('nanchong.outpatient.retired.rate_tier3', 0.6, 6, '2023-04-01'),
  ],
  6,
);

export async function writeCorrectionsHistory(store: EventStore, after: () => Promise<void> = async () => undefined): Promise<void> {
  const runner = new CommandRunner(store);
  await writeHistory(store, { persons: 40, claims: 300, after });

  const rnd = lcg(99);
  const yancheng: string[] = [];
  const yanchengParams = parameterBook(base, 2);
  for (let i = 0; i < 6; i++) {
    const personId = `YC-${i}`;
    yancheng.push(personId);
    const first17 = `320902${1960 + i}0101${String(100 + i).padStart(3, '0')}`;
    const data = {
      personId,
      name: `盐${i}`,
      idNumber: first17 + checkCharacter(first17),
      regionCode: 'yancheng' as const,
      scheme: 'resident' as const,
      employment: null,
      monthlyContributionBaseFen: null,
      civilServant: false,
      countyCode: '320902',
      family: [],
      openingPersonalAccountFen: 0,
      registeredOn: '2023-01-01',
    };
    await runner.run(personStream(personId), personFold, (s) => decideEnrollment({ type: 'RegisterPatient', data }, s), meta);
    await after();
    for (let c = 0; c < 6; c++) {
      const amount = 5000 + rnd(40000);
      const claim: Claim = {
        claimId: `YC-${i}-${c}`,
        personId,
        institutionId: `YH${rnd(3)}`,
        institutionLevel: 'tier2',
        designated: true,
        location: 'in_county',
        referral: false,
        visitType: 'general_outpatient',
        specialDisease: null,
        serviceDate: `2023-0${1 + c}-1${rnd(9)}`,
        dischargeDate: null,
        items: [
          { code: 'A1', name: 'a', kind: 'drug', catalogClass: 'A', drugClass: null, amountFen: amount },
          { code: 'C1', name: 'c', kind: 'service', catalogClass: 'C', drugClass: null, amountFen: rnd(3000) },
        ],
        priorPayments: { basic_pooling: Math.floor(amount / 3) },
        usePersonalAccount: false,
      };
      await runner.run(personStream(personId), personFold, (s) => decideClaim({ type: 'SubmitClaim', data: claim }, s, { params: yanchengParams, today: '2026-11-22' }), meta);
      await after();
    }
  }
  const nanchong = Array.from({ length: 40 }, (_, i) => `P-${i}`);

  const readjudicate = async (personIds: string[], params: typeof stage1, fromMonth: Month, toMonth: Month, appliedMonth: Month) => {
    for (const personId of personIds) {
      await runner.run(
        personStream(personId),
        personFold,
        (s): PersonEvent[] => (s.registration ? decideReadjudication({ type: 'Readjudicate', data: { personId, period: { fromMonth, toMonth }, appliedMonth, reason: `spec ${params.revision}` } }, s, params) : []),
        meta,
      );
      await after();
    }
  };
  const settle = async (regionCode: RegionCode, month: Month) => {
    const data = { regionCode, month, personalAccountCreditsFen: 0, creditedPersons: 0, settledOn: '2026-11-01' };
    await runner.run(settlementStream(regionCode), settlementFold, (s) => decideSettlement({ type: 'SettleMonth', data }, s), meta);
    await after();
  };

  await readjudicate([...nanchong, ...yancheng], stage1, '2023-01', '2023-12', '2023-07');
  await settle('nanchong', '2023-07');
  await readjudicate(nanchong, stage2, '2023-03', '2023-06', '2023-07');
  for (const [personId, firstTreatmentDate] of [
    [yancheng[0], '2023-02-01'],
    [yancheng[1], '2023-04-15'],
  ]) {
    const tag = { personId, status: 'temporary_relief_major_illness' as const, validFrom: '2024-03-01', validTo: null, source: 'civil_affairs' as const, diagnosis: null, riskLevel: null, firstTreatmentDate };
    await runner.run(personStream(personId), personFold, (s) => decideEnrollment({ type: 'TagReliefStatus', data: tag }, s), meta);
    await after();
    await readjudicate([personId], stage2, firstTreatmentDate.slice(0, 7) as Month, '2026-11', '2026-11');
  }
  await settle('nanchong', '2023-08');
}
