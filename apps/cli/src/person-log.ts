/** Reading a person's stream and describing its events in words, for the audit and as-of commands. */
import { PersonEvent, payloadWithText, personStream, withLineText } from '@benefit/domain';
import { EventStore, RecordedEvent } from '@benefit/event-store';
import { Adjudication, COUNTER_KEYS } from '@benefit/policy';
import { PAYERS, maskResidentId } from '@benefit/shared';
import { isSealed } from '@benefit/vault';
import { CliError } from './cli';

const ERASED = '[identity erased]';
const SEALED = '[sealed]';
/** A resident id as printed: masked; erased (null) or still sealed said in words, an envelope never mangled. */
const shownId = (id: string | null): string => (id === null ? ERASED : isSealed(id) ? SEALED : maskResidentId(id));
import { genericFields, sharesLine, yuan } from './format';

/** Every event of `person-{id}`, oldest first; an unknown person is a usage error (exit 2). */
export async function readPerson(store: EventStore, personId: string): Promise<RecordedEvent[]> {
  const events = await store.readStream(personStream(personId));
  if (events.length === 0) {
    throw new CliError(`no person ${personId}: the stream ${personStream(personId)} has no events in this log. Check the id (ids are case-sensitive) and DATA_DIR; \`npm run cli -- status\` shows the log`);
  }
  return events;
}

/** Event types that correct earlier entries (re-settlement, back-pay): shown as corrections whatever their shape. */
export const isCorrection = (type: string): boolean => /(Adjusted|BackPaid)$/.test(type);

const known = (e: RecordedEvent) => e as unknown as PersonEvent;

/**
 * A one-line summary and indented detail lines for one event; the resident id is always masked.
 * Give it the event with its personal fields opened (openPersonalFields): a sealed value is
 * shown as such, never guessed at, and an erased identity (null) reads as erased.
 */
export function describe(event: RecordedEvent): { summary: string; details: string[] } {
  const e = known(event);
  switch (e.type) {
    case 'PatientRegistered': {
      const d = e.data;
      const who = [d.regionCode, d.scheme, d.employment, d.civilServant ? 'civil servant' : null].filter(Boolean).join(', ');
      const details = [
        `resident id ${shownId(d.idNumber)}, county ${d.countyCode}, registered on ${d.registeredOn}`,
        ...(d.monthlyContributionBaseFen !== null ? [`monthly contribution base ${yuan(d.monthlyContributionBaseFen)} yuan`] : []),
        ...(d.openingPersonalAccountFen ? [`opening personal-account balance ${yuan(d.openingPersonalAccountFen)} yuan`] : []),
        ...(d.family.length ? [`family: ${d.family.map((f) => `${f.personId} (${f.relation})`).join(', ')}`] : []),
      ];
      return { summary: `registered ${d.name === null ? ERASED : isSealed(d.name) ? SEALED : d.name} (${who})`, details };
    }
    case 'PersonIdentityErased':
      return { summary: `identity erased (name and resident id made unreadable for good): ${e.data.reason}`, details: [`erased at ${e.data.erasedAt}`] };
    case 'ReliefStatusTagged': {
      const d = e.data;
      const extra = [
        `source ${d.source}`,
        d.diagnosis ? `diagnosis ${d.diagnosis}` : null,
        d.riskLevel !== null && d.riskLevel !== undefined ? `risk level ${d.riskLevel}` : null,
        d.potentialRisk ? 'potential risk' : null,
        d.firstTreatmentDate ? `first treatment ${d.firstTreatmentDate}` : null,
      ].filter(Boolean);
      return { summary: `status ${d.status} from ${d.validFrom}${d.validTo ? ` to ${d.validTo}` : ''} (${extra.join(', ')})`, details: [] };
    }
    case 'ReliefStatusRevoked':
      return { summary: `status ${e.data.status} revoked effective ${e.data.effectiveDate} (applies to the end of that month)`, details: [] };
    case 'EmploymentChanged':
      return { summary: `employment ${e.data.employment} from ${e.data.effectiveMonth}`, details: [] };
    case 'ContributionBaseChanged':
      return { summary: `monthly contribution base ${yuan(e.data.monthlyContributionBaseFen)} yuan from ${e.data.effectiveMonth}`, details: [] };
    case 'ClaimAdjudicated': {
      const { claim: c, adjudication: a, bedDays, flags } = e.data;
      const where = [c.institutionLevel, c.designated ? 'designated' : 'non-designated', c.location, c.referral ? 'referral' : null].filter(Boolean).join(', ');
      const details = [
        `${c.visitType}${c.specialDisease ? ` (${c.specialDisease})` : ''} on ${c.serviceDate}${c.dischargeDate ? ` to ${c.dischargeDate}` : ''} at ${c.institutionId} (${where})`,
        `total ${yuan(a.totalFen)} yuan, policy scope ${yuan(a.policyScopeFen)} yuan, policy ${a.policyVersion}`,
        `shares (yuan): ${sharesLine(a.shares)}`,
        ...withLineText(e.data.regionCode, a).explanation.map((l) => `  ${l.payer} ${yuan(l.amountFen)} yuan  ${l.rule}  [${l.citation}]`),
      ];
      const moved = Object.entries(a.counterDeltas).filter(([, v]) => v);
      if (moved.length) details.push(`counters ${a.year}: ${moved.map(([k, v]) => `${k} +${yuan(v as number)}`).join(', ')}`);
      if (bedDays) details.push(`bed days: ${bedDays.detail} = ${yuan(bedDays.amountFen)} yuan [${bedDays.citation}]`);
      for (const f of flags ?? []) details.push(`flag ${f.code}: ${f.detail} [${f.citation}]`);
      return { summary: `claim ${c.claimId}: total ${yuan(a.totalFen)} yuan`, details };
    }
    case 'PersonalAccountCredited': {
      const d = e.data;
      return {
        summary: `personal account credited ${yuan(d.amountFen)} yuan for ${d.month}`,
        details: [`${d.employment}: ${yuan(d.basisFen)} yuan × ${d.rateBp / 100}%  ${d.rule}  [${d.citation}]  ${d.policyVersion}`],
      };
    }
    case 'PersonalAccountPaid': {
      const d = e.data;
      return {
        summary: `personal account paid ${yuan(d.amountFen)} yuan (${d.purpose}) for ${d.relation === 'self' ? 'the holder' : `${d.beneficiaryPersonId} (${d.relation})`}`,
        details: [`paid on ${d.paidOn}, reference ${d.reference}`],
      };
    }
    case 'WarningRaised': {
      const d = e.data;
      return {
        summary: `warning ${d.kind} for ${d.year}: personal burden ${yuan(d.burdenFen)} yuan reached ${yuan(d.thresholdFen)} yuan`,
        details: [`raised on ${d.raisedOn} by claim ${d.claimId}  ${d.rule}  [${d.citation}]`],
      };
    }
    case 'GuardianshipRewardAccrued': {
      const d = e.data;
      return { summary: `guardianship reward accrued ${yuan(d.amountFen)} yuan for ${d.month} (payer ${d.payer})`, details: [`${d.detail}  ${d.rule}  [${d.citation}]`] };
    }
    case 'PovertyPremiumAccrued': {
      const d = e.data;
      return {
        summary: `poverty-insurance premium for ${d.year} accrued ${yuan(d.amountFen)} yuan in ${d.month}`,
        details: [`city finance ${yuan(d.cityFen)} yuan, town finance ${yuan(d.townFen)} yuan  [${d.citation}]`],
      };
    }
    default:
      return generic(event);
  }
}

