/**
 * The plan of a synthetic city: who registers when, their relief statuses and changes, their
 * claims and account payments, and the month-ends — as a list of timed actions, decided by the
 * seed alone (nothing here reads the clock or the store). `generate` runs the plan through the
 * real deciders.
 *
 * The simulated period is 2023-01-01 to 2024-12-31, inside every pack's validity (Nanchong
 * 2023–2027, Yancheng from 2023, Jingjiang from 2019, Shanting from 2018).
 */
import { PatientRegistered, ReliefStatusTagged } from '@benefit/domain';
import { SYNTHETIC_REGIONS, StatusKit } from '@benefit/policy';
import { DIAGNOSES, Employment, RegionCode, ReliefStatus, StatusSource, addMonths, checkCharacter, monthOf } from '@benefit/shared';
import { GIVEN_NAMES, SURNAMES } from './catalog';
import { Random } from './random';
import { FIRST_DAY, LAST_DAY, MONTHS, YEARS, chinaInstant, dayNumber, dateOfDay } from './calendar';
import { claimFor } from './claims';
import { Action, CityPlan, PlannedPerson } from './plan';

/** Same instant: parameters first, then registrations, changes, payments, claims, month-ends. */
const KIND_ORDER: Record<Action['kind'], number> = { parameters: 0, register: 1, enrollment: 2, payment: 3, claim: 4, 'month-end': 5 };

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
