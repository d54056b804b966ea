/** The read models every deployment keeps (DOMAIN.md "Projections every deployment keeps"). */
import { PAYERS, lastDayOf, maskResidentId, monthOf } from '@benefit/shared';
import { isSealed } from '@benefit/vault';
import type { Adjudication } from '@benefit/policy';
import type {
  ClaimAdjudicated,
  ClaimCancelled,
  ClaimSharesAdjusted,
  GuardianshipRewardAccrued,
  PatientRegistered,
  PersonEvent,
  PersonalAccountBackPaid,
  PersonalAccountCredited,
  PersonalAccountPaid,
  PovertyPremiumAccrued,
  WarningRaised,
} from '@benefit/domain';
import { Projection, Recorded, defineProjection } from './projection';
import { accessLogProjection } from './access-log';
import { reconciliationProjection } from './reconciliation';
import { ClaimEvent, ledgerProjection } from './ledger-projection';
import { ClaimCancellation, ClaimCorrection, ClaimDoc, PersonDoc, ReadModelTx } from './read-model';
import { claimCancelledOf, withLineText } from '@benefit/domain';

/** The person an event of a person stream is about: named in its data, else (a claim) the stream's. */
const personIdOf = (e: Recorded<PersonEvent>) => ('personId' in e.data ? e.data.personId : e.streamId.slice('person-'.length));


function upsertTimeline<T extends { from: string }>(list: T[], entry: T): T[] {
  return [...list.filter((e) => e.from !== entry.from), entry].sort((a, b) => (a.from < b.from ? -1 : 1));
}

/**
 * A resident id as the read model keeps it: sealed, copied as it is (a projection holds no key, so
 * a replay after an erasure copies only what can no longer be opened); in clear only in events
 * recorded before encryption, and then masked as before.
 */
const storedIdNumber = (value: string) => (isSealed(value) ? value : maskResidentId(value));

/** Person view: registration, current statuses, version (the person stream's revision). */
export const personsProjection = defineProjection<Exclude<PersonEvent, ClaimCancelled>>({
  name: 'persons',
  tables: ['persons'],
  // every event of a person's stream moves its version, except a cancellation (kept as it always was)
  handles: [
    'PatientRegistered', 'ReliefStatusTagged', 'ReliefStatusRevoked', 'OutOfAreaFilingRecorded', 'EmploymentChanged', 'ContributionBaseChanged',
    'ClaimAdjudicated', 'PersonalAccountCredited', 'PersonalAccountPaid', 'WarningRaised', 'GuardianshipRewardAccrued', 'PovertyPremiumAccrued',
    'ClaimSharesAdjusted', 'PersonalAccountBackPaid', 'PersonIdentityErased',
  ],
  async apply(e, tx) {
    if (e.type === 'PatientRegistered') {
      const d = e.data;
      const from = monthOf(d.registeredOn);
      const doc: PersonDoc = {
        personId: d.personId,
        name: d.name,
        idNumber: storedIdNumber(d.idNumber),
        regionCode: d.regionCode,
        scheme: d.scheme,
        employmentHistory: d.employment ? [{ from, employment: d.employment }] : [],
        contributionBaseHistory: d.monthlyContributionBaseFen !== null ? [{ from, monthlyContributionBaseFen: d.monthlyContributionBaseFen }] : [],
        civilServant: d.civilServant,
        countyCode: d.countyCode,
        family: d.family,
        registeredOn: d.registeredOn,
        statuses: [],
      };
      return tx.putPerson(doc, e.revision);
    }
    const id = personIdOf(e);
    if (
      e.type !== 'ReliefStatusTagged' &&
      e.type !== 'ReliefStatusRevoked' &&
      e.type !== 'OutOfAreaFilingRecorded' &&
      e.type !== 'EmploymentChanged' &&
      e.type !== 'ContributionBaseChanged' &&
      e.type !== 'PersonIdentityErased'
    ) {
      return tx.setPersonVersion(id, e.revision);
    }
    const doc = await tx.getPerson(id);
    if (!doc) return;
    switch (e.type) {
      case 'ReliefStatusTagged': {
        const { personId: _p, ...s } = e.data;
        // 盐政办发〔2022〕73号 八: a status lapsing at its validTo applies to the end of that month
        doc.statuses.push({ ...s, revokedOn: null, appliesThrough: s.validTo === null ? null : lastDayOf(monthOf(s.validTo)) });
        break;
      }
      case 'ReliefStatusRevoked': {
        const s = doc.statuses.find((x) => x.status === e.data.status && x.revokedOn === null);
        if (s) {
          s.revokedOn = e.data.effectiveDate;
          s.appliesThrough = lastDayOf(monthOf(e.data.effectiveDate));
        }
        break;
      }
      case 'OutOfAreaFilingRecorded': {
        // 异地备案 (南府办发〔2022〕33号 art. 26), shown on the person view
        const { personId: _p, ...filing } = e.data;
        doc.outOfAreaFilings = [...(doc.outOfAreaFilings ?? []), filing];
        break;
      }
      case 'EmploymentChanged':
        doc.employmentHistory = upsertTimeline(doc.employmentHistory, { from: e.data.effectiveMonth, employment: e.data.employment });
        break;
      case 'ContributionBaseChanged':
        doc.contributionBaseHistory = upsertTimeline(doc.contributionBaseHistory, {
          from: e.data.effectiveMonth,
          monthlyContributionBaseFen: e.data.monthlyContributionBaseFen,
        });
        break;
      case 'PersonIdentityErased':
        // nothing of the identity stays, not even ciphertext that no key opens any more
        doc.name = null;
        doc.idNumber = null;
        doc.identityErasedAt ??= e.data.erasedAt;
        break;
    }
    return tx.putPerson(doc, e.revision);
  },
});