const MONEY_KEYS = new Set<string>([...PAYERS, ...COUNTER_KEYS]);
/** A map of payers or counters to fen, such as a correction's `deltas`. */
const isFenMap = (v: unknown): v is Record<string, number> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.entries(v).every(([k, x]) => MONEY_KEYS.has(k) && Number.isInteger(x));
const isAdjudication = (v: unknown): v is Adjudication =>
  v !== null && typeof v === 'object' && 'shares' in v && 'explanation' in v && Array.isArray((v as Adjudication).explanation);
const signed = (fen: number) => (fen > 0 ? `+${yuan(fen)}` : yuan(fen));

/**
 * Events this tool has no layout for (corrections such as ClaimSharesAdjusted or
 * PersonalAccountBackPaid, or types added later), described by their shape: scalar fields with
 * `…Fen` amounts in yuan, maps of payers or counters to fen as signed amounts, and an embedded
 * adjudication as its shares and explanation lines.
 */
export function generic(event: RecordedEvent): { summary: string; details: string[] } {
  // a correction stored in words is shown with its lines' text
  const data = payloadWithText(event.type, event.data);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { summary: JSON.stringify(data), details: [] };
  const scalars: Record<string, unknown> = {};
  const details: string[] = [];
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (key === 'idNumber' && (typeof value === 'string' || value === null)) scalars[key] = shownId(value);
    else if (isFenMap(value)) {
      const moves = Object.entries(value).filter(([, fen]) => fen !== 0);
      details.push(`${key} (yuan): ${moves.length ? moves.map(([k, fen]) => `${k} ${signed(fen)}`).join(', ') : 'none'}`);
    } else if (isAdjudication(value)) {
      details.push(`${key}: total ${yuan(value.totalFen)} yuan, policy scope ${yuan(value.policyScopeFen)} yuan, policy ${value.policyVersion}`);
      details.push(`  shares (yuan): ${sharesLine(value.shares)}`);
      for (const l of value.explanation) details.push(`  ${l.payer} ${yuan(l.amountFen)} yuan  ${l.rule}  [${l.citation}]`);
    } else scalars[key] = value;
  }
  const text = genericFields(scalars);
  return { summary: isCorrection(event.type) ? `correction: ${text}` : text, details };
}

