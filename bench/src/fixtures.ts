/**
 * Deterministic test data: Nanchong in-service employees and five-item general-outpatient
 * claims. Plain objects only (no imports from the app), so the HTTP load worker can use them.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** A checksum-valid resident id in Shunqing district, Nanchong (511302), unique per `i`. */
export function residentId(i: number): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + Math.floor(i / 1000) * 86_400_000);
  const ymd = birth.toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `511302${ymd}${String(i % 1000).padStart(3, '0')}`;
  let sum = 0;
  for (let k = 0; k < 17; k++) sum += Number(first17[k]) * WEIGHTS[k];
  return first17 + CHECK_CHARS[sum % 11];
}

export const personIdOf = (i: number): string => `NC-${String(i).padStart(6, '0')}`;

/** RegisterPatient data (the shape of PatientRegistered['data']). */
export function registration(personId: string, i: number) {
  return {
    personId,
    name: `职工${i}`,
    idNumber: residentId(i),
    regionCode: 'nanchong' as const,
    scheme: 'employee' as const,
    employment: 'in_service' as const,
    monthlyContributionBaseFen: 400_000 + (i % 50) * 10_000,
    civilServant: false,
    countyCode: '511302',
    family: [],
    openingPersonalAccountFen: 300_000,
    registeredOn: '2023-01-01',
  };
}

/** A general-outpatient claim with five items (classes A, B and C), as SubmitClaim takes it. */
export function claimBody(claimId: string, personId: string, seq: number) {
  const month = String(1 + (seq % 12)).padStart(2, '0');
  const day = String(1 + (seq % 28)).padStart(2, '0');
  const vary = (base: number, k: number) => base + ((seq * 7919 + k * 104_729) % 2_000);
  return {
    claimId,
    personId,
    institutionId: `H${1 + (seq % 20)}`,
    institutionLevel: (seq % 3 === 0 ? 'tier3' : 'tier2') as 'tier3' | 'tier2',
    designated: true,
    location: 'in_county' as const,
    referral: false,
    visitType: 'general_outpatient' as const,
    specialDisease: null,
    serviceDate: `2023-${month}-${day}`,
    dischargeDate: null,
    items: [
      { code: 'XJ01CA04', name: '阿莫西林胶囊', kind: 'drug' as const, catalogClass: 'A' as const, drugClass: null, amountFen: vary(1_800, 1) },
      { code: 'XR05DA09', name: '右美沙芬片', kind: 'drug' as const, catalogClass: 'B' as const, drugClass: null, amountFen: vary(2_400, 2) },
      { code: '110200001', name: '普通门诊诊查费', kind: 'service' as const, catalogClass: 'A' as const, drugClass: null, amountFen: vary(1_000, 3) },
      { code: '250101015', name: '血细胞分析', kind: 'service' as const, catalogClass: 'B' as const, drugClass: null, amountFen: vary(2_500, 4) },
      { code: 'C-NUTRI-01', name: '营养补充剂（目录外）', kind: 'drug' as const, catalogClass: 'C' as const, drugClass: null, amountFen: vary(3_000, 5) },
    ],
    priorPayments: null,
    usePersonalAccount: seq % 2 === 0,
  };
}

export type ClaimBody = ReturnType<typeof claimBody>;
