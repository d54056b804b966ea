/** A small log for the relay's tests: persons with claims, corrections, account credits, a settlement, a parameter. */
import { EventStore } from '@benefit/event-store';

/** Valid-looking resident ids (GB 11643 check characters). */
export const RESIDENT_IDS = ['11010519491231002X', '440524188001010014', '511302199001011236', '51130219850515123X'];

export interface SeedSummary {
  persons: string[];
  /** Expected per payer/month totals of ReportingProjection, key `${payer}|${month}`. */
  totals: Map<string, number>;
  claimCount: number;
}

const PAYERS = ['basic_pooling', 'medical_assistance', 'self_pay'] as const;

export async function seedLog(store: EventStore, options: { persons?: number; claimsPerPerson?: number } = {}): Promise<SeedSummary> {
  const nPersons = options.persons ?? 4;
  const nClaims = options.claimsPerPerson ?? 3;
  const totals = new Map<string, number>();
  const add = (payer: string, month: string, fen: number) => totals.set(`${payer}|${month}`, (totals.get(`${payer}|${month}`) ?? 0) + fen);
  const persons: string[] = [];
  let claimCount = 0;

  await store.append('parameters', [{ type: 'ParameterRecorded', data: { key: 'pooling.rate', effectiveFrom: '2025-01-01', effectiveTo: null, value: 0.7, reason: 'test' } }], 'any');
  for (let p = 0; p < nPersons; p++) {
    const personId = `p-${p + 1}`;
    persons.push(personId);
    const idNumber = RESIDENT_IDS[p % RESIDENT_IDS.length];
    await store.appendMulti([
      { streamId: `resident-hash${p}`, events: [{ type: 'KeyReserved', data: { key: 'resident-id', personId, requestHash: `h${p}` } }], expected: 'no_stream' },
      {
        streamId: `person-${personId}`,
        events: [
          {
            type: 'PatientRegistered',
            data: { personId, name: `Person ${p + 1}`, idNumber, regionCode: '511300', scheme: 'resident', family: [], openingPersonalAccountFen: 0, registeredOn: '2025-01-02' },
            metadata: { actor: 'hospital-system', correlationId: `corr-reg-${p}` },
          },
        ],
        expected: 'no_stream',
      },
    ]);
    await store.append(`person-${personId}`, [{ type: 'ReliefStatusTagged', data: { personId, status: 'low_income', validFrom: '2025-01-01', validTo: null, source: 'civil_affairs', diagnosis: null, riskLevel: null, firstTreatmentDate: null } }], 'any');
    for (let c = 0; c < nClaims; c++) {
      const claimId = `c-${p + 1}-${c + 1}`;
      const month = `2025-0${(c % 3) + 1}`;
      const shares = { basic_pooling: 10_000 + 100 * p + c, medical_assistance: 2_000 + c, self_pay: 500 + p };
      for (const payer of PAYERS) add(payer, month, shares[payer]);
      claimCount += 1;
      await store.appendMulti([
        { streamId: `claim-${claimId}`, events: [{ type: 'KeyReserved', data: { key: claimId, personId, requestHash: `r${claimId}` } }], expected: 'no_stream' },
        {
          streamId: `person-${personId}`,
          events: [
            {
              type: 'ClaimAdjudicated',
              data: { claim: { claimId, personId, serviceDate: `${month}-15`, institutionId: 'h1' }, regionCode: '511300', adjudication: { totalFen: 0, shares, year: 2025 } },
            },
          ],
          expected: 'any',
        },
      ]);
    }
    // a correction of the first claim: 300 moves from self pay to the pooling fund
    await store.append(
      `person-${personId}`,
      [
        {
          type: 'ClaimSharesAdjusted',
          data: { personId, claimId: `c-${p + 1}-1`, regionCode: '511300', originalMonth: '2025-01', appliedMonth: '2025-04', year: 2025, deltas: { basic_pooling: 300, self_pay: -300 }, counterDeltas: {}, adjudication: {}, reason: `re-adjudicated for ${idNumber}` },
        },
      ],
      'any',
    );
    add('basic_pooling', '2025-01', 300);
    add('self_pay', '2025-01', -300);
    await store.append(`person-${personId}`, [{ type: 'PersonalAccountCredited', data: { personId, regionCode: '511300', month: '2025-01', amountFen: 1234 } }], 'any');
  }
  await store.append('settlements-511300', [{ type: 'MonthSettled', data: { regionCode: '511300', month: '2025-01', personalAccountCreditsFen: 1234 * nPersons, creditedPersons: nPersons, settledOn: '2025-02-01' } }], 'any');
  await store.append('misc-audit', [{ type: 'SomethingElse', data: { note: 'no person here' } }], 'any');
  return { persons, totals, claimCount };
}
