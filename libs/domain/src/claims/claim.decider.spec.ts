/** 南府办发〔2022〕33号: general outpatient pooling and the personal account on claims, by article. */
import { Claim, parameterBook } from '@benefit/policy';
import { PAYERS, sumFen } from '@benefit/shared';
import { ClaimAdjudicated, PersonEvent } from '../person/person.events';
import { withLineText } from '../events/policy-v2';
import { personFold } from '../person/person.fold';
import { deciderSpec } from '../testing/decider-spec';
import { claim, item, registered } from '../testing/fixtures';
import { ClaimContext, SubmitClaim, decideClaim } from './claim.decider';

const ctx: ClaimContext = { params: parameterBook(), today: '2026-11-22' };
const spec = deciderSpec(personFold, (cmd: SubmitClaim, s) => decideClaim(cmd, s, ctx));
const submit = (over: Partial<Claim> = {}): SubmitClaim => ({ type: 'SubmitClaim', data: claim(over) });

/** Runs the claims in order; returns each adjudication, its lines with their text (rendered from words where stored so). */
function adjudicate(history: PersonEvent[], ...claims: Partial<Claim>[]) {
  const events = [...history];
  return claims.map((c) => {
    const [e] = spec.given(events).when(submit(c)).then(() => undefined) as ClaimAdjudicated[];
    events.push(e);
    return withLineText(e.data.regionCode, e.data.adjudication);
  });
}
const one = (c: Partial<Claim>, history: PersonEvent[] = [registered()]) => adjudicate(history, c)[0];
const retired = registered({ employment: 'retired', monthlyContributionBaseFen: null });

describe('art. 7(1): in service, deductible 200 yuan, 50% tier 3 and pharmacies, 60% tier 2 and below, cap 1000 yuan', () => {
  it('tier 2: (500 − 200) × 60% = 180 yuan from pooling, the person pays 320 yuan', () => {
    const a = one({ institutionLevel: 'tier2', items: [item(50000)] });
    expect(a.shares.basic_pooling).toBe(18000);
    expect(a.shares.self_pay).toBe(32000);
    expect(a.counterDeltas).toEqual({ outpatient_pooling_deductible: 20000, outpatient_pooling_paid: 18000, personal_burden: 32000 });
    expect(a.counterLimits).toMatchObject({ outpatient_pooling_deductible: 20000, outpatient_pooling_paid: 100000 });
  });

  it('tier 3 and designated pharmacies: (500 − 200) × 50% = 150 yuan', () => {
    expect(one({ institutionLevel: 'tier3' }).shares.basic_pooling).toBe(15000);
    expect(one({ institutionLevel: 'pharmacy' }).shares.basic_pooling).toBe(15000);
  });

  it('primary and tier 1 count as "二级及以下": 60%', () => {
    expect(one({ institutionLevel: 'primary' }).shares.basic_pooling).toBe(18000);
    expect(one({ institutionLevel: 'tier1' }).shares.basic_pooling).toBe(18000);
  });

  it('the deductible is consumed once a year: the second claim is paid from the first fen', () => {
    const [first, second] = adjudicate([registered()], { items: [item(15000)] }, { items: [item(10000)], serviceDate: '2023-04-01' });
    expect(first.shares.basic_pooling).toBe(0);
    expect(first.counterDeltas.outpatient_pooling_deductible).toBe(15000);
    // 50 yuan of deductible left, then (100 − 50) × 60% = 30 yuan
    expect(second.shares.basic_pooling).toBe(3000);
    expect(second.counterDeltas.outpatient_pooling_deductible).toBe(5000);
  });

  it('the annual cap of 1000 yuan stops pooling mid-claim; the excess is the person’s', () => {
    // 200 yuan deductible + 1660 yuan × 60% = 996 yuan; then 4 yuan left under the cap
    const [, second] = adjudicate([registered()], { items: [item(186000)] }, { items: [item(100000)], serviceDate: '2023-05-01' });
    expect(second.shares.basic_pooling).toBe(400);
    expect(second.shares.self_pay).toBe(99600);
    const cap = second.explanation.find((l) => l.rule === 'nanchong.outpatient_pooling.cap');
    expect(cap?.amountFen).toBe(59600);
  });

  it('rounds half-up to the fen at the percentage: 1.01 yuan × 55%… and 0.75 fen → 1 fen', () => {
    // retired tier 3: (151.01 − 150) yuan × 55% = 0.5555 yuan → 56 fen
    expect(one({ institutionLevel: 'tier3', items: [item(15101)] }, [retired]).shares.basic_pooling).toBe(56);
  });
});

