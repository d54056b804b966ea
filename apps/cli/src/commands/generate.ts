/**
 * `generate --persons N --claims M [--seed S]`: a synthetic city for demos and benchmarks,
 * written into DATA_DIR's log through the same deciders and the same generic CommandRunner the
 * api uses (with the claim-id and resident-id keys the api holds), then the projections catch up.
 *
 * The city (generate/city.ts) is decided by the seed alone; generate/writer.ts runs it. With the
 * default simulated clock every event is recorded at its simulated instant (2022-12 to 2025-01,
 * China time), so the same seed gives the same log contents and byte-identical read models, and
 * `as-of 2023-06-30` means what the city knew on that day. `--clock wall` records at the real time.
 */
import { PARAMETER_STREAM, personStream } from '@benefit/domain';
import { SqliteEventStore } from '@benefit/event-store';
import { ALL_PROJECTIONS, Projector } from '@benefit/projections';
import { Progress, ownerOnlyDatabase, ownerOnlyDir } from '@benefit/shared';
import { residentIdKey } from '@benefit/runtime';
import { CliError, Command, EXIT_OK, holdDataDir, logPaths, openCliVault, openReadModel, parseCommandArgs, positiveInt } from '../cli';
import { SYNTHETIC_REGIONS } from '@benefit/policy';
import { SYNTHETIC_PARAMETERS } from '../generate/catalog';
import { YEARS } from '../generate/calendar';
import { planCity } from '../generate/city';
import { newReport, printReport } from '../generate/report';
import { CityWriter, Clock, plannedCommands } from '../generate/writer';

const USAGE = 'usage: npm run cli -- generate --persons <N> --claims <M> [--seed <S>] [--clock simulated|wall] [--json]';

