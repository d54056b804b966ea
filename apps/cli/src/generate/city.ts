/**
 * The plan of a synthetic city: who registers when, their relief statuses and changes, their
 * claims and account payments, and the month-ends — as a list of timed actions, decided by the
 * seed alone (nothing here reads the clock or the store). `generate` runs the plan through the
 * real deciders.
 *
 * The simulated period is 2023-01-01 to 2024-12-31, inside every pack's validity (Nanchong
 * 2023–2027, Yancheng from 2023, Jingjiang from 2019, Shanting from 2018).
 */
import { EnrollmentCommand, PatientRegistered, PayFromAccount, ReliefStatusTagged } from '@benefit/domain';
import { Claim, ClaimItem, PriorPayments, SYNTHETIC_REGIONS, StatusKit, VisitKit, VisitPlan } from '@benefit/policy';
import { DIAGNOSES, Employment, IsoDate, Location, Month, RegionCode, ReliefStatus, Relation, StatusSource, VisitType, addMonths, checkCharacter, monthOf } from '@benefit/shared';
import {
  CHRONIC_ITEMS,
  CLASS_C_ITEMS,
  EXCLUDED_ITEMS,
  GIVEN_NAMES,
  INPATIENT_CLASS_C_ITEMS,
  INPATIENT_ITEMS,
  ItemDef,
  OUTPATIENT_ITEMS,
  PSYCHIATRIC_ITEMS,
  SPECIAL_DISEASE_ITEMS,
  SURNAMES,
  TWO_DISEASES_ITEMS,
  institutionsOf,
  profileOf,
} from './catalog';
import { Random } from './random';

export const FIRST_DAY = '2023-01-01';
export const LAST_DAY = '2024-12-31';
export const YEARS = [2023, 2024];
export const MONTHS: Month[] = Array.from({ length: 24 }, (_, i) => addMonths('2023-01', i));

export type Action =
  | { kind: 'parameters'; at: number; year: number }
  | { kind: 'register'; at: number; data: PatientRegistered['data'] }
  | { kind: 'enrollment'; at: number; command: Exclude<EnrollmentCommand, { type: 'RegisterPatient' }> }
  | { kind: 'payment'; at: number; data: PayFromAccount['data'] }
  | { kind: 'claim'; at: number; claim: Claim; filedAt: string }
  | { kind: 'month-end'; at: number; month: Month };

/** Same instant: parameters first, then registrations, changes, payments, claims, month-ends. */
const KIND_ORDER: Record<Action['kind'], number> = { parameters: 0, register: 1, enrollment: 2, payment: 3, claim: 4, 'month-end': 5 };

export interface PlannedPerson {
  personId: string;
  region: RegionCode;
  scheme: 'employee' | 'resident';
  registeredOn: IsoDate;
  /** The instant of the registration (statuses follow within hours). */
  registeredAt: number;
  statuses: ReliefStatus[];
  family: { personId: string; relation: Relation }[];
}

export interface CityPlan {
  seed: string;
  persons: PlannedPerson[];
  actions: Action[];
  claims: number;
}

const DAY_MS = 86_400_000;
const dayNumber = (date: IsoDate) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOfDay = (day: number): IsoDate => new Date(day * DAY_MS).toISOString().slice(0, 10);
const addDays = (date: IsoDate, days: number) => dateOfDay(dayNumber(date) + days);
/** An instant on a China-time calendar day, `minutes` after midnight (UTC+8). */
export const chinaInstant = (date: IsoDate, minutes: number): number => Date.parse(`${date}T00:00:00+08:00`) + minutes * 60_000;

/** Ids are the seed's tag plus a sequence: two seeds can share a DATA_DIR without clashing. */
export const seedTag = (seed: string) => `s${seed.replace(/[^A-Za-z0-9]/g, '').slice(0, 16) || '0'}`;

const STATUS_SOURCE: Partial<Record<ReliefStatus, StatusSource>> = {
  severe_mental_disorder: 'health_commission',
  certified_mental_disability: 'disability_federation',
  severe_disability_subsidy: 'disability_federation',
  union_hardship_worker: 'union',
  entitled_veteran: 'veterans',
  registered_poor_household: 'poverty_office',
};

