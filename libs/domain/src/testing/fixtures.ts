/** Events and commands for specs, with the values of a typical Nanchong employee. */
import { Claim, ParameterRecord, parameterBook } from '@benefit/policy';
import { claim as policyClaim, item } from '../../../policy/src/testing/fixtures';

export { item };
import { checkCharacter } from '@benefit/shared';
import { PatientRegistered, PersonEvent } from '../person/person.events';

export const residentId = (birth = '19800101', seq = '001', area = '511302'): string => {
  const first17 = `${area}${birth}${seq}`;
  return first17 + checkCharacter(first17);
};

export const registered = (over: Partial<PatientRegistered['data']> = {}): PersonEvent => ({
  type: 'PatientRegistered',
  data: {
    personId: 'P-1',
    name: '张三',
    idNumber: residentId(),
    regionCode: 'nanchong',
    scheme: 'employee',
    employment: 'in_service',
    monthlyContributionBaseFen: 600000,
    civilServant: false,
    countyCode: '511302',
    family: [{ personId: 'P-2', relation: 'spouse' }],
    openingPersonalAccountFen: 0,
    registeredOn: '2023-01-01',
    ...over,
  },
});

/** The policy fixtures' claim, on the date and amount the domain specs' worked examples use. */
export const claim = (over: Partial<Claim> = {}): Claim => policyClaim({ serviceDate: '2023-03-05', items: [item(50000)], ...over });

export const recorded = (key: string, value: number, effectiveFrom = '2023-01-01', revision = 0): ParameterRecord => ({
  key,
  effectiveFrom,
  effectiveTo: null,
  value,
  reason: 'spec',
  recordedAt: '2023-02-01T00:00:00.000Z',
  revision,
});

/** The Nanchong book with the 2021 average pension recorded as 3,000 yuan a month. */
export const bookWithPension = (pensionFen = 300000) => parameterBook([recorded('nanchong.retired_pension_base', pensionFen)], 0);