/** Claim view: shares and explanation as adjudicated (kept as recorded, shaped when read). */
export const claimsProjection = defineProjection<ClaimEvent>({
  name: 'claims',
  tables: ['claims'],
  handles: ['ClaimAdjudicated', 'ClaimSharesAdjusted', 'ClaimCancelled'],
  async apply(event, tx) {
    if (event.type === 'ClaimCancelled') {
      const d = claimCancelledOf(event.data);
      return tx.cancelClaim(d.claimId, { reason: d.reason, cancelledOn: d.cancelledOn, reversedShares: d.reversedShares });
    }
    if (event.type === 'ClaimSharesAdjusted') {
      const d = event.data;
      return tx.adjustClaim(d.claimId, d.adjudication, { position: event.position, recordedAt: event.metadata.recordedAt, appliedMonth: d.appliedMonth, deltas: d.deltas, reason: d.reason });
    }
    const { claim, regionCode } = event.data;
    const json = event.dataJson ?? JSON.stringify(event.data);
    await tx.putClaim({ claimId: claim.claimId, personId: claim.personId, regionCode, position: event.position, recordedAt: event.metadata.recordedAt }, json);
  },
});

/** The ClaimView of API.md from the recorded adjudication and the corrections since, if any. */
export function claimDocOf(
  data: ClaimAdjudicated['data'],
  position: number,
  recordedAt: string,
  adjusted?: { adjudication?: Adjudication; corrections?: ClaimCorrection[]; cancellation?: ClaimCancellation },
): ClaimDoc {
  const { claim, regionCode } = data;
  const a = adjusted?.adjudication ?? data.adjudication;
  const cancellation = adjusted?.cancellation;
  const doc: ClaimDoc = {
    claimId: claim.claimId,
    personId: claim.personId,
    regionCode,
    institutionId: claim.institutionId,
    serviceDate: claim.serviceDate,
    visitType: claim.visitType,
    status: cancellation ? 'cancelled' : 'adjudicated',
    policyVersion: a.policyVersion,
    totalFen: a.totalFen,
    policyScopeFen: a.policyScopeFen,
    shares: a.shares,
    // a line held in words is read with the text its rule said (compact events, issue 13.1)
    explanation: withLineText(regionCode, a).explanation,
    bedDays: data.bedDays ?? null,
    flags: data.flags ?? [],
    corrections: adjusted?.corrections ?? [],
    position,
    recordedAt,
  };
  // 撤销结算: every share 0, what was given back beside it; the explanation stays as decided
  if (cancellation) return { ...doc, shares: Object.fromEntries(PAYERS.map((p) => [p, 0])) as ClaimDoc['shares'], cancellation };
  return doc;
}

