/**
 * Writes a realistic history into an event store through the real deciders: persons of every
 * region, claims, family payments, monthly credits and settled months. For projection tests.
 */
import {
  CommandMeta,
  CommandRunner,
  claimDecider,
  creditDecider,
  enrollmentDecider,
  paymentDecider,
  settlementDecider,
} from '@benefit/domain';
import { EventStore } from '@benefit/event-store';
import { Claim, ParameterRecord, REGIONS, parameterBook } from '@benefit/policy';
import { DomainError, checkCharacter } from '@benefit/shared';

const meta: CommandMeta = { actor: 'spec', correlationId: 'spec' };
const pension: ParameterRecord = { key: 'nanchong.retired_pension_base', effectiveFrom: '2023-01-01', effectiveTo: null, value: 300000, reason: 'spec', recordedAt: '2023-01-01T00:00:00Z', revision: 0 };
const params = parameterBook([pension], 0);

/** A small deterministic pseudo-random generator, so that a failing history can be replayed. */
export function lcg(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s % n;
  };
}

/**
 * `seal`: seals names and ids as the api does (a PiiVault's seal); without it they are recorded in
 * clear, as in logs written before encryption.
 */
export async function writeHistory(
  store: EventStore,
  options: { persons: number; claims: number; seed?: number; after?: () => Promise<void>; seal?: (personId: string, field: string, value: string) => Promise<string> },
): Promise<void> {
  const rnd = lcg(options.seed ?? 42);
  const runner = new CommandRunner(store);
  const ids: string[] = [];
  const step = async <T>(work: () => Promise<T>) => {
    try {
      await work();
    } catch (err) {
      if (!(err instanceof DomainError)) throw err; // a refusal records nothing, like in the service
    }
    await options.after?.();
  };
  for (let i = 0; i < options.persons; i++) {
    const personId = `P-${i}`;
    ids.push(personId);
    const region = REGIONS[i % 4 === 0 ? 1 + (i % 3) : 0];
    const employee = i % 5 !== 4;
    const retired = employee && i % 3 === 0;
    const first17 = `511302${1950 + (i % 50)}0101${String(i % 1000).padStart(3, '0')}`;
    const seal = options.seal ?? (async (_p: string, _f: string, value: string) => value);
    const data = {
      personId,
      name: await seal(personId, 'name', `人${i}`),
      idNumber: await seal(personId, 'idNumber', first17 + checkCharacter(first17)),
      regionCode: region,
      scheme: employee ? ('employee' as const) : ('resident' as const),
      employment: employee ? (retired ? ('retired' as const) : ('in_service' as const)) : null,
      monthlyContributionBaseFen: employee && !retired ? 400000 + rnd(400000) : null,
      civilServant: false,
      countyCode: '511302',
      family: [{ personId: `P-${i + 1}`, relation: 'spouse' as const }],
      openingPersonalAccountFen: employee ? rnd(50000) : 0,
      registeredOn: '2023-01-01',
    };
    await step(() => runner.handle(enrollmentDecider, { type: 'RegisterPatient', data }, undefined, meta));
    if (i % 7 === 1) {
      const tag = { personId, status: 'minimum_living' as const, validFrom: '2023-02-01', validTo: null, source: 'civil_affairs' as const, diagnosis: null, riskLevel: null, firstTreatmentDate: null };
      await step(() => runner.handle(enrollmentDecider, { type: 'TagReliefStatus', data: tag }, undefined, meta));
    }
  }
  for (let c = 0; c < options.claims; c++) {
    const personId = ids[rnd(ids.length)];
    const month = 1 + rnd(6);
    const claim: Claim = {
      claimId: `C-${c}`,
      personId,
      institutionId: `H${rnd(5)}`,
      institutionLevel: (['tier3', 'tier2', 'tier1', 'primary', 'pharmacy'] as const)[rnd(5)],
      designated: rnd(10) > 0,
      location: 'in_county',
      referral: false,
      visitType: (['general_outpatient', 'general_outpatient', 'emergency', 'two_diseases_outpatient'] as const)[rnd(4)],
      specialDisease: null,
      serviceDate: `2023-0${month}-1${rnd(9)}`,
      dischargeDate: null,
      items: [
        { code: 'A1', name: 'a', kind: 'drug', catalogClass: 'A', drugClass: null, amountFen: 1000 + rnd(60000) },
        { code: 'C1', name: 'c', kind: 'service', catalogClass: rnd(2) ? 'B' : 'C', drugClass: null, amountFen: rnd(5000) },
      ],
      priorPayments: rnd(4) === 0 ? { basic_pooling: rnd(1000) } : null,
      usePersonalAccount: rnd(2) === 0,
    };
    await step(() => runner.handle(claimDecider, { type: 'SubmitClaim', data: claim }, { params, today: '2026-11-22' }, meta));
    if (c % 11 === 5) {
      const data = { personId, beneficiaryPersonId: `P-${Number(personId.slice(2)) + 1}`, purpose: 'medical' as const, amountFen: 1 + rnd(3000), reference: `R${c}`, paidOn: '2023-04-01' };
      const beneficiaryRegistered = ids.includes(data.beneficiaryPersonId); // the last person's spouse is never registered: refused
      await step(() => runner.handle(paymentDecider, { type: 'PayFromAccount', data }, { beneficiaryRegistered }, meta));
    }
    if (c === Math.floor(options.claims / 2)) {
      for (const month of ['2023-01', '2023-02']) {
        for (const id of ids) await step(() => runner.handle(creditDecider, { type: 'CreditMonth', data: { personId: id, month } }, params, meta));
        const data = { regionCode: 'nanchong' as const, month, personalAccountCreditsFen: 0, creditedPersons: 0, settledOn: '2023-03-01' };
        await step(() => runner.handle(settlementDecider, { type: 'SettleMonth', data }, undefined, meta));
      }
    }
  }
}
