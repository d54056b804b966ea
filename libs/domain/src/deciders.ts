/**
 * Deciders as typed objects (after Emmett's `Decider`): what a command decides, the fold it
 * decides on and the stream it lives in, named, so that a reader or a tool can follow a command
 * from its handler to its rules (issue 12). The runner takes one with a command and a context:
 * `runner.handle(claimDecider, cmd, ctx, meta)` instead of a closure over `decideClaim`.
 *
 * The decide functions themselves stay where their rules are documented; these objects only
 * name them together with the fold of their stream.
 */
import { IsoDate, Month, monthOf } from '@benefit/shared';
import { CatalogueBook, ParameterBook, statusWindow } from '@benefit/policy';
import { Decider } from './decider';

export type { Decider };
import { PersonEvent, personStream } from './person/person.events';
import { PersonState } from './person/person.state';
import { personFold } from './person/person.fold';
import { EnrollmentCommand, EraseIdentity, TagReliefStatus, decideEnrollment, decideErasure } from './person/enrollment.decider';
import { ClaimContext, SubmitClaim, decideClaim } from './claims/claim.decider';
import { CancelClaim, decideCancellation } from './claims/claim-cancellation.decider';
import { CreditMonth, PayFromAccount, PaymentFacts, decideCredit, decidePayment } from './accounts/account.decider';
import { CloseMonth, decideMonthEnd } from './settlement/month-end.decider';
import { RegionSettlementState, SettleMonth, SettlementEvent, decideSettlement, settlementFold, settlementStream } from './settlement/settlement.decider';
import { Readjudicate, decideReadjudication } from './readjudication/resettle';


/** The one fold of a person's stream (personFold), deciding on the person's own id. */
const onPerson = <C extends { data: { personId: string } }, Ctx>(decide: (command: C, state: PersonState, context: Ctx) => PersonEvent[]): Decider<C, PersonState, PersonEvent, Ctx> => ({
  ...personFold,
  streamOf: (command) => personStream(command.data.personId),
  decide,
});

/** 一单制: one decision settles a claim across every payer (claim.decider.ts). */
export const claimDecider = onPerson<SubmitClaim, ClaimContext>(decideClaim);

/** 撤销结算 (claim-cancellation.decider.ts). */
export const cancellationDecider = onPerson<CancelClaim, void>((command, state) => decideCancellation(command, state));

/** Registration and what changes entitlements (enrollment.decider.ts). */
export const enrollmentDecider = onPerson<EnrollmentCommand, void>((command, state) => decideEnrollment(command, state));

/** Crypto-shredding of a person's identity, recorded once (enrollment.decider.ts). */
export const erasureDecider = onPerson<EraseIdentity, void>((command, state) => decideErasure(command, state));

/** 按月计入: the month's personal-account credit (南府办发〔2022〕33号 art. 13). */
export const creditDecider = onPerson<CreditMonth, ParameterBook>(decideCredit);

/** A payment from the personal account (南府办发〔2022〕33号 art. 18–20); the facts come from the beneficiary's stream. */
export const paymentDecider = onPerson<PayFromAccount, PaymentFacts>(decidePayment);

/** What a month's settlement records for one person: credit, reward, premium (month-end.decider.ts). */
export const monthEndDecider = onPerson<CloseMonth, ParameterBook>(decideMonthEnd);

export interface ReadjudicationContext {
  params: ParameterBook;
  /** Items the catalogue classed are classed again from it; none: every item keeps its class. */
  catalogue?: CatalogueBook;
}

/** Corrective entries for a person's history settled again (resettle.ts). */
export const readjudicationDecider = onPerson<Readjudicate, ReadjudicationContext>((command, state, { params, catalogue }) => decideReadjudication(command, state, params, catalogue));

/** A region's monthly close, once per region and month (settlement.decider.ts). */
export const settlementDecider: Decider<SettleMonth, RegionSettlementState, SettlementEvent> = {
  ...settlementFold,
  streamOf: (command) => settlementStream(command.data.regionCode),
  decide: (command, state) => decideSettlement(command, state),
};

export interface LookBackContext {
  /** The book the claims since the first treatment are settled again with (each as known when it was decided). */
  params: ParameterBook;
  /** The region's settled months: each correction is booked where the ledger books it (ledgerMonthFor). */
  settledMonths: readonly Month[];
  /** Today in China: the re-settlement runs through this month at the latest. */
  today: IsoDate;
}

/**
 * 盐政办发〔2022〕73号 八: a temporary-relief status applies back to the first treatment (at most
 * 2 years): the status is tagged and the claims since then are settled again, in one decision,
 * so that the corrections land in the same atomic append and a refused re-settlement records no
 * status either. Claims keep the parameters each was decided with: only the status changes
 * anything (`statusOnly`).
 */
export function decideStatusWithLookBack(command: TagReliefStatus, state: PersonState, ctx: LookBackContext): PersonEvent[] {
  const tagged = decideEnrollment(command, state);
  if (tagged.length === 0) return tagged;
  const after = tagged.reduce(personFold.evolve, state);
  const window = statusWindow(command.data);
  const thisMonth = monthOf(ctx.today);
  const period = { fromMonth: monthOf(window.from), toMonth: window.through && monthOf(window.through) < thisMonth ? monthOf(window.through) : thisMonth };
  const reason = `${command.data.status} from ${command.data.validFrom}, first treatment ${command.data.firstTreatmentDate ?? 'not recorded'}`;
  const readjudicate: Readjudicate = { type: 'Readjudicate', data: { personId: command.data.personId, period, settledMonths: ctx.settledMonths, reason, statusOnly: true } };
  return [...tagged, ...decideReadjudication(readjudicate, after, ctx.params)];
}

export const statusWithLookBackDecider = onPerson<TagReliefStatus, LookBackContext>(decideStatusWithLookBack);