export const generateCommand: Command = {
  name: 'generate',
  synopsis: 'generate --persons N --claims M [--seed S]',
  summary: 'a synthetic city (all four regions, every status) through the real deciders, for demos and benchmarks',
  help: `${USAGE}

Plans a synthetic city from the seed and writes it into DATA_DIR's event log through the real
deciders and the generic CommandRunner, exactly as the api would record it:
  - persons round-robin over ${SYNTHETIC_REGIONS.map((r) => r.region).join(', ')} (employees and residents,
    in service and retired), with relief statuses of every kind, revocations, retirements and
    contribution-base changes, and personal-account payments for family members;
  - claims of every visit type valid for the region, 2023-01-01 to 2024-12-31, as each pack's
    synthetic profile says:
${SYNTHETIC_REGIONS.map((r) => `      ${r.region}: ${r.profile.claimsSummary};`).join('\n')}
  - every month-end: personal-account credits, guardianship rewards, poverty-insurance premiums,
    and each region's monthly settlement.
Parameters the packs need and have no default for are first recorded on the stream '${PARAMETER_STREAM}'
with synthetic values (${YEARS.join(' and ')}), unless a value for the same key and date is recorded:
${[...new Set(SYNTHETIC_PARAMETERS.map((p) => p.key))].map((k) => `    ${k}`).join('\n')}
A command a rule refuses is counted and reported, not fatal.
Then every projection catches up (as \`rebuild\` does, without dropping anything).

  --persons N    persons to register (1 to 1,000,000)
  --claims M     claims to submit (0 to 10,000,000)
  --seed S       seed of the city (default 1): the same seed gives the same city; person and
                 claim ids carry it, so cities of different seeds can share a DATA_DIR
  --clock C      simulated (default): events are recorded at their simulated instants, so
                 as-of dates are meaningful and the same seed gives identical read models;
                 wall: recorded at the real time. In a log that already holds later
                 events (an api's), instants never go back: events are then recorded
                 just after the last one
  --json         print the report as JSON

A seed's city is written once per DATA_DIR. Another seed adds a second city beside the first:
months the first already settled stay settled (reported as refusals), and the new claims belong
to the first month not yet settled, as late claims do.

DATA_DIR is created when missing. The api must not be running on it. Exit 0 when the city is
written (refusals included), 1 when it could not be, 2 for wrong options.`,

  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs('generate', args, {
      persons: { type: 'string' },
      claims: { type: 'string' },
      seed: { type: 'string' },
      clock: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length) throw new CliError(`unexpected argument ${positionals.join(' ')}\n${USAGE}`);
    const persons = positiveInt('persons', values.persons, 'generate', { max: 1_000_000 });
    const claims = positiveInt('claims', values.claims, 'generate', { min: 0, max: 10_000_000 });
    const seed = values.seed ?? '1';
    if (!/^[A-Za-z0-9._-]{1,32}$/.test(seed)) throw new CliError(`--seed must be 1-32 letters, digits, ".", "_" or "-", got "${seed}"`);
    const clockMode = values.clock ?? 'simulated';
    if (clockMode !== 'simulated' && clockMode !== 'wall') throw new CliError(`--clock must be simulated or wall, got "${clockMode}"`);
    const config = ctx.config;
    holdDataDir(config, 'generate', 'generate must be the only writer of the log and the read model');

    ownerOnlyDir(config.dataDir);
    const idKey = residentIdKey(config.dataDir, config.residentIdKey ?? null);
    const started = Date.now();
    const plan = planCity({ persons, claims, seed });

    let clock: Clock | null = null;
    const vault = await openCliVault(config, 'write');
    ownerOnlyDatabase(logPaths(config.dataDir).events);
    const store = new SqliteEventStore({ filename: logPaths(config.dataDir).events, synchronous: config.sqliteSynchronous, now: () => clock!.now() });
    const readModel = openReadModel(config);
    try {
      const headBefore = await store.headPosition();
      const [lastEvent] = headBefore ? await store.readAll({ after: headBefore - 1, maxCount: 1 }) : [];
      clock = new Clock(clockMode, lastEvent ? Date.parse(lastEvent.metadata.recordedAt) : 0);
      // a seed's city is written once: run again, its commands would land on what the first run recorded
      for (const p of plan.persons) {
        if ((await store.streamRevision(personStream(p.personId))) >= 0) {
          throw new CliError(`the city of seed ${seed} is already in ${config.dataDir} (person ${p.personId} is registered): choose another --seed to add a second city, or an empty DATA_DIR`);
        }
      }

      const report = newReport(seed, config.dataDir, clockMode, persons, claims);
      const total = plannedCommands(plan);
      let done = 0;
      const progress = new Progress('generate', 'commands');
      const writer = await CityWriter.open({
        store,
        idKey,
        vault,
        clock,
        report,
        seed,
        onCommands: (n) => {
          done += n;
          progress.update(done, Math.max(total, done));
        },
      });
      // every planned person's data key first, a thousand per transaction: one by one, each new key
      // would wait for its own sync to disk (keys.db is synchronous=FULL)
      await vault.prepare(plan.persons.map((p) => p.personId));
      for (const action of plan.actions) await writer.run(action);
      progress.done(done, done);
      const generatedIn = (Date.now() - started) / 1000;

      const head = await store.headPosition();
      const catchUp = new Progress('project', 'events');
      const projector = new Projector(store, readModel, ALL_PROJECTIONS, { batchSize: 5000, onProgress: (position, h) => catchUp.update(position, h) });
      await projector.catchUp();
      catchUp.done(projector.position(), head);

      // the busiest person, one of their claims, and the day it was recorded (with the simulated clock, the day of the care)
      const busiest = [...writer.claimsOf.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))[0];
      const sample = busiest?.[1][Math.floor((busiest[1].length - 1) / 2)];
      report.samples = { personId: busiest?.[0] ?? plan.persons[0]?.personId ?? null, claimId: sample?.claimId ?? null, asOf: sample?.on ?? '2024-06-30' };
      report.eventsWritten = head - headBefore;
      report.logHead = head;
      report.projectionsAt = projector.position();
      report.seconds = Number(((Date.now() - started) / 1000).toFixed(2));
      report.commandsPerSecond = Math.round(done / Math.max(generatedIn, 0.001));
      printReport(report, ctx, values.json === true);
      return EXIT_OK;
    } finally {
      await store.close();
      readModel.close();
      await vault.close();
    }
  },
};
