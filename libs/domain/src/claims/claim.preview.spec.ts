/** Pre-settlement (预结算, API.md "Claim lifecycle"): SubmitClaim's decision, taken and not recorded. */
import { parameterBook } from '@benefit/policy';
import { ClaimAdjudicated, PersonEvent } from '../person/person.events';
import { personFold } from '../person/person.fold';
import { deciderSpec } from '../testing/decider-spec';
import { claim, item, registered } from '../testing/fixtures';
import { ClaimContext, SubmitClaim, decideClaim } from './claim.decider';
import { previewClaim } from './claim.preview';

const ctx: ClaimContext = { params: parameterBook(), today: '2026-11-22' };
const preview = deciderSpec(personFold, (cmd: SubmitClaim, s) => previewClaim(cmd, s, ctx));
const submit = deciderSpec(personFold, (cmd: SubmitClaim, s) => decideClaim(cmd, s, ctx));
const cmd = (over: Parameters<typeof claim>[0] = {}): SubmitClaim => ({ type: 'SubmitClaim', data: claim(over) });
const sharesOf = (events: PersonEvent[]) => (events.find((e) => e.type === 'ClaimAdjudicated') as ClaimAdjudicated).data.adjudication.shares;

describe('pre-settlement gives exactly what submitting now would record (南府办发〔2022〕33号 art. 7(1) as the worked example)', () => {
  it('first claim of the year at tier 2, 500 yuan: (500 − 200) × 60% = 180 yuan from pooling, as SubmitClaim decides it', () => {
    const history = [registered()];
    const tier2 = cmd({ institutionLevel: 'tier2', items: [item(50000)] });
    const submitted = submit.given(history).when(tier2).then(() => undefined);
    const previewed = preview.given(history).when(tier2).then(submitted);
    expect(sharesOf(previewed).basic_pooling).toBe(18000);
    expect(sharesOf(previewed).self_pay).toBe(32000);
  });

  it('reads the counters as recorded: after a 150-yuan claim, only 50 yuan of deductible is left → (100 − 50) × 60% = 30 yuan', () => {
    const history = [registered()];
    const [first] = submit.given(history).when(cmd({ claimId: 'C-1', items: [item(15000)] })).then(() => undefined);
    const previewed = preview.given([...history, first]).when(cmd({ claimId: 'C-2', items: [item(10000)], serviceDate: '2023-04-01' })).then(() => undefined);
    expect(sharesOf(previewed).basic_pooling).toBe(3000);
  });

  it('a claim id already settled → conflict: submitting it would return the recorded result, not a new settlement', () => {
    const history = [registered()];
    const recorded = submit.given(history).when(cmd({ claimId: 'C-1' })).then(() => undefined);
    preview.given([...history, ...recorded]).when(cmd({ claimId: 'C-1' })).thenRefused('conflict', 'claim-already-recorded');
  });

  it('refuses what SubmitClaim refuses: an unknown person → not found, a service date before registration → not insured', () => {
    preview.given([]).when(cmd()).thenRefused('not_found');
    preview.given([registered({ registeredOn: '2023-06-01' })]).when(cmd({ serviceDate: '2023-03-05' })).thenRefused('refused', 'not-insured');
  });
});
