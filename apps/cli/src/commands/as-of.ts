/**
 * `as-of <timestamp> person <id>`: the person's counters and personal-account balance as they
 * were known at an instant — the fold of only those events whose metadata.recordedAt is at or
 * before it (what the service knew then, whatever dates the events speak about).
 */
import { PersonEvent, PersonState, countersOf, foldPerson } from '@benefit/domain';
import { RecordedEvent } from '@benefit/event-store';
import { COUNTER_KEYS, CounterKey } from '@benefit/policy';
import { isValidDate } from '@benefit/shared';
import { CliError, Command, EXIT_OK, openExistingLog, parseCommandArgs, printer } from '../cli';
import { limitsByYear } from '@benefit/domain';
import { readPerson } from '../person-log';
import { yuan } from '../format';

const USAGE = 'usage: npm run cli -- as-of <timestamp> person <personId> [--json]';

/**
 * An ISO 8601 instant. A date alone (YYYY-MM-DD) means the end of that day in China time
 * (23:59:59.999+08:00); a date and time without a zone is read as China time too.
 */
export function parseInstant(text: string): { ms: number; note: string } {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    if (!isValidDate(text)) throw new CliError(`${text} is not a calendar date`);
    return { ms: Date.parse(`${text}T23:59:59.999+08:00`), note: `${text} read as the end of that day, China time (UTC+8)` };
  }
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|[+-]\d{2}:?\d{2})?$/i.exec(text);
  if (!m || !isValidDate(m[1])) {
    throw new CliError(`"${text}" is not a timestamp: give an ISO 8601 instant such as 2023-06-30T12:00:00Z or 2023-06-30T20:00:00+08:00, or a date 2023-06-30 (the end of that day, China time)\n${USAGE}`);
  }
  const zone = m[3] ?? '+08:00';
  const ms = Date.parse(`${m[1]}T${m[2]}${zone.toUpperCase()}`);
  if (Number.isNaN(ms)) throw new CliError(`"${text}" is not a valid instant\n${USAGE}`);
  return { ms, note: m[3] ? text : `${text} read as China time (UTC+8)` };
}

type YearCounters = Record<CounterKey, { usedFen: number; limitFen: number | null }>;

/** Each year's counters of a folded state, with the limits the person's claims of that year carried. */
export function countersByYear(state: PersonState, events: RecordedEvent[]): Record<string, YearCounters> {
  const limits = limitsByYear(events);
  const out: Record<string, YearCounters> = {};
  for (const year of [...state.counters.keys()].sort()) {
    const used = countersOf(state, year);
    out[year] = Object.fromEntries(COUNTER_KEYS.map((k) => [k, { usedFen: used[k], limitFen: limits.get(year)?.[k] ?? null }])) as YearCounters;
  }
  return out;
}

/** One line per year: the counters in use (and those with a limit), "used of limit". */
export function countersLines(state: PersonState, events: RecordedEvent[]): string[] {
  const years = Object.entries(countersByYear(state, events));
  if (years.length === 0) return ['counters: none (no claims)'];
  return years.map(([year, counters]) => {
    const parts = Object.entries(counters)
      .filter(([, c]) => c.usedFen !== 0 || c.limitFen !== null)
      .map(([k, c]) => `${k} ${yuan(c.usedFen)}${c.limitFen !== null ? ` of ${yuan(c.limitFen)}` : ''}`);
    return `counters ${year} (yuan): ${parts.length ? parts.join(', ') : 'none moved'}`;
  });
}

export const asOfCommand: Command = {
  name: 'as-of',
  synopsis: 'as-of <timestamp> person <id> [--json]',
  summary: "a person's counters and account balance as known at an instant (events recorded by then)",
  help: `${USAGE}

Folds only the events of person-<personId> whose recordedAt is at or before <timestamp>, and prints
the personal-account balance and each year's counters (with the limits the claims carried) as the
service knew them at that instant, and the position of the last event included.

<timestamp> is an ISO 8601 instant (2023-06-30T12:00:00Z, 2023-06-30T20:00:00+08:00), a date and
time without a zone (read as China time, UTC+8), or a date YYYY-MM-DD: the end of that day in
China time (23:59:59.999+08:00).

  --json   print the result as JSON

Reads the event log only: safe while the api runs. Exit 2 for an unknown person or a bad timestamp.`,

  async run(args, ctx) {
    const { positionals, values } = parseCommandArgs('as-of', args, { json: { type: 'boolean' } });
    const [timestamp, what, personId, ...extra] = positionals;
    if (!timestamp || what !== 'person' || !personId || extra.length) throw new CliError(USAGE);
    const at = parseInstant(timestamp);
    const store = await openExistingLog(ctx.config);
    try {
      const events = await readPerson(store, personId);
      const included = events.filter((e) => Date.parse(e.metadata.recordedAt) <= at.ms);
      const state = foldPerson(included.map((e) => ({ type: e.type, data: e.data }) as PersonEvent));
      const last = included[included.length - 1] ?? null;
      const asOf = new Date(at.ms).toISOString();
      const print = printer(ctx);
      if (values.json) {
        print(
          JSON.stringify(
            {
              personId,
              asOf,
              given: timestamp,
              eventsIncluded: included.length,
              eventsTotal: events.length,
              lastIncluded: last && { position: last.position, revision: last.revision, type: last.type, recordedAt: last.metadata.recordedAt },
              balanceFen: state.balanceFen,
              claims: state.claimIds.size,
              warnings: [...state.warnings],
              counters: countersByYear(state, included),
            },
            null,
            2,
          ),
        );
        return EXIT_OK;
      }
      print(`person ${personId} as of ${asOf} (${at.note})`);
      if (!last) {
        print(`nothing was recorded for ${personId} by then: its first event (position ${events[0].position}) was recorded at ${events[0].metadata.recordedAt}`);
        return EXIT_OK;
      }
      print(`events included: ${included.length} of ${events.length}; last included: position ${last.position} (revision ${last.revision}, ${last.type}, recorded ${last.metadata.recordedAt})`);
      print(`personal-account balance ${yuan(state.balanceFen)} yuan; ${state.claimIds.size} claims; warnings ${state.warnings.size ? [...state.warnings].join(', ') : 'none'}`);
      for (const line of countersLines(state, included)) print(line);
      return EXIT_OK;
    } finally {
      await store.close();
    }
  },
};