describe('art. 7(2): retired, deductible 150 yuan, 55% tier 3 and pharmacies, 65% below, cap 1200 yuan', () => {
  it('tier 2: (500 − 150) × 65% = 227.50 yuan', () => {
    const a = one({ institutionLevel: 'tier2' }, [retired]);
    expect(a.shares.basic_pooling).toBe(22750);
    expect(a.counterLimits).toMatchObject({ outpatient_pooling_deductible: 15000, outpatient_pooling_paid: 120000 });
  });

  it('tier 3: (500 − 150) × 55% = 192.50 yuan', () => {
    expect(one({ institutionLevel: 'tier3' }, [retired]).shares.basic_pooling).toBe(19250);
  });
});

describe('art. 14: retired benefits from the month retirement starts', () => {
  const history: PersonEvent[] = [registered(), { type: 'EmploymentChanged', data: { personId: 'P-1', employment: 'retired', effectiveMonth: '2023-07' } }];

  it('a claim on 30 June is settled at in-service rates', () => {
    expect(one({ serviceDate: '2023-06-30' }, history).shares.basic_pooling).toBe(18000);
  });

  it('a claim on 1 July is settled at retired rates', () => {
    expect(one({ serviceDate: '2023-07-01' }, history).shares.basic_pooling).toBe(22750);
  });
});

describe('art. 12: limits are the year’s and never carry over', () => {
  it('a claim in January 2024 meets the full deductible again', () => {
    const [, next] = adjudicate([registered()], { items: [item(500000)], serviceDate: '2023-12-01' }, { serviceDate: '2024-01-02' });
    expect(next.year).toBe(2024);
    expect(next.shares.basic_pooling).toBe(18000);
  });
});

describe('art. 25 and art. 7: non-designated institutions', () => {
  it('no fund pays, and neither deductible nor cap is consumed', () => {
    const a = one({ designated: false });
    expect(a.shares.basic_pooling).toBe(0);
    expect(a.shares.self_pay).toBe(50000);
    expect(a.counterDeltas.outpatient_pooling_deductible).toBeUndefined();
    expect(a.explanation.some((l) => l.citation.includes('art. 25'))).toBe(true);
  });

  it('the personal account cannot pay there (art. 18)', () => {
    const a = one({ designated: false, usePersonalAccount: true }, [registered({ openingPersonalAccountFen: 100000 })]);
    expect(a.shares.personal_account).toBe(0);
  });
});

describe('art. 10: two-diseases and special outpatient costs never enter general pooling', () => {
  it('a two-diseases claim moves no general pooling counter', () => {
    const a = one({ visitType: 'two_diseases_outpatient' });
    expect(a.counterDeltas.outpatient_pooling_deductible).toBeUndefined();
    expect(a.counterDeltas.outpatient_pooling_paid).toBeUndefined();
    expect(a.explanation.find((l) => l.payer === 'basic_pooling')?.citation).toMatch(/illustrative/);
  });
});

describe('class C (丙/目录外) is outside policy scope', () => {
  it('class C items go to the person and do not consume the deductible', () => {
    const a = one({ items: [item(50000), item(7000, 'C')] });
    expect(a.totalFen).toBe(57000);
    expect(a.policyScopeFen).toBe(50000);
    expect(a.shares.basic_pooling).toBe(18000);
    expect(a.shares.self_pay).toBe(39000);
  });
});