/** Per person and year: every counter, with its limit. */
export const countersProjection = defineProjection<ClaimEvent>({
  name: 'counters',
  tables: ['counters'],
  handles: ['ClaimAdjudicated', 'ClaimSharesAdjusted', 'ClaimCancelled'],
  async apply(event, tx) {
    if (event.type === 'ClaimCancelled') {
      // 撤销结算: every counter the claim moved is given back
      const d = claimCancelledOf(event.data);
      for (const [key, delta] of Object.entries(d.counterDeltas)) await tx.addCounter(d.personId, d.year, key, delta as number, (d.counterLimits as Record<string, number | null>)[key] ?? null);
      return;
    }
    if (event.type === 'ClaimSharesAdjusted') {
      const d = event.data;
      for (const [key, delta] of Object.entries(d.counterDeltas)) {
        await tx.addCounter(d.personId, d.year, key, delta as number, (d.adjudication.counterLimits as Record<string, number | null>)[key] ?? null);
      }
      return;
    }
    const { claim, adjudication: a } = event.data;
    const keys = new Set([...Object.keys(a.counterDeltas), ...Object.keys(a.counterLimits)]);
    for (const key of keys) {
      const delta = (a.counterDeltas as Record<string, number>)[key] ?? 0;
      const limit = (a.counterLimits as Record<string, number | null>)[key] ?? null;
      await tx.addCounter(claim.personId, a.year, key, delta, limit);
    }
  },
});

/** Per person: personal-account balance and entries. */
export const accountsProjection = defineProjection<PatientRegistered | PersonalAccountCredited | PersonalAccountPaid | PersonalAccountBackPaid | ClaimEvent>({
  name: 'accounts',
  tables: ['account_entries', 'account_balances'],
  handles: ['PatientRegistered', 'ClaimAdjudicated', 'PersonalAccountCredited', 'PersonalAccountPaid', 'ClaimSharesAdjusted', 'PersonalAccountBackPaid', 'ClaimCancelled'],
  async apply(e, tx) {
    const base = { personId: personIdOf(e), position: e.position };
    switch (e.type) {
      case 'ClaimCancelled': {
      // 退费: what the account paid comes back as its own entry, dated by the cancellation
        const d = claimCancelledOf(e.data);
        if (d.personalAccountRefundFen === 0) return;
        return tx.addAccountEntry({ personId: d.personId, position: e.position, month: monthOf(d.cancelledOn), kind: 'claim_refund', amountFen: d.personalAccountRefundFen, reference: d.claimId });
      }
      case 'PatientRegistered':
        if (e.data.openingPersonalAccountFen === 0) return;
        // art. 17: a balance from before 2023 is carried in
        return tx.addAccountEntry({ ...base, month: monthOf(e.data.registeredOn), kind: 'opening', amountFen: e.data.openingPersonalAccountFen, reference: null });
      case 'ClaimAdjudicated': {
        const paid = e.data.adjudication.shares.personal_account;
        if (paid === 0) return;
        return tx.addAccountEntry({ ...base, month: monthOf(e.data.claim.serviceDate), kind: 'claim_payment', amountFen: -paid, reference: e.data.claim.claimId });
      }
      case 'PersonalAccountCredited':
        return tx.addAccountEntry({ ...base, month: e.data.month, kind: 'monthly_credit', amountFen: e.data.amountFen, reference: e.data.rule });
      case 'PersonalAccountBackPaid':
        // 补划差额: a new entry for the month it makes good, never a rewrite of the credit
        return tx.addAccountEntry({ ...base, month: e.data.month, kind: 'back_pay', amountFen: e.data.amountFen, reference: e.data.reason });
      case 'ClaimSharesAdjusted': {
        const paid = e.data.deltas.personal_account ?? 0;
        if (paid === 0) return;
        return tx.addAccountEntry({ ...base, month: e.data.appliedMonth, kind: 'claim_payment', amountFen: -paid, reference: e.data.claimId });
      }
      case 'PersonalAccountPaid': {
        const d = e.data;
        return tx.addAccountEntry({
          ...base,
          month: monthOf(d.paidOn),
          kind: d.relation === 'self' ? 'claim_payment' : 'family_payment',
          amountFen: -d.amountFen,
          reference: d.reference,
        });
      }
    }
  },
});

/** Per person: the monitoring warnings raised (盐政办发〔2022〕73号 九). */
export const warningsProjection = defineProjection<WarningRaised>({
  name: 'warnings',
  tables: ['warnings'],
  handles: ['WarningRaised'],
  async apply(event, tx) {
    const d = event.data;
    await tx.addWarning({ personId: d.personId, kind: d.kind, year: d.year, raisedOn: d.raisedOn, claimId: d.claimId, thresholdFen: d.thresholdFen, burdenFen: d.burdenFen, citation: d.citation });
  },
});

export const ALL_PROJECTIONS: Projection[] = [personsProjection, claimsProjection, countersProjection, accountsProjection, ledgerProjection, warningsProjection, accessLogProjection, reconciliationProjection];

export type { PersonalAccountCredited };
export { ledgerProjection };
