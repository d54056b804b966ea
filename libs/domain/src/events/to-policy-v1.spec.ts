/**
 * The mapping into the version-1 schema changes nothing of today's values — the stored JSON is
 * byte for byte what it was before versioning, key order included — and keeps out what the
 * schema does not name, so a field added to a working type cannot reach the log unversioned.
 */
import fc from 'fast-check';
import { Adjudication, BedDayPayment, Claim, REGION_PACKS, RegionPack, catalogueBook, classifyClaim, packFor, parameterBook, settleClaim } from '@benefit/policy';
import { claimArb, personArb } from '../../../policy/src/testing/arbitraries';
import { settleOrRefuse } from '../../../policy/src/testing/property';
import { YANCHENG_2023, book } from '../../../policy/src/testing/fixtures';
import { foldPerson } from '../person/person.fold';
import { beneficiaryForClaim } from '../person/person.state';
import { claim, item, registered } from '../testing/fixtures';
import { adjudicationV1, adjudicationV2, bedDayPaymentV1, claimV1, counterLimitsV1 } from './to-policy-v1';
import { isWorded, payloadWithText, ruleOf, withLineText } from './policy-v2';

const params = parameterBook();
/** A Nanchong in-service employee's 500-yuan claim settled by the chain (南府办发〔2022〕33号 art. 7(1)). */
function settled(c: Claim): Adjudication {
  const state = foldPerson([registered()]);
  return settleClaim(c, beneficiaryForClaim(state, c), packFor('nanchong'), params);
}

describe('today’s values map onto version 1 unchanged', () => {
  it('a settled claim and its adjudication: the same JSON, every share, line and counter in its place', () => {
    const c = claim({ usePersonalAccount: true, items: [item(50000), item(3000, 'C', { tags: ['above_tariff'] })], circumstances: ['emergency'] });
    const a = settled(c);
    expect(a.explanation.length).toBeGreaterThan(1);
    expect(JSON.stringify(claimV1(c))).toBe(JSON.stringify(c));
    // a working line carries the words it was said in, which version 1 does not hold
    const text = { ...a, explanation: a.explanation.map(({ words: _w, ...line }) => line) };
    expect(JSON.stringify(adjudicationV1(a))).toBe(JSON.stringify(text));
  });

  it('version 2 (ClaimAdjudicated): a worded line keeps its words instead of its text, read back as the rule said it', () => {
    const c = claim({ usePersonalAccount: true, items: [item(50000), item(3000, 'C')] });
    const a = settled(c);
    const stored = adjudicationV2(a);
    expect(stored.explanation.every(isWorded)).toBe(true);
    // the rule is named once: left out where the wording's id is the rule, kept where it is not
    const [pooling] = a.explanation;
    expect(pooling.words![0]).toBe(pooling.rule);
    expect(JSON.stringify(stored.explanation[0])).toBe(JSON.stringify({ payer: pooling.payer, amountFen: pooling.amountFen, words: pooling.words }));
    const account = a.explanation.findIndex((l) => l.payer === 'personal_account');
    expect(a.explanation[account].words![0]).not.toBe(a.explanation[account].rule);
    expect(stored.explanation[account]).toEqual({ payer: 'personal_account', amountFen: a.explanation[account].amountFen, rule: 'personal_account.claim_payment', words: a.explanation[account].words });
    expect(stored.explanation.map(ruleOf)).toEqual(a.explanation.map((l) => l.rule));
    expect(JSON.stringify(stored).length).toBeLessThan(JSON.stringify(adjudicationV1(a)).length);
    expect(withLineText('nanchong', stored)).toEqual(adjudicationV1(a));
    // a line without words keeps its text, as version 1 stores it
    const unworded = { ...a, explanation: [{ payer: 'self_pay' as const, amountFen: a.totalFen, rule: 'old', citation: 'art. 1', detail: 'd' }] };
    expect(adjudicationV2(unworded).explanation).toEqual(unworded.explanation);
  });

  it('an item the catalogue classed keeps `classifiedBy`, and priorPayments keep their payers', () => {
    const { catalogClass: _class, ...unclassed } = item(50000, 'A', { code: 'UNLISTED' });
    const classed = classifyClaim({ ...claim({ priorPayments: { basic_pooling: 1000, medical_assistance: 200 } }), items: [unclassed] }, catalogueBook());
    expect(classed.items[0]).toMatchObject({ catalogClass: 'C', classifiedBy: 'catalogue' });
    expect(JSON.stringify(claimV1(classed))).toBe(JSON.stringify(classed));
  });

  it('bed days and counter limits (null: no limit) are copied as they are; no bed days stays null', () => {
    const bedDays: BedDayPayment = { bedDays: 5, perDiemFen: 20000, amountFen: 100000, illustrative: true, rule: 'shanting.bed_day', citation: '山亭 一', detail: '5 × 200 yuan' };
    expect(JSON.stringify(bedDayPaymentV1(bedDays))).toBe(JSON.stringify(bedDays));
    expect(bedDayPaymentV1(null)).toBeNull();
    expect(counterLimitsV1({ outpatient_pooling_paid: 100000, personal_burden: null })).toStrictEqual({ outpatient_pooling_paid: 100000, personal_burden: null });
  });
});