export function planCity(opts: { persons: number; claims: number; seed: string }): CityPlan {
  const rng = new Random(opts.seed);
  const tag = seedTag(opts.seed);
  const actions: Action[] = [];
  const persons: PlannedPerson[] = [];
  const usedIds = new Set<string>();
  const statusCursor: Partial<Record<RegionCode, number>> = {};
  let paymentSeq = 0;

  // parameters for each year, recorded a little before the year starts
  for (const year of YEARS) actions.push({ kind: 'parameters', at: chinaInstant(`${year - 1}-12-20`, 600), year });

  for (let i = 0; i < opts.persons; i++) {
    const { region, profile } = SYNTHETIC_REGIONS[i % SYNTHETIC_REGIONS.length];
    const personId = `${profile.idPrefix}-${tag}-${String(i + 1).padStart(5, '0')}`;
    const registeredOn = rng.chance(0.7) ? FIRST_DAY : dateOfDay(rng.int(dayNumber(FIRST_DAY), dayNumber('2024-06-30')));
    const regAt = chinaInstant(registeredOn, rng.int(8 * 60, 11 * 60));
    const scheme = rng.chance(profile.employeeShare) ? 'employee' : 'resident';
    const employee = scheme === 'employee';
    const employment: Employment | null = employee ? (profile.retiredShare !== undefined && rng.chance(profile.retiredShare) ? 'retired' : 'in_service') : null;
    const birthFrom = employment === 'retired' ? dayNumber('1940-01-01') : employee ? dayNumber('1965-01-01') : dayNumber('1940-01-01');
    const birthTo = employment === 'retired' ? dayNumber('1963-12-31') : employee ? dayNumber('2000-12-31') : dayNumber('2012-12-31');
    let idNumber = '';
    for (let seq = i % 1000; ; seq = (seq + 1) % 1000) {
      const first17 = `${profile.countyCode}${dateOfDay(rng.int(birthFrom, birthTo)).replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
      idNumber = first17 + checkCharacter(first17);
      if (!usedIds.has(idNumber)) break;
    }
    usedIds.add(idNumber);

    // family (e.g. 南府办发〔2022〕33号 art. 18): an employee may list an earlier person of the region
    const family: PlannedPerson['family'] = [];
    const kin = persons.filter((p) => p.region === region && p.personId !== personId);
    if (profile.familyShare !== undefined && employee && kin.length && rng.chance(profile.familyShare)) family.push({ personId: rng.pick(kin).personId, relation: rng.pick(['spouse', 'parent', 'child'] as const) });

    const baseFen = employment === 'in_service' ? rng.int(3_000, 12_000) * 100 : null;
    const data: PatientRegistered['data'] = {
      personId,
      name: `${rng.pick(SURNAMES)}${rng.pick(GIVEN_NAMES)}`,
      idNumber,
      regionCode: region,
      scheme,
      employment,
      monthlyContributionBaseFen: baseFen,
      civilServant: employee && rng.chance(0.1),
      countyCode: profile.countyCode,
      family,
      openingPersonalAccountFen: employee && rng.chance(profile.openingBalanceShare) ? rng.int(0, 5_000) * 100 : 0,
      registeredOn,
    };
    actions.push({ kind: 'register', at: regAt, data });
    const person: PlannedPerson = { personId, region, scheme, registeredOn, registeredAt: regAt, statuses: [], family };
    persons.push(person);

    // relief statuses, tagged on the day of registration
    const tagStatus = (status: ReliefStatus, extra: Partial<ReliefStatusTagged['data']> = {}, validFrom = registeredOn, at = regAt + 3_600_000) => {
      person.statuses.push(status);
      actions.push({
        kind: 'enrollment',
        at,
        command: {
          type: 'TagReliefStatus',
          data: {
            personId,
            status,
            validFrom,
            validTo: null,
            source: STATUS_SOURCE[status] ?? 'civil_affairs',
            diagnosis: status === 'severe_mental_disorder' ? rng.pick(DIAGNOSES) : null,
            riskLevel: status === 'severe_mental_disorder' ? rng.int(0, 5) : null,
            firstTreatmentDate: null,
            ...extra,
          },
        },
      });
    };
    const nextStatus = (list: readonly ReliefStatus[]) => {
      const k = statusCursor[region] ?? 0;
      statusCursor[region] = k + 1;
      return list[k % list.length];
    };
    const revokeLater = (status: ReliefStatus, p: number) => {
      if (!rng.chance(p)) return;
      const from = Math.max(dayNumber(registeredOn) + 30, dayNumber('2024-01-01'));
      const date = dateOfDay(rng.int(from, dayNumber('2024-11-30')));
      actions.push({ kind: 'enrollment', at: chinaInstant(date, rng.int(9 * 60, 17 * 60)), command: { type: 'RevokeReliefStatus', data: { personId, status, effectiveDate: date } } });
    };

    const kit: StatusKit = {
      rng,
      registeredOn,
      tag: (status, extra = {}) => tagStatus(status, extra),
      tagSecond: (status) => tagStatus(status, {}, registeredOn, regAt + 7_200_000),
      tagCertified: (status, certifiedOn, firstTreatmentDate) => tagStatus(status, { firstTreatmentDate }, certifiedOn, chinaInstant(certifiedOn, 600)),
      next: nextStatus,
      revokeLater,
    };
    if (profile.statuses && rng.chance(profile.statuses.share)) profile.statuses.tag(kit);

    // employment and contribution-base changes (where the pack's credits follow them)
    if (profile.employmentChanges && employment === 'in_service') {
      if (rng.chance(0.15)) {
        const month = addMonths(monthOf(registeredOn), rng.int(1, 20));
        if (month <= '2024-12') {
          actions.push({ kind: 'enrollment', at: chinaInstant(`${month}-01`, 540), command: { type: 'ChangeEmployment', data: { personId, employment: 'retired', effectiveMonth: month } } });
        }
      }
      if (registeredOn < '2024-01-01' && rng.chance(0.3)) {
        const raised = Math.round((baseFen! * 1.05) / 100) * 100;
        actions.push({ kind: 'enrollment', at: chinaInstant('2024-01-02', 600), command: { type: 'ChangeContributionBase', data: { personId, monthlyContributionBaseFen: raised, effectiveMonth: '2024-01' } } });
      }
    }

    // personal-account payments (e.g. 南府办发〔2022〕33号 art. 18): for family, or the holder's own pharmacy purchases
    if (profile.accountPayments && employee && (family.length || rng.chance(0.15))) {
      for (let n = rng.int(1, 2); n > 0; n--) {
        const date = dateOfDay(rng.int(Math.max(dayNumber(registeredOn) + 60, dayNumber('2024-01-01')), dayNumber(LAST_DAY)));
        const member = family.length ? family[0] : null;
        actions.push({
          kind: 'payment',
          at: chinaInstant(date, rng.int(9 * 60, 20 * 60)),
          data: {
            personId,
            beneficiaryPersonId: member ? member.personId : personId,
            purpose: member ? rng.pick(['medical', 'pharmacy', 'family_premium'] as const) : 'pharmacy',
            amountFen: rng.int(20, 400) * 100,
            reference: `PAY-${tag}-${String(++paymentSeq).padStart(6, '0')}`,
            paidOn: date,
          },
        });
      }
    }
  }

  // claims
  for (let k = 0; k < opts.claims && persons.length; k++) {
    const person = rng.pick(persons);
    const serviceDate = dateOfDay(rng.int(dayNumber(person.registeredOn), dayNumber(LAST_DAY)));
    const { claim, recordDate, filedAt } = claimFor(rng, person, `${tag}-C${String(k + 1).padStart(6, '0')}`, serviceDate);
    // a claim on the day of registration comes after it and the statuses tagged with it
    const at = Math.max(chinaInstant(recordDate, rng.int(8 * 60, 20 * 60)), person.registeredAt + 3 * 3_600_000);
    actions.push({ kind: 'claim', at, claim, filedAt: filedAt ?? new Date(at).toISOString() });
  }

  // month-ends: on the 1st of the next month, every person's credits and accruals, then each region's settlement
  for (const month of MONTHS) actions.push({ kind: 'month-end', at: chinaInstant(`${addMonths(month, 1)}-01`, 60), month });

  const order = actions.map((a, seq) => ({ a, seq }));
  order.sort((x, y) => x.a.at - y.a.at || KIND_ORDER[x.a.kind] - KIND_ORDER[y.a.kind] || x.seq - y.seq);
  return { seed: opts.seed, persons, actions: order.map((o) => o.a), claims: opts.claims };
}

/** A visit valid for the region, by its pack's profile. */
function visitFor(rng: Random, person: PlannedPerson): VisitPlan {
  const kit: VisitKit = {
    plain: (visitType, priorPayments) => ({ visitType, specialDisease: null, priorPayments, circumstances: [] }),
    chronic: (priorPayments) => ({
      visitType: 'chronic_special_outpatient',
      specialDisease: rng.chance(0.5) ? rng.pick(Object.keys(SPECIAL_DISEASE_ITEMS)) : null,
      priorPayments,
      circumstances: [],
    }),
  };
  return profileOf(person.region).visit(rng, person.scheme, kit);
}

const AMOUNTS: Record<VisitType | 'special', [number, number]> = {
  general_outpatient: [3_000, 80_000],
  emergency: [10_000, 300_000],
  two_diseases_outpatient: [5_000, 60_000],
  chronic_special_outpatient: [20_000, 500_000],
  special: [200_000, 3_000_000],
  inpatient: [300_000, 15_000_000],
};

function pickItems(rng: Random, pool: ItemDef[], min: number, max: number): ItemDef[] {
  const left = [...pool];
  const out: ItemDef[] = [left.shift()!]; // the first of each pool is policy-scope: a claim always has some
  for (let n = rng.int(min, max) - 1; n > 0 && left.length; n--) out.push(left.splice(rng.int(0, left.length - 1), 1)[0]);
  return out;
}

/** Splits a total over the items by random weights (class C lighter); the rest of the rounding goes to the last item. */
function priced(rng: Random, defs: ItemDef[], totalFen: number): ClaimItem[] {
  const weights = defs.map((d) => (d.catalogClass === 'C' ? rng.between(0.2, 1) : rng.between(0.5, 3)));
  const sum = weights.reduce((s, w) => s + w, 0);
  let left = totalFen;
  return defs.map((d, i) => {
    const amountFen = i === defs.length - 1 ? left : Math.max(1, Math.floor((totalFen * weights[i]) / sum));
    left -= amountFen;
    // the field order of claim-input.ts: the claim's JSON is canonical (its idempotency hash)
    return {
      code: d.code,
      name: d.name,
      kind: d.kind,
      catalogClass: d.catalogClass,
      drugClass: d.drugClass ?? null,
      amountFen,
      ...(d.tags?.length ? { tags: [...d.tags].sort() } : {}),
    };
  });
}

function claimFor(rng: Random, person: PlannedPerson, claimId: string, serviceDate: IsoDate): { claim: Claim; recordDate: IsoDate; filedAt: string | null } {
  const visit = visitFor(rng, person);
  const inpatient = visit.visitType === 'inpatient';
  const pharmacyOk = visit.visitType === 'general_outpatient' || visit.visitType === 'two_diseases_outpatient';
  const profile = profileOf(person.region);
  const institutions = institutionsOf(person.region).filter((i) => (i.level === 'pharmacy' ? pharmacyOk : true));
  const institution = rng.weighted(institutions.map((i) => [i, i.designated ? (i.level === 'pharmacy' ? 3 : 4) : 1] as const));
  const location: Location = institution.level === 'pharmacy' ? 'in_county' : rng.weighted([['in_county', 70], ['in_city', 15], ['in_province', 10], ['out_of_province', 5]] as const);
  const outside = location === 'in_province' || location === 'out_of_province';
  const referral = outside ? rng.chance(0.6) : !institution.designated ? rng.chance(0.3) : rng.chance(0.05);
  const circumstances = [...visit.circumstances];
  if (inpatient && outside && rng.chance(0.2)) circumstances.push('emergency');

  let defs: ItemDef[];
  let range = AMOUNTS[visit.visitType];
  const mental = person.statuses.includes('severe_mental_disorder');
  switch (visit.visitType) {
    case 'inpatient':
      defs = pickItems(rng, INPATIENT_ITEMS, 4, 8);
      if (rng.chance(0.4)) defs.push(rng.pick(INPATIENT_CLASS_C_ITEMS));
      if (profile.excludedItemShare !== undefined && rng.chance(profile.excludedItemShare)) defs.push(rng.pick(EXCLUDED_ITEMS));
      if (mental && rng.chance(0.6)) defs.push(rng.pick(PSYCHIATRIC_ITEMS));
      break;
    case 'chronic_special_outpatient':
      if (visit.specialDisease) {
        defs = [...SPECIAL_DISEASE_ITEMS[visit.specialDisease]];
        range = AMOUNTS.special;
      } else defs = pickItems(rng, CHRONIC_ITEMS, 2, 4);
      if (mental && rng.chance(0.7)) defs.push(...pickItems(rng, PSYCHIATRIC_ITEMS, 1, 2));
      break;
    case 'two_diseases_outpatient':
      defs = pickItems(rng, TWO_DISEASES_ITEMS, 2, 3);
      break;
    default:
      defs = pickItems(rng, OUTPATIENT_ITEMS, 2, 5);
      if (rng.chance(0.35)) defs.push(rng.pick(CLASS_C_ITEMS));
      if (mental && rng.chance(0.8)) defs.push(...pickItems(rng, PSYCHIATRIC_ITEMS, 1, 2));
  }
  const unique = defs.filter((d, i) => defs.findIndex((e) => e.code === d.code) === i);
  const items = priced(rng, unique, Math.max(unique.length * 100, rng.logUniform(range[0], range[1])));
  const scope = items.filter((i) => i.catalogClass !== 'C').reduce((s, i) => s + i.amountFen, 0);

  let dischargeDate: IsoDate | null = null;
  let recordDate = serviceDate;
  let filedAt: string | null = null;
  if (inpatient) {
    dischargeDate = addDays(serviceDate, rng.int(1, 21));
    if (dischargeDate > LAST_DAY) dischargeDate = LAST_DAY;
    recordDate = dischargeDate; // the bill is settled at discharge (一单制 结算)
    // filed with the insurer after admission: most within a 48 h window (e.g. 靖政办发〔2018〕107号 二十二), some late
    filedAt = new Date(chinaInstant(serviceDate, rng.int(4 * 60, 80 * 60))).toISOString();
  }

  let priorPayments: PriorPayments | null = null;
  if (visit.priorPayments) {
    const basic = Math.round(scope * (inpatient ? rng.between(0.45, 0.75) : rng.between(0.3, 0.6)));
    let rest = scope - basic;
    const critical = inpatient && scope > 2_000_000 ? Math.round(rest * rng.between(0.1, 0.35)) : 0;
    rest -= critical;
    const civilServant = inpatient && profile.civilServantSubsidyShare !== undefined && rng.chance(profile.civilServantSubsidyShare) ? Math.round(rest * 0.1) : 0;
    rest -= civilServant;
    // civil-affairs assistance already paid, where this engine has no assistance rules (the profile says so)
    const assistance = profile.priorAssistance && person.statuses.length && rng.chance(0.5) ? Math.round(rest * rng.between(0.2, 0.6)) : 0;
    priorPayments = {
      basic_pooling: basic,
      ...(critical ? { critical_illness: critical } : {}),
      ...(civilServant ? { civil_servant_subsidy: civilServant } : {}),
      ...(assistance ? { medical_assistance: assistance } : {}),
    };
  }

  const claim: Claim = {
    claimId,
    personId: person.personId,
    institutionId: institution.id,
    institutionLevel: institution.level,
    designated: institution.designated,
    location,
    referral,
    visitType: visit.visitType,
    specialDisease: visit.specialDisease,
    serviceDate,
    dischargeDate,
    items,
    priorPayments,
    usePersonalAccount: person.scheme === 'employee' && rng.chance(0.7),
    ...(circumstances.length ? { circumstances: [...new Set(circumstances)].sort() } : {}),
  };
  return { claim, recordDate, filedAt };
}
