/** 南府办发〔2022〕33号 art. 13–20: the personal account (个人账户). */
import { parameterBook } from '@benefit/policy';
import { PersonEvent } from '../person/person.events';
import { personFold } from '../person/person.fold';
import { deciderSpec } from '../testing/decider-spec';
import { bookWithPension, recorded, registered } from '../testing/fixtures';
import { CreditMonth, PayFromAccount, PaymentFacts, decideCredit, decidePayment } from './account.decider';

const credit = (month: string): CreditMonth => ({ type: 'CreditMonth', data: { personId: 'P-1', month } });
const creditSpec = (book = bookWithPension()) => deciderSpec(personFold, (cmd: CreditMonth, s) => decideCredit(cmd, s, book));
const creditedAmount = (events: PersonEvent[]) => (events[0] as Extract<PersonEvent, { type: 'PersonalAccountCredited' }>).data.amountFen;

describe('art. 13: monthly credits (按月计入)', () => {
  it('in service: 2% of the person’s contribution base, 6,000 yuan → 120 yuan', () => {
    creditSpec().given([registered()]).when(credit('2023-01')).then((events) => {
      expect(events).toHaveLength(1);
      expect(creditedAmount(events)).toBe(12000);
    });
  });

  it('in service: the base in force that month, rounded half-up (6,123.45 yuan × 2% = 122.469 → 122.47)', () => {
    const changed: PersonEvent = { type: 'ContributionBaseChanged', data: { personId: 'P-1', monthlyContributionBaseFen: 612345, effectiveMonth: '2023-03' } };
    creditSpec().given([registered(), changed]).when(credit('2023-02')).then((e) => expect(creditedAmount(e)).toBe(12000));
    creditSpec().given([registered(), changed]).when(credit('2023-03')).then((e) => expect(creditedAmount(e)).toBe(12247));
  });

  it('retired: 2.8% of the city average basic pension, 3,000 yuan → 84 yuan', () => {
    const retired = registered({ employment: 'retired', monthlyContributionBaseFen: null });
    creditSpec().given([retired]).when(credit('2023-01')).then((e) => expect(creditedAmount(e)).toBe(8400));
  });

  it('art. 14: the month of retirement is credited at the retired rate', () => {
    const retiring: PersonEvent = { type: 'EmploymentChanged', data: { personId: 'P-1', employment: 'retired', effectiveMonth: '2023-07' } };
    creditSpec().given([registered(), retiring]).when(credit('2023-06')).then((e) => expect(creditedAmount(e)).toBe(12000));
    creditSpec().given([registered(), retiring]).when(credit('2023-07')).then((e) => expect(creditedAmount(e)).toBe(8400));
  });

  it('a later record of the pension for the same date supersedes the earlier one from then on', () => {
    const retired = registered({ employment: 'retired', monthlyContributionBaseFen: null });
    const book = parameterBook([recorded('nanchong.retired_pension_base', 300000, '2023-01-01', 0), recorded('nanchong.retired_pension_base', 310000, '2023-01-01', 1)], 1);
    creditSpec(book).given([retired]).when(credit('2023-01')).then((e) => expect(creditedAmount(e)).toBe(8680));
  });

  it('until the pension base is recorded, a retired credit is refused loudly (never 0)', () => {
    const retired = registered({ employment: 'retired', monthlyContributionBaseFen: null });
    creditSpec(parameterBook()).given([retired]).when(credit('2023-01')).thenRefused('refused', 'parameter-missing');
  });

  it('a month is credited once', () => {
    const [first] = creditSpec().given([registered()]).when(credit('2023-01')).then(() => undefined);
    creditSpec().given([registered(), first]).when(credit('2023-01')).then([]);
  });

  it('no credit for a month before registration, nor for residents', () => {
    creditSpec().given([registered({ registeredOn: '2023-05-10' })]).when(credit('2023-04')).then([]);
    creditSpec().given([registered({ registeredOn: '2023-05-10' })]).when(credit('2023-05')).then((e) => expect(e).toHaveLength(1));
    creditSpec().given([registered({ scheme: 'resident', employment: null, monthlyContributionBaseFen: null })]).when(credit('2023-01')).then([]);
  });
});

