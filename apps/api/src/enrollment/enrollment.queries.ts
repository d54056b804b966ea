/** Reads about persons: the person view, counters with limits, the person's events. */
import { Inject, Injectable } from '@nestjs/common';
import { CommandRunner, beneficiaryOn, personFold, personStream, statusActiveOn } from '@benefit/domain';
import { EventStore } from '@benefit/event-store';
import { COUNTER_KEYS, packFor } from '@benefit/policy';
import { ReadQueries } from '@benefit/projections';
import { maskResidentId, monthOf, notFound, todayInChina } from '@benefit/shared';
import { PiiVault } from '@benefit/vault';
import { eventViews } from '@benefit/runtime';
import { ParametersService } from '../infrastructure/parameters.service';
import { EVENT_STORE, PII_VAULT, READ_QUERIES } from '../infrastructure/tokens';

@Injectable()
export class EnrollmentQueries {
  constructor(
    @Inject(READ_QUERIES) private readonly queries: ReadQueries,
    private readonly runner: CommandRunner,
    private readonly parameters: ParametersService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PII_VAULT) private readonly vault: PiiVault,
  ) {}

  async person(personId: string) {
    const doc = await this.queries.person(personId);
    if (!doc) throw notFound('Person', `no person ${personId} is registered`);
    const today = todayInChina();
    const month = monthOf(today);
    const at = <T extends { from: string }>(list: T[]) => list.filter((e) => e.from <= month).pop() ?? list[0];
    const { employmentHistory, contributionBaseHistory, statuses, outOfAreaFilings, version, name, idNumber, identityErasedAt, ...rest } = doc;
    // opened here, at the edge; the id leaves masked; both null once the identity is erased
    const id = await this.vault.open(personId, 'idNumber', idNumber);
    return {
      ...rest,
      name: await this.vault.open(personId, 'name', name),
      idNumber: id === null ? null : maskResidentId(id),
      identityErasedAt: identityErasedAt ?? null,
      employment: at(employmentHistory)?.employment ?? null,
      monthlyContributionBaseFen: at(contributionBaseHistory)?.monthlyContributionBaseFen ?? null,
      statuses: statuses.filter((s) => statusActiveOn({ ...s, revokedThrough: s.revokedOn ? s.appliesThrough : null } as never, today)),
      statusHistory: statuses,
      outOfAreaFilings: outOfAreaFilings ?? [],
      employmentHistory,
      contributionBaseHistory,
      version,
    };
  }

  async counters(personId: string, year: number) {
    if (!await this.queries.person(personId)) throw notFound('Person', `no person ${personId} is registered`);
    const rows = new Map((await this.queries.counters(personId, year)).map((r) => [r.key, r]));
    // limits of counters the year has not touched yet: the pack's limits for the person's status
    const { state } = await this.runner.load(personStream(personId), personFold);
    const today = todayInChina();
    const date = `${year}-12-31` < today ? `${year}-12-31` : today < `${year}-01-01` ? `${year}-01-01` : today;
    let limits: Record<string, number | null> = {};
    try {
      limits = packFor(state.registration!.regionCode).counterLimits(beneficiaryOn(state, date), date, await this.parameters.current());
    } catch {
      limits = {}; // a year outside the parameters' validity has no limits to show
    }
    const counters = Object.fromEntries(
      COUNTER_KEYS.map((key) => {
        const row = rows.get(key);
        return [key, { usedFen: row?.usedFen ?? 0, limitFen: row ? row.limitFen : (limits[key] ?? null) }];
      }),
    );
    return { personId, year, counters };
  }

  /** 盐政办发〔2022〕73号 九: impoverishment and relapse warnings, once per kind and year. */
  async warnings(personId: string) {
    if (!await this.queries.person(personId)) throw notFound('Person', `no person ${personId} is registered`);
    return await this.queries.warnings(personId);
  }

  async events(personId: string) {
    const events = await this.store.readStream(personStream(personId));
    if (events.length === 0) throw notFound('Person', `no person ${personId} is registered`);
    return eventViews(events, this.vault);
  }
}
