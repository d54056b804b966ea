/**
 * `audit person <id>`: every event of the person's stream in log order, with its global
 * position, stream revision and recordedAt, described in words (claims with their shares and
 * every explanation line). Events of a type this tool does not know — corrections such as
 * `…Adjusted` or `…BackPaid` — are printed generically, never skipped.
 */
import { PersonEvent, foldPerson, personStream } from '@benefit/domain';
import { EventMetadata } from '@benefit/event-store';
import { eventViews } from '@benefit/runtime';
import { CliError, Command, EXIT_OK, openCliVault, openExistingLog, parseCommandArgs, printer } from '../cli';
import { countersLines } from './as-of';
import { describe, isCorrection, readPerson } from '../person-log';
import { yuan } from '../format';

/** Who recorded an event: the verified token subject, the role it acted in and the token's id (issue 9). */
export function recordedBy(m: EventMetadata): string {
  const how = [m.role ? `as ${m.role}` : null, m.tokenId ? `token ${m.tokenId}` : null].filter(Boolean).join(', ');
  return how ? `${m.actor} (${how})` : m.actor;
}

export const auditCommand: Command = {
  name: 'audit',
  synopsis: 'audit person <id> [--json]',
  summary: "a person's whole timeline: positions, revisions, recordedAt, shares, explanations, citations",
  help: `usage: npm run cli -- audit person <personId> [--json]

Prints every event of the stream person-<personId> oldest first: the global position in the log,
the revision in the stream, recordedAt (UTC, as the store recorded it), the event type, and what it
says, and who recorded it (the token's subject, its role and token id) — registration (resident id masked), relief statuses and revocations, employment and
contribution-base changes, claims with their shares per payer and each explanation line (payer,
amount in yuan, rule, citation), personal-account credits and payments, warnings, guardianship
rewards and poverty-insurance premiums. Corrections (event types ending in Adjusted or BackPaid)
and any other event type are printed generically. A footer folds the whole stream: the balance
and each year's counters as they stand now.

  --json   print a JSON array of the events instead (as GET /v1/persons/{id}/events shows them,
           resident id masked), each with its summary and detail lines

Reads the event log only (DATA_DIR/events.db, or KurrentDB with EVENTSTORE_CONNECTION_STRING): safe
while the api runs. Exit 2 when no such person.`,

  async run(args, ctx) {
    const { positionals, values } = parseCommandArgs('audit', args, { json: { type: 'boolean' } });
    const [what, personId, ...extra] = positionals;
    if (what !== 'person' || !personId || extra.length) throw new CliError('usage: npm run cli -- audit person <personId> [--json]');
    const store = await openExistingLog(ctx.config);
    const vault = await openCliVault(ctx.config, 'read').catch(async (err) => {
      await store.close();
      throw err;
    });
    try {
      const events = await readPerson(store, personId);
      // the name and the masked id, as the api serves them (erased: null); the rest as recorded
      const views = await eventViews(events, vault);
      const described = views.map((v, i) => describe({ ...events[i], data: v.data }));
      const print = printer(ctx);
      if (values.json) {
        print(JSON.stringify(views.map((v, i) => ({ ...v, ...described[i] })), null, 2));
        return EXIT_OK;
      }
      const first = events[0];
      const last = events[events.length - 1];
      print(`person ${personId}: ${events.length} events in ${personStream(personId)}, positions ${first.position}–${last.position}, recorded ${first.metadata.recordedAt} – ${last.metadata.recordedAt}`);
      print('');
      const posWidth = Math.max(8, String(last.position).length);
      const revWidth = Math.max(8, String(last.revision).length);
      const recWidth = Math.max(...events.map((e) => e.metadata.recordedAt.length));
      const indent = ' '.repeat(posWidth + revWidth + recWidth + 6);
      print(`${'position'.padStart(posWidth)}  ${'revision'.padStart(revWidth)}  ${'recordedAt (UTC)'.padEnd(recWidth)}  event`);
      for (const [i, e] of events.entries()) {
        const { summary, details } = described[i];
        const label = isCorrection(e.type) ? `${e.type} [correction]` : e.type;
        print(`${String(e.position).padStart(posWidth)}  ${String(e.revision).padStart(revWidth)}  ${e.metadata.recordedAt.padEnd(recWidth)}  ${label}: ${summary}`);
        print(`${indent}by ${recordedBy(e.metadata)}`);
        for (const d of details) print(`${indent}${d}`);
      }
      const corrections = events.filter((e) => isCorrection(e.type));
      const state = foldPerson(events.map((e) => ({ type: e.type, data: e.data }) as PersonEvent));
      print('');
      print(`now (all ${events.length} events folded):`);
      print(`  personal-account balance ${yuan(state.balanceFen)} yuan; ${state.claimIds.size} claims; warnings ${state.warnings.size ? [...state.warnings].join(', ') : 'none'}`);
      for (const line of countersLines(state, events)) print(`  ${line}`);
      print(`  corrections: ${corrections.length ? corrections.map((e) => `${e.type} at ${e.position}`).join(', ') : 'none (no …Adjusted or …BackPaid events)'}`);
      return EXIT_OK;
    } finally {
      await store.close();
      await vault.close();
    }
  },
};