const pay = (over: Partial<PayFromAccount['data']> = {}): PayFromAccount => ({
  type: 'PayFromAccount',
  data: { personId: 'P-1', beneficiaryPersonId: 'P-2', purpose: 'medical', amountFen: 3000, reference: 'R-1', paidOn: '2023-03-01', ...over },
});
/** The handler reads the beneficiary's stream; here every family member is registered unless a spec says not. */
const paySpecWith = (facts: PaymentFacts) => deciderSpec(personFold, (cmd: PayFromAccount, s) => decidePayment(cmd, s, facts));
const paySpec = paySpecWith({ beneficiaryRegistered: true });
const unregisteredBeneficiary = paySpecWith({ beneficiaryRegistered: false });
const funded = registered({ openingPersonalAccountFen: 10000, family: [{ personId: 'P-2', relation: 'spouse' }, { personId: 'P-3', relation: 'child' }] });

describe('art. 18: family use of the account', () => {
  it('pays the spouse’s medical burden', () => {
    paySpec.given([funded]).when(pay()).then([{ type: 'PersonalAccountPaid', data: { ...pay().data, relation: 'spouse' } }]);
  });

  it('pays a child’s resident-insurance contribution (art. 18(3))', () => {
    paySpec.given([funded]).when(pay({ beneficiaryPersonId: 'P-3', purpose: 'family_premium' })).then((e) => expect(e).toHaveLength(1));
  });

  it('refuses someone who is not spouse, parent or child', () => {
    paySpec.given([funded]).when(pay({ beneficiaryPersonId: 'P-9' })).thenRefused('refused', 'not-family');
  });

  it('refuses a spouse in the family list whom nobody registered, naming beneficiaryPersonId', () => {
    const refusal = unregisteredBeneficiary.given([funded]).when(pay()).thenRefused('refused', 'beneficiary-not-registered');
    expect(refusal.errors).toEqual([expect.objectContaining({ field: 'beneficiaryPersonId' })]);
    expect(refusal.message).toContain('南府办发〔2022〕33号 art. 18');
  });

  it('the holder’s own purchase needs no other registration', () => {
    unregisteredBeneficiary.given([funded]).when(pay({ beneficiaryPersonId: 'P-1', purpose: 'pharmacy' })).then((e) => expect(e).toHaveLength(1));
  });

  it('pays the holder’s own large-amount subsidy contribution (art. 18(3): 本人及其配偶、父母、子女…的个人缴费)', () => {
    paySpec.given([funded]).when(pay({ beneficiaryPersonId: 'P-1', purpose: 'family_premium' })).then((e) => expect(e).toHaveLength(1));
  });

  it.each(['medical', 'pharmacy', 'family_premium'] as const)('%s: spouse, parent and child are all allowed (art. 18(2)(3))', (purpose) => {
    const family = registered({ openingPersonalAccountFen: 10000, family: [{ personId: 'S', relation: 'spouse' }, { personId: 'F', relation: 'parent' }, { personId: 'C', relation: 'child' }] });
    for (const beneficiaryPersonId of ['S', 'F', 'C']) paySpec.given([family]).when(pay({ beneficiaryPersonId, purpose })).then((e) => expect(e).toHaveLength(1));
  });

  it('refuses a family entry recorded with a relation the article does not name (a sibling, or none)', () => {
    const odd = registered({ openingPersonalAccountFen: 10000, family: [{ personId: 'B', relation: 'sibling' as never }, { personId: 'X' } as never] });
    for (const beneficiaryPersonId of ['B', 'X']) {
      const refusal = paySpec.given([odd]).when(pay({ beneficiaryPersonId })).thenRefused('refused', 'relation-not-allowed');
      expect(refusal.errors).toEqual([expect.objectContaining({ field: 'beneficiaryPersonId' })]);
    }
  });

  it('a retried payment is answered from what is recorded, whatever is known of the beneficiary now', () => {
    const [paid] = paySpec.given([funded]).when(pay()).then(() => undefined);
    unregisteredBeneficiary.given([funded, paid]).when(pay()).then([]);
  });
});

describe('art. 19: never public health, fitness or wellness', () => {
  it.each(['public_health', 'fitness', 'wellness'] as const)('refuses %s', (purpose) => {
    paySpec.given([funded]).when(pay({ purpose })).thenRefused('refused', 'purpose-not-allowed');
  });
});

describe('art. 20: the balance never goes negative', () => {
  it('refuses a payment above the balance', () => {
    paySpec.given([funded]).when(pay({ amountFen: 10001 })).thenRefused('refused', 'insufficient-balance');
  });

  it('allows exactly the balance', () => {
    paySpec.given([funded]).when(pay({ amountFen: 10000 })).then((e) => expect(e).toHaveLength(1));
  });
});
