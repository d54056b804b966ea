/** What `generate` did: counts by kind, refusals with an example each, and where to look next. */
import { REGIONS } from '@benefit/policy';
import { CliContext, printer } from '../cli';
import { yuan } from '../format';

export interface Refusal {
  count: number;
  example: string;
}

export interface GenerateReport {
  seed: string;
  dataDir: string;
  clock: 'simulated' | 'wall';
  persons: { planned: number; registered: number; byRegion: Record<string, number> };
  claims: { planned: number; adjudicated: number; refused: number; byRegion: Record<string, number>; byVisitType: Record<string, number> };
  enrollment: { statusesTagged: number; statusesRevoked: number; employmentChanges: number; contributionBaseChanges: number };
  accountPayments: number;
  monthEnds: { personMonths: number; credits: number; creditsFen: number; guardianshipRewards: number; povertyPremiums: number; regionMonthsSettled: number };
  warnings: number;
  lateFilings: number;
  bedDayStays: number;
  parameters: { recorded: string[]; alreadyRecorded: string[]; withoutValue: string[] };
  refusals: Record<string, Refusal>;
  eventsWritten: number;
  logHead: number;
  projectionsAt: number;
  seconds: number;
  commandsPerSecond: number;
  samples: { personId: string | null; claimId: string | null; asOf: string };
}

export function newReport(seed: string, dataDir: string, clock: 'simulated' | 'wall', persons: number, claims: number): GenerateReport {
  const byRegion = () => Object.fromEntries(REGIONS.map((r) => [r, 0]));
  return {
    seed,
    dataDir,
    clock,
    persons: { planned: persons, registered: 0, byRegion: byRegion() },
    claims: { planned: claims, adjudicated: 0, refused: 0, byRegion: byRegion(), byVisitType: {} },
    enrollment: { statusesTagged: 0, statusesRevoked: 0, employmentChanges: 0, contributionBaseChanges: 0 },
    accountPayments: 0,
    monthEnds: { personMonths: 0, credits: 0, creditsFen: 0, guardianshipRewards: 0, povertyPremiums: 0, regionMonthsSettled: 0 },
    warnings: 0,
    lateFilings: 0,
    bedDayStays: 0,
    parameters: { recorded: [], alreadyRecorded: [], withoutValue: [] },
    refusals: {},
    eventsWritten: 0,
    logHead: 0,
    projectionsAt: 0,
    seconds: 0,
    commandsPerSecond: 0,
    samples: { personId: null, claimId: null, asOf: '2024-06-30' },
  };
}

export function printReport(r: GenerateReport, ctx: CliContext, json: boolean): void {
  const print = printer(ctx);
  if (json) {
    print(JSON.stringify(r, null, 2));
    return;
  }
  const list = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => `${k} ${v}`).join(', ');
  print(`generated seed ${r.seed} into ${r.dataDir} (${r.clock} clock)`);
  print(`  persons registered: ${r.persons.registered} of ${r.persons.planned} (${list(r.persons.byRegion)})`);
  print(`  statuses tagged ${r.enrollment.statusesTagged}, revoked ${r.enrollment.statusesRevoked}; retirements ${r.enrollment.employmentChanges}; contribution-base changes ${r.enrollment.contributionBaseChanges}`);
  print(`  claims adjudicated: ${r.claims.adjudicated} of ${r.claims.planned} (${list(r.claims.byRegion)}); refused ${r.claims.refused}`);
  print(`    by visit type: ${list(r.claims.byVisitType) || 'none'}`);
  print(`    late filings flagged ${r.lateFilings}; stays paid per bed day ${r.bedDayStays}; warnings raised ${r.warnings}`);
  print(`  personal-account payments ${r.accountPayments}`);
  print(
    `  month-ends: ${r.monthEnds.personMonths} person-months closed, ${r.monthEnds.regionMonthsSettled} region-months settled; ` +
      `credits ${r.monthEnds.credits} (${yuan(r.monthEnds.creditsFen)} yuan), guardianship rewards ${r.monthEnds.guardianshipRewards}, poverty premiums ${r.monthEnds.povertyPremiums}`,
  );
  print(`  parameters recorded on the stream 'parameters':${r.parameters.recorded.length ? '' : ' none'}`);
  for (const p of r.parameters.recorded) print(`    ${p}`);
  if (r.parameters.alreadyRecorded.length) print(`  parameters already recorded, kept: ${r.parameters.alreadyRecorded.join('; ')}`);
  if (r.parameters.withoutValue.length) print(`  no synthetic value for ${r.parameters.withoutValue.join(', ')}: claims that need them are refused (parameter-missing)`);
  const refusals = Object.entries(r.refusals);
  if (refusals.length === 0) print('  refused: none');
  else {
    print(`  refused (nothing recorded for these): ${refusals.reduce((s, [, v]) => s + v.count, 0)}`);
    for (const [code, v] of refusals.sort((a, b) => b[1].count - a[1].count)) print(`    ${code} ${v.count}, e.g. ${v.example}`);
  }
  print(`  events written ${r.eventsWritten} (log head ${r.logHead}); projections at ${r.projectionsAt}; ${r.seconds} s, ${r.commandsPerSecond.toLocaleString('en')} commands/s`);
  if (r.samples.personId) {
    print('next:');
    print(`  npm run cli -- audit person ${r.samples.personId}`);
    if (r.samples.claimId) print(`  npm run cli -- explain claim ${r.samples.claimId}`);
    print(`  npm run cli -- as-of ${r.samples.asOf} person ${r.samples.personId}`);
  }
}
