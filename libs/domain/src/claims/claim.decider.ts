/** Claims: one decision settles a claim across every payer (一单制) and moves the person's counters. */
import { IsoDate, conflict, invalid, refused } from '@benefit/shared';
import { CatalogueBook, Claim, ParameterBook, SubmittedClaim, catalogueBook, classifyClaim, claimBoundsProblems, packFor, settleClaim, withCatalogueNotes } from '@benefit/policy';
import { ClaimAdjudicated, PersonEvent, WarningRaised } from '../person/person.events';
import { PersonState, beneficiaryForClaim } from '../person/person.state';
import { requireRegistered } from '../person/enrollment.decider';
import { adjudicationV2, bedDayPaymentV1, claimV1 } from '../events/to-policy-v1';

/** Items may leave `catalogClass` to the catalogue (classified in decideClaim, on the service date). */
export type SubmitClaim = { type: 'SubmitClaim'; data: SubmittedClaim };

export interface ClaimContext {
  params: ParameterBook;
  today: IsoDate;
  /** When the claim reached the service (ISO instant): the filing time with the insurer. */
  now?: string;
  /** The catalogue (医保目录) as recorded; none: every item without a class is class C. */
  catalogue?: CatalogueBook;
}

export function decideClaim(cmd: SubmitClaim, state: PersonState, ctx: ClaimContext): PersonEvent[] {
  const catalogue = ctx.catalogue ?? catalogueBook();
  const claim = classifyClaim(cmd.data, catalogue);
  const reg = requireRegistered(state, claim.personId);
  // 撤销结算: a cancelled claim id stays taken; the corrected bill is a new claim. The records are
  // searched only for a recorded id: a new claim reads none of them (snapshots parse them lazily)
  if (state.claimIds.has(claim.claimId) && state.claims.some((c) => c.claim.claimId === claim.claimId && c.cancellation)) {
    throw conflict('claim-cancelled', `claim ${claim.claimId} was cancelled; submit the corrected bill under a new claimId`);
  }
  if (state.claimIds.has(claim.claimId)) return []; // already adjudicated: a retry returns the recorded result
  const bounds = claimBoundsProblems(claim);
  if (bounds.length) throw invalid(bounds);
  if (claim.serviceDate < reg.registeredOn) {
    throw refused('not-insured', `the person is registered from ${reg.registeredOn}; the service date ${claim.serviceDate} is before it`, 'serviceDate');
  }
  const pack = packFor(reg.regionCode);
  const person = beneficiaryForClaim(state, claim);
  const adjudication = withCatalogueNotes(settleClaim(claim, person, pack, ctx.params), claim, catalogue);
  const adjudicated: ClaimAdjudicated = {
    type: 'ClaimAdjudicated',
    data: {
      v: 2,
      // stored in their schemas (../events): the policy's working types may move on
      claim: claimV1(claim),
      regionCode: reg.regionCode,
      adjudication: adjudicationV2(adjudication),
    },
  };
  // version 2 leaves out what a claim has not: most have no bed days and no flag
  const bedDays = bedDayPaymentV1(pack.bedDayPayment?.(claim, person, ctx.params) ?? null);
  if (bedDays) adjudicated.data.bedDays = bedDays;
  // checks of the region that leave the shares as they are (e.g. 靖政办发〔2018〕107号 二十二: a late filing)
  const flags = pack.claimFlags?.({ claim, filedAt: ctx.now, params: ctx.params }) ?? [];
  if (flags.length) adjudicated.data.flags = flags;
  return [adjudicated, ...warningsFor(state, claim, person, adjudication, ctx)];
}

/** 盐政办发〔2022〕73号 九: each warning once per person, kind and year. */
function warningsFor(state: PersonState, claim: Claim, person: ReturnType<typeof beneficiaryForClaim>, a: ClaimAdjudicated['data']['adjudication'], ctx: ClaimContext): WarningRaised[] {
  const pack = packFor(person.regionCode);
  if (!pack.warnings) return [];
  const before = person.countersUsed.personal_burden ?? 0;
  const due = pack.warnings({ person, date: claim.serviceDate, burdenBeforeFen: before, burdenAfterFen: before + (a.counterDeltas.personal_burden ?? 0), params: ctx.params });
  return due
    .filter((w) => !state.warnings.has(`${w.kind}:${w.year}`))
    .map((w) => ({
      type: 'WarningRaised' as const,
      data: { personId: claim.personId, kind: w.kind, year: w.year, raisedOn: ctx.today, claimId: claim.claimId, thresholdFen: w.thresholdFen, burdenFen: w.burdenFen, rule: w.rule, citation: w.citation },
    }));
}