describe('what version 1 does not name stays out of the log', () => {
  it('a field the working types gained (here forced in) is not stored: it needs a version 2 first', () => {
    const c = { ...claim(), referralNumber: 'R-1' } as Claim;
    const a = { ...settled(claim()), rebateFen: 5 } as Adjudication;
    a.explanation = a.explanation.map((line) => ({ ...line, weight: 1 }));
    expect(claimV1(c)).not.toHaveProperty('referralNumber');
    expect(adjudicationV1(a)).not.toHaveProperty('rebateFen');
    expect(adjudicationV1(a).explanation.every((line) => !('weight' in line))).toBe(true);
  });
});

describe('payloadWithText: a claim as served outside the service (event views, the Kafka relay)', () => {
  const c = claim({ usePersonalAccount: true, items: [item(50000), item(3000, 'C')] });
  const a = settled(c);
  const stored = { v: 2 as const, claim: claimV1(c), regionCode: 'nanchong' as const, adjudication: adjudicationV2(a) };

  it('a version-2 claim is served with each line as its rule said it and the fields of version 1; other payloads as stored', () => {
    const served = payloadWithText('ClaimAdjudicated', stored);
    expect(served).toEqual({ ...stored, adjudication: adjudicationV1(a), bedDays: null, flags: [] });
    expect(Object.keys(served as object)).toEqual(['v', 'claim', 'regionCode', 'adjudication', 'bedDays', 'flags']);
    const v1 = { claim: claimV1(c), regionCode: 'nanchong', adjudication: adjudicationV1(a) };
    expect(payloadWithText('ClaimAdjudicated', v1)).toBe(v1);
    const other = { personId: 'p' };
    expect(payloadWithText('PatientRegistered', other)).toBe(other);
  });

  it('so is a version-2 correction (ClaimSharesAdjusted), its adjudication as it now stands', () => {
    const correction = { v: 2 as const, personId: 'P-1', claimId: c.claimId, regionCode: 'nanchong' as const, adjudication: adjudicationV2(a), reason: 'rate corrected' };
    expect(payloadWithText('ClaimSharesAdjusted', correction)).toEqual({ ...correction, adjudication: adjudicationV1(a) });
  });

  it('words of a wording this build lacks are served as stored, not refused', () => {
    const newer = { ...stored, adjudication: { ...stored.adjudication, explanation: [{ payer: 'self_pay', amountFen: 1, rule: 'r', words: ['from.a.newer.build', 1] }] } };
    expect(payloadWithText('ClaimAdjudicated', newer)).toBe(newer);
  });
});

describe('version 2 reads back as version 1 wrote it, in every region', () => {
  it.each((REGION_PACKS as readonly RegionPack[]).map((p) => [p.region, p] as const))('property (%s): stored in words and read with its text, an adjudication is the version-1 one, rule for rule', (region, pack) => {
    const claims = claimArb({ years: [2023, 2024], prior: 'sometimes', priorAssistance: !pack.computesAssistance });
    const persons = personArb(region, {});
    const params = book(...YANCHENG_2023);
    fc.assert(
      fc.property(claims, persons, (c, p) => {
        const a = settleOrRefuse(c, { ...p, regionCode: region }, pack, params);
        if (!a) return;
        const stored = JSON.parse(JSON.stringify(adjudicationV2(a)));
        expect(withLineText(region, stored)).toEqual(adjudicationV1(a));
        // shorter whenever there is a line to word (a claim of 0 fen may explain nothing)
        const [v2, v1] = [JSON.stringify(stored).length, JSON.stringify(adjudicationV1(a)).length];
        if (a.explanation.length) expect(v2).toBeLessThan(v1);
        else expect(v2).toBe(v1);
      }),
      { numRuns: 200 },
    );
  });
});
