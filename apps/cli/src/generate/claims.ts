/**
 * The claims of a synthetic city: a visit valid for the person's region (by its pack's profile),
 * items from the catalogue's pools priced to a total, and what was paid upstream — decided by
 * the seed alone, as the rest of the plan (city.ts).
 */
import { Claim, ClaimItem, PriorPayments, VisitKit, VisitPlan } from '@benefit/policy';
import { IsoDate, Location, VisitType } from '@benefit/shared';
import { CHRONIC_ITEMS, CLASS_C_ITEMS, EXCLUDED_ITEMS, INPATIENT_CLASS_C_ITEMS, INPATIENT_ITEMS, ItemDef, OUTPATIENT_ITEMS, PSYCHIATRIC_ITEMS, SPECIAL_DISEASE_ITEMS, TWO_DISEASES_ITEMS, institutionsOf, profileOf } from './catalog';
import { Random } from './random';
import { LAST_DAY, addDays, chinaInstant } from './calendar';
import { PlannedPerson } from './plan';

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

export function claimFor(rng: Random, person: PlannedPerson, claimId: string, serviceDate: IsoDate): { claim: Claim; recordDate: IsoDate; filedAt: string | null } {
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
