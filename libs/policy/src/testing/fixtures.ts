/** Claims, persons and parameter books for the rule specs, the golden tables and the properties. */
import { RegionCode, ReliefStatus } from '@benefit/shared';
import { Beneficiary, Claim, ClaimItem, StatusInForce } from '../claim';
import { ParameterRecord } from '../parameters';
import { parameterBook } from '../registry';

/** 1 yuan = 100 fen: specs write the document's yuan figures. */
export const yuan = (n: number): number => Math.round(n * 100);

export const person = (over: Partial<Beneficiary> = {}): Beneficiary => ({
  personId: 'P-1',
  regionCode: 'yancheng',
  scheme: 'resident',
  employment: null,
  civilServant: false,
  activeStatuses: [],
  countersUsed: {},
  personalAccountBalanceFen: 0,
  ...over,
});

/** A person holding these statuses for the claim (details optional). */
export const holding = (region: RegionCode, statuses: (ReliefStatus | StatusInForce)[], over: Partial<Beneficiary> = {}): Beneficiary => {
  const detailed = statuses.map((s) => (typeof s === 'string' ? { status: s } : s));
  return person({ regionCode: region, activeStatuses: detailed.map((s) => s.status), statuses: detailed, ...over });
};

export const item = (amountFen: number, catalogClass: 'A' | 'B' | 'C' = 'A', over: Partial<ClaimItem> = {}): ClaimItem => ({
  code: `X${amountFen}${catalogClass}`,
  name: 'item',
  kind: 'service',
  catalogClass,
  drugClass: null,
  amountFen,
  ...over,
});

export const drug = (amountFen: number, drugClass: string, catalogClass: 'A' | 'B' | 'C' = 'B'): ClaimItem =>
  item(amountFen, catalogClass, { code: `D-${drugClass}-${amountFen}`, kind: 'drug', drugClass });

let seq = 0;
export const claim = (over: Partial<Claim> = {}): Claim => ({
  claimId: `C-${++seq}`,
  personId: 'P-1',
  institutionId: 'H1',
  institutionLevel: 'tier2',
  designated: true,
  location: 'in_county',
  referral: false,
  visitType: 'general_outpatient',
  specialDisease: null,
  serviceDate: '2023-06-15',
  dischargeDate: null,
  items: [item(yuan(1000))],
  priorPayments: null,
  usePersonalAccount: false,
  ...over,
});

export const record = (key: string, value: number | string | boolean, effectiveFrom = '2023-01-01', revision = 0): ParameterRecord => ({
  key,
  effectiveFrom,
  effectiveTo: null,
  value,
  reason: 'spec',
  recordedAt: '2023-01-02T00:00:00.000Z',
  revision,
});

/** A book with these records, revisions in order. */
export const book = (...records: Omit<ParameterRecord, 'revision'>[]) =>
  parameterBook(
    records.map((r, revision) => ({ ...r, revision })),
    records.length - 1,
  );

/** Yancheng's yearly figures for 2023 as the specs use them: income 50,000 yuan, minimum living 9,600 yuan a year. */
export const YANCHENG_2023 = [record('yancheng.per_capita_disposable_income', yuan(50_000)), record('yancheng.minimum_living_standard_annual', yuan(9_600))];
export const yanchengBook = () => book(...YANCHENG_2023);