describe('art. 18(1)(2), art. 20: the personal account pays on claims as far as its balance goes', () => {
  it('pays the whole burden when the balance covers it', () => {
    const a = one({ usePersonalAccount: true, items: [item(50000), item(1000, 'C')] }, [registered({ openingPersonalAccountFen: 100000 })]);
    expect(a.shares.personal_account).toBe(33000);
    expect(a.shares.self_pay).toBe(0);
  });

  it('pays up to the balance; the rest is cash', () => {
    const a = one({ usePersonalAccount: true }, [registered({ openingPersonalAccountFen: 5000 })]);
    expect(a.shares.personal_account).toBe(5000);
    expect(a.shares.self_pay).toBe(27000);
  });

  it('never pays when the claim does not ask for it', () => {
    expect(one({}, [registered({ openingPersonalAccountFen: 5000 })]).shares.personal_account).toBe(0);
  });
});

describe('one-bill settlement (DOMAIN.md): conservation and explanation', () => {
  it('every payer code appears; shares add up to the total; each payer is explained to the fen', () => {
    const a = one({ items: [item(12345), item(6789, 'B'), item(1111, 'C')], usePersonalAccount: true }, [registered({ openingPersonalAccountFen: 777 })]);
    expect(Object.keys(a.shares).sort()).toEqual([...PAYERS].sort());
    expect(sumFen(Object.values(a.shares))).toBe(a.totalFen);
    for (const payer of PAYERS) expect(sumFen(a.explanation.filter((l) => l.payer === payer).map((l) => l.amountFen))).toBe(a.shares[payer]);
    for (const l of a.explanation) expect(l.citation.length).toBeGreaterThan(0);
  });

  it('priorPayments replace step 1: a step-1 payer they leave out is 0, and no counter moves', () => {
    const a = one({ priorPayments: { basic_pooling: 30000, critical_illness: 5000 } });
    expect(a.shares.basic_pooling).toBe(30000);
    expect(a.shares.critical_illness).toBe(5000);
    expect(a.shares.large_amount_subsidy).toBe(0);
    expect(a.shares.self_pay).toBe(15000);
    expect(a.counterDeltas.outpatient_pooling_deductible).toBeUndefined();
  });

  it('policyVersion names the pack and the parameter revision', () => {
    expect(one({}).policyVersion).toBe('nanchong@2023.1+params.r-1');
  });
});

describe('refusals record nothing', () => {
  it('an unknown person is not found', () => {
    spec.given([]).when(submit()).thenRefused('not_found');
  });

  it('a service date before registration is refused', () => {
    spec.given([registered({ registeredOn: '2023-06-01' })]).when(submit({ serviceDate: '2023-05-31' })).thenRefused('refused', 'not-insured');
  });

  it('inpatient care in Nanchong needs priorPayments (the seed covers outpatient only)', () => {
    spec.given([registered()]).when(submit({ visitType: 'inpatient' })).thenRefused('refused', 'prior-payments-required');
  });

  it('resident-scheme claims in Nanchong need priorPayments (art. 3: employees only)', () => {
    const resident = registered({ scheme: 'resident', employment: null, monthlyContributionBaseFen: null });
    spec.given([resident]).when(submit()).thenRefused('refused', 'prior-payments-required');
  });

  it('art. 38: after the five years in force a claim is refused loudly, not paid 0', () => {
    spec.given([registered()]).when(submit({ serviceDate: '2028-01-03' })).thenRefused('refused', 'parameter-ended');
  });

  it('the same claim id again decides nothing (the recorded result stands)', () => {
    const c = claim();
    const [first] = spec.given([registered()]).when({ type: 'SubmitClaim', data: c }).then(() => undefined);
    spec.given([registered(), first]).when({ type: 'SubmitClaim', data: c }).then([]);
  });
});

describe('bounds every new claim keeps (issue 10), whoever sends it', () => {
  it('a stay longer than 366 days, or a discharge before the admission, is invalid and records nothing', () => {
    spec.given([registered()]).when(submit({ visitType: 'inpatient', serviceDate: '2023-03-01', dischargeDate: '9999-12-31', priorPayments: { basic_pooling: 1 } })).thenRefused('invalid');
    spec.given([registered()]).when(submit({ visitType: 'inpatient', serviceDate: '2023-03-10', dischargeDate: '2023-03-09', priorPayments: { basic_pooling: 1 } })).thenRefused('invalid');
  });

  it('items adding up to more than 10 million yuan are invalid', () => {
    spec.given([registered()]).when(submit({ items: [item(600_000_000), item(600_000_000)] })).thenRefused('invalid');
  });
});
