/**
 * A history with corrections, for replay tests on every read-model store: the parameter books
 * of each stage, Yancheng residents whose claims temporary relief corrects, and the service's
 * re-settlement and settlement steps done through the real deciders.
 */
import {
  CommandMeta,
  CommandRunner,
  claimDecider,
  enrollmentDecider,
  personFold,
  personStream,
  readjudicationDecider,
  settlementDecider,
  settlementFold,
  settlementStream,
} from '@benefit/domain';
import { Claim, ParameterBook, ParameterRecord, parameterBook } from '@benefit/policy';
import { Month, RegionCode, checkCharacter } from '@benefit/shared';
import { lcg } from './history';

export const meta: CommandMeta = { actor: 'spec', correlationId: 'corrections' };
const record = (key: string, value: number, revision: number, effectiveFrom = '2023-01-01'): ParameterRecord => ({
  key,
  effectiveFrom,
  effectiveTo: null,
  value,
  reason: 'spec',
  recordedAt: '2023-01-01T00:00:00Z',
  revision,
});

/** The books in force at each stage: writeHistory's (pension base 300,000), then the changes. */
export const base = [record('nanchong.retired_pension_base', 300000, 0), record('yancheng.per_capita_disposable_income', 5_000_000, 1), record('yancheng.minimum_living_standard_annual', 960_000, 2)];
export const stage1 = parameterBook([...base, record('nanchong.retired_pension_base', 320000, 3), record('nanchong.outpatient.in_service.rate_lower', 0.7, 4)], 4);
export const stage2 = parameterBook(
  [
    ...base,
    record('nanchong.retired_pension_base', 320000, 3),
    record('nanchong.outpatient.in_service.rate_lower', 0.7, 4),
    record('nanchong.outpatient.in_service.deductible', 25000, 5),
    record('nanchong.outpatient.retired.rate_tier3', 0.6, 6, '2023-04-01'),
  ],
  6,
);

/** Yancheng residents with claims settled upstream (priorPayments), so that temporary relief has something to correct. */
export async function writeYancheng(runner: CommandRunner, after: () => Promise<void>, count: number): Promise<string[]> {
  const rnd = lcg(99);
  const ids: string[] = [];
  const params = parameterBook(base, 2);
  for (let i = 0; i < count; i++) {
    const personId = `YC-${i}`;
    ids.push(personId);
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
    await runner.handle(enrollmentDecider, { type: 'RegisterPatient', data }, undefined, meta);
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
      await runner.handle(claimDecider, { type: 'SubmitClaim', data: claim }, { params, today: '2026-11-22' }, meta);
      await after();
    }
  }
  return ids;
}


/**
 * What ReadjudicationService.apply does for each person: decide on the folded state with the
 * region's settled months as the log has them, append. Returns the events written.
 */
export async function readjudicate(runner: CommandRunner, after: () => Promise<void>, personIds: string[], params: ParameterBook, fromMonth: Month, toMonth: Month): Promise<number> {
  let written = 0;
  for (const personId of personIds) {
    const region = (await runner.load(personStream(personId), personFold)).state.registration?.regionCode;
    const settledMonths = region ? [...(await runner.load(settlementStream(region), settlementFold)).state.settled] : [];
    if (!region) continue;
    const cmd = { type: 'Readjudicate' as const, data: { personId, period: { fromMonth, toMonth }, settledMonths, reason: `spec ${params.revision}` } };
    const result = await runner.handle(readjudicationDecider, cmd, { params }, meta);
    written += result.events.length;
    await after();
  }
  return written;
}

export async function settle(runner: CommandRunner, after: () => Promise<void>, regionCode: RegionCode, month: Month): Promise<void> {
  const data = { regionCode, month, personalAccountCreditsFen: 0, creditedPersons: 0, settledOn: '2026-11-01' };
  await runner.handle(settlementDecider, { type: 'SettleMonth', data }, undefined, meta);
  await after();
}

/** Temporary relief back to a first treatment, as the service records it (the status, then its re-settlement). */
export async function tagTemporaryRelief(runner: CommandRunner, after: () => Promise<void>, personId: string, firstTreatmentDate: string): Promise<number> {
  const tag = { personId, status: 'temporary_relief_major_illness' as const, validFrom: '2024-03-01', validTo: null, source: 'civil_affairs' as const, diagnosis: null, riskLevel: null, firstTreatmentDate };
  await runner.handle(enrollmentDecider, { type: 'TagReliefStatus', data: tag }, undefined, meta);
  await after();
  return readjudicate(runner, after, [personId], stage2, firstTreatmentDate.slice(0, 7), '2026-11');
}
