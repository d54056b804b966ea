/** 山亭 四 以奖代补: the guardian's monthly reward, settled months recorded late included (DOMAIN.md §4 Choice). */
import { parameterBook } from '@benefit/policy';
import { GuardianshipRewardAccrued, PersonEvent } from '../person/person.events';
import { foldPerson } from '../person/person.fold';
import { registered } from '../testing/fixtures';
import { decideMonthEnd } from './month-end.decider';

const params = parameterBook();
const patient = (validFrom: string): PersonEvent => ({
  type: 'ReliefStatusTagged',
  data: { personId: 'P-1', status: 'severe_mental_disorder', validFrom, validTo: null, source: 'health_commission', diagnosis: 'schizophrenia', riskLevel: 3, firstTreatmentDate: null },
});
const shanting = registered({ regionCode: 'shanting', scheme: 'resident', employment: null, monthlyContributionBaseFen: null, countyCode: '370406', registeredOn: '2022-01-01', family: [] });
const rewards = (events: PersonEvent[]) => (events.filter((e) => e.type === 'GuardianshipRewardAccrued') as GuardianshipRewardAccrued[]).map((e) => [e.data.month, e.data.settledWith, e.data.amountFen]);

describe('四 a patient recorded late earns every month already settled, earlier years included, paid by the next settlement', () => {
  it('risk level 3 from 2022-11-01, recorded after 2022-11 and 2022-12 were settled: the 2023-01 settlement pays 3 × 200 yuan', () => {
    const state = foldPerson([shanting, patient('2022-11-01')]);
    const events = decideMonthEnd({ type: 'CloseMonth', data: { personId: 'P-1', month: '2023-01', settledBefore: ['2022-10', '2022-11', '2022-12'] } }, state, params);
    expect(rewards(events)).toEqual([
      ['2022-11', '2023-01', 20000],
      ['2022-12', '2023-01', 20000],
      ['2023-01', '2023-01', 20000],
    ]);
  });

  it('a month already rewarded is not paid again', () => {
    const paid: PersonEvent = { type: 'GuardianshipRewardAccrued', data: { personId: 'P-1', regionCode: 'shanting', month: '2022-11', settledWith: '2022-11', amountFen: 20000, payer: 'fiscal_backstop', rule: 'shanting.guardianship_reward', citation: '山亭 四', detail: '' } };
    const state = foldPerson([shanting, patient('2022-11-01'), paid]);
    const events = decideMonthEnd({ type: 'CloseMonth', data: { personId: 'P-1', month: '2023-01', settledBefore: ['2022-11', '2022-12'] } }, state, params);
    expect(rewards(events).map(([m]) => m)).toEqual(['2022-12', '2023-01']);
  });
});
