/** 盐医保发〔2023〕11号: free outpatient drugs for severe mental disorders, insurance → assistance → disability relief → backstop. */
import { settleClaim } from '../../chain';
import { Beneficiary, Claim } from '../../claim';
import { ReliefStatus } from '@benefit/shared';
import { book, claim, drug, holding, item, record, YANCHENG_2023, yuan } from '../../testing/fixtures';
import { yanchengPack } from '.';

const params = book(...YANCHENG_2023);
const settle = (c: Claim, p: Beneficiary, b = params) => settleClaim(c, p, yanchengPack, b);
/** 300 yuan of class B antipsychotics and 200 yuan of other care; basic insurance paid 250 yuan (150 / 100 pro rata). */
const visit = (over: Partial<Claim> = {}) => claim({ items: [drug(yuan(300), 'antipsychotic'), item(yuan(200))], priorPayments: { basic_pooling: yuan(250) }, ...over });
const patient = (...more: ReliefStatus[]) => holding('yancheng', ['severe_mental_disorder', ...more]);

describe('四, 六: the person pays nothing for the covered drugs; other items follow the normal rules', () => {
  it('a registered patient: finance backs up the 150 yuan left of the drugs; the person pays the 100 yuan of the rest', () => {
    const a = settle(visit(), patient());
    expect(a.shares).toMatchObject({ basic_pooling: yuan(250), fiscal_backstop: yuan(150), self_pay: yuan(100), disability_relief: 0 });
    expect(a.explanation.find((l) => l.payer === 'fiscal_backstop')?.citation).toContain('四.4');
  });

  it('四.3 a certified mental-disability holder: the federation pays the remainder (Choice: 100%), finance nothing', () => {
    const a = settle(visit(), patient('certified_mental_disability'));
    expect(a.shares).toMatchObject({ disability_relief: yuan(150), fiscal_backstop: 0, self_pay: yuan(100) });
  });

  it('四.3 with yancheng.disability_relief_ratio recorded as 50%: 75 yuan relief, 75 yuan backstop', () => {
    const b = book(...YANCHENG_2023, record('yancheng.disability_relief_ratio', 0.5));
    const a = settle(visit(), patient('certified_mental_disability'), b);
    expect(a.shares).toMatchObject({ disability_relief: yuan(75), fiscal_backstop: yuan(75), self_pay: yuan(100) });
  });

  it('四.2 assistance comes first, split between the drugs and the rest pro rata (Choice): 80% × 250 = 200 → 120 / 80', () => {
    const a = settle(visit(), patient('minimum_living'));
    expect(a.shares).toMatchObject({ medical_assistance: yuan(200), fiscal_backstop: yuan(30), self_pay: yuan(20) });
  });

  it('the five drug classes, class A too, are covered; class C and other drugs are not (三)', () => {
    for (const cls of ['antipsychotic', 'anxiolytic', 'antidepressant', 'antiepileptic', 'antimanic']) {
      expect(settle(visit({ items: [drug(yuan(300), cls, 'A'), item(yuan(200))] }), patient()).shares.fiscal_backstop).toBe(yuan(150));
    }
    expect(settle(visit({ items: [drug(yuan(300), 'antipsychotic', 'C'), item(yuan(200))], priorPayments: { basic_pooling: yuan(100) } }), patient()).shares.fiscal_backstop).toBe(0);
    expect(settle(visit({ items: [drug(yuan(300), 'other'), item(yuan(200))] }), patient()).shares.fiscal_backstop).toBe(0);
  });

  it('二 only registered patients (severe_mental_disorder)', () => {
    expect(settle(visit(), holding('yancheng', ['certified_mental_disability'])).shares.fiscal_backstop).toBe(0);
  });

  it('三 outpatient only: a stay is settled by the normal rules', () => {
    expect(settle(visit({ visitType: 'inpatient', location: 'in_city' }), patient()).shares.fiscal_backstop).toBe(0);
  });

  it('五.2 designated institutions inside the city: elsewhere a 0 backstop line explains why', () => {
    const a = settle(visit({ location: 'in_province', referral: true }), patient());
    expect(a.shares.fiscal_backstop).toBe(0);
    expect(a.explanation.find((l) => l.payer === 'fiscal_backstop')).toMatchObject({ amountFen: 0, rule: 'yancheng.free_psychiatric_drugs.not_covered' });
    expect(settle(visit({ designated: false }), patient()).shares.fiscal_backstop).toBe(0);
  });

  it('in force from yancheng.free_psychiatric_drugs_from (Choice: 2023-03-01)', () => {
    expect(settle(visit({ serviceDate: '2023-02-28' }), patient()).shares.fiscal_backstop).toBe(0);
    expect(settle(visit({ serviceDate: '2023-03-01' }), patient()).shares.fiscal_backstop).toBe(yuan(150));
  });

  it('without priorPayments the illustrative insurance comes first: 50% × 500 = 250, then the same split', () => {
    expect(settle(visit({ priorPayments: null }), patient()).shares).toMatchObject({ basic_pooling: yuan(250), fiscal_backstop: yuan(150), self_pay: yuan(100) });
  });

  it('pro-rata split rounds half-up with the remainder on the last item: 1 fen of insurance over two 1-fen drugs', () => {
    const a = settle(claim({ items: [drug(1, 'antipsychotic'), drug(1, 'antimanic'), item(1)], priorPayments: { basic_pooling: 1 } }), patient());
    // insurance 1 fen → [0, 0, 1] (1/3 rounds to 0, the rest to the last item): the drugs keep 2 fen
    expect(a.shares).toMatchObject({ fiscal_backstop: 2, self_pay: 0 });
  });
});
