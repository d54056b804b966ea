/** The command line of `npm run bench`: which phases run, at which sizes, with what output. */
import * as os from 'node:os';
import * as path from 'node:path';

export const PHASES = ['sqlite', 'bus', 'http', 'history', 'catchUp', 'largeLog', 'requests', 'settleMonth', 'resettleJob'] as const;
export type Phase = (typeof PHASES)[number];
const ALIASES: Record<string, Phase> = {
  sqlite: 'sqlite', raw: 'sqlite', sqliteinsertbatchpersec: 'sqlite', sqlitecommitpersec: 'sqlite', sqlitecommitfullpersec: 'sqlite', sqlitereadparsepersec: 'sqlite',
  bus: 'bus', submitclaimbuspersec: 'bus', submitclaimbuspersecnormal: 'bus',
  http: 'http', submitclaimhttppersec: 'http',
  history: 'history', historyslowdown: 'history', historyslowdowncold: 'history',
  catchup: 'catchUp', catchupeventspersec: 'catchUp',
  requests: 'requests', worstrequestms: 'requests', worstsimulationrequestms: 'requests', worstclaimrequestms: 'requests', worstrefusedbodyms: 'requests',
  settlemonth: 'settleMonth', settlemonthpersonspersec: 'settleMonth', settlemonthcliff: 'settleMonth',
  resettlejob: 'resettleJob', resettledryrunclaimspersec: 'resettleJob', resettlepeakrssmb: 'resettleJob',
  largelog: 'largeLog', rebuild: 'largeLog', resettle: 'largeLog', rebuildeventspersec: 'largeLog', resettleclaimspersec: 'largeLog', rebuildpeakrssmb: 'largeLog',
};

export interface Args {
  json: boolean;
  quick: boolean;
  full: boolean;
  only: Phase | null;
  profileDir: string | null;
  experiments: string[];
}

export class UsageError extends Error {}

export function parseArgs(argv: string[]): Args {
  const args: Args = { json: false, quick: false, full: false, only: null, profileDir: null, experiments: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') args.json = true;
    else if (a === '--quick') args.quick = true;
    else if (a === '--full') args.full = true;
    else if (a === '--only' || a.startsWith('--only=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      const phase = ALIASES[(v ?? '').toLowerCase()];
      if (!phase) throw new UsageError(`--only takes one of ${PHASES.join(', ')} (or a report key), got "${v}"`);
      args.only = phase;
    } else if (a === '--profile' || a.startsWith('--profile=')) {
      const next = argv[i + 1];
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : next && !next.startsWith('--') ? argv[++i] : path.join(os.tmpdir(), `benefit-bench-profiles-${process.pid}`);
      args.profileDir = path.resolve(v);
    } else if (a === '--experiment') {
      const v = argv[++i];
      if (v !== 'coalesce-projector') throw new UsageError(`--experiment takes coalesce-projector, got "${v}"`);
      args.experiments.push(v);
    } else if (a === '--help' || a === '-h') {
      process.stderr.write(
        'usage: npm run bench -- [--json] [--quick | --full] [--only sqlite|bus|http|history|catchUp|largeLog|requests|settleMonth|resettleJob] [--profile [dir]]\n' +
          '  --json     one JSON object on stdout (progress stays on stderr)\n' +
          '  --quick    small counts: a smoke run of a few seconds\n' +
          '  --full     default counts, and a large log of 5,000,000 events / 1,000,000 claims (about 15 minutes, 11 GB of temp disk)\n' +
          '  --only     one measurement (plus the setup it needs: persons; a log for catchUp)\n' +
          '  --profile  write a .cpuprofile of each timed section (and print a summary to stderr)\n' +
          '  --experiment coalesce-projector  patch this run\'s projector to batch read-your-writes waits (what-if; marked in the report)\n',
      );
      process.exit(0);
    } else throw new UsageError(`unknown option ${a} (see --help)`);
  }
  if (args.quick && args.full) throw new UsageError('--quick and --full exclude each other');
  return args;
}
