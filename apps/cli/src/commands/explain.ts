/**
 * `explain claim <id>`: everything the adjudication of one claim says — its items, total and
 * policy scope, the shares per payer, every explanation line with its rule, citation and
 * arithmetic, the policyVersion — and the counters of the person's year around it.
 */
import { AdjudicationV2, ClaimAdjudicated, PersonEvent, WarningRaised, claimStream, countersOf, foldPerson, keyOwner, personStream, withLineText } from '@benefit/domain';
import { EventStore, RecordedEvent } from '@benefit/event-store';
import { COUNTER_KEYS, CounterKey } from '@benefit/policy';
import { AppConfig } from '@benefit/runtime';
import { CliError, Command, EXIT_FAILED, EXIT_OK, openExistingLog, openExistingReadModel, parseCommandArgs, printer } from '../cli';
import { sharesLine, table, yuan } from '../format';

const USAGE = 'usage: npm run cli -- explain claim <claimId> [--json]';

/** Whose claim it is: the claim id's key stream (written with the adjudication), else the claim view. */
async function ownerOf(store: EventStore, config: AppConfig, claimId: string): Promise<string | null> {
  const owner = await keyOwner(store, claimStream(claimId));
  if (owner) return owner.personId;
  const opened = await openExistingReadModel(config, store);
  if (!opened) return null;
  try {
    return (await opened.queries.claim(claimId))?.personId ?? null;
  } finally {
    await opened.readModel.close();
  }
}

interface Correction {
  position: number;
  recordedAt: string;
  type: string;
  appliedMonth: string | null;
  reason: string | null;
  deltas: Record<string, number>;
  counterDeltas: Partial<Record<CounterKey, number>>;
  /** As recorded: its lines may hold words instead of text (rendered where shown). */
  adjudication: AdjudicationV2;
}

/**
 * Later events that correct the claim (ClaimSharesAdjusted, or any event naming the claim and
 * carrying the adjudication as it now stands), oldest first. Recognised by shape, not by name.
 */
function correctionsOf(later: RecordedEvent[], claimId: string): Correction[] {
  const out: Correction[] = [];
  for (const e of later) {
    const d = e.data as { claimId?: unknown; adjudication?: AdjudicationV2; appliedMonth?: unknown; reason?: unknown; deltas?: unknown; counterDeltas?: unknown } | null;
    if (!d || d.claimId !== claimId || !d.adjudication || typeof d.adjudication !== 'object' || !('shares' in d.adjudication)) continue;
    out.push({
      position: e.position,
      recordedAt: e.metadata.recordedAt,
      type: e.type,
      appliedMonth: typeof d.appliedMonth === 'string' ? d.appliedMonth : null,
      reason: typeof d.reason === 'string' ? d.reason : null,
      deltas: (d.deltas && typeof d.deltas === 'object' ? d.deltas : {}) as Record<string, number>,
      counterDeltas: (d.counterDeltas && typeof d.counterDeltas === 'object' ? d.counterDeltas : {}) as Partial<Record<CounterKey, number>>,
      adjudication: d.adjudication,
    });
  }
  return out;
}

const fold = (events: RecordedEvent[]) => foldPerson(events.map((e) => ({ type: e.type, data: e.data }) as PersonEvent));

export const explainCommand: Command = {
  name: 'explain',
  synopsis: 'explain claim <id> [--json]',
  summary: 'one claim: items, total, policy scope, shares, every explanation line with citation and detail, counters of its year',
  help: `${USAGE}

Prints the claim as adjudicated (from the event log): institution and visit, every item with its
catalogue class and amount, the total and the policy-scope amount, the priorPayments it carried,
the shares per payer, every explanation line (payer, amount, rule, citation and the arithmetic in
detail), bed-day payments and flags, warnings raised by it, the policyVersion, the corrections
recorded since (re-settlements: the shares shown are those that now stand, as GET /v1/claims/{id}
serves them, with the first adjudication and each correction's deltas), and the counters of the
person's year: before this claim, what it moved, after it, what corrections moved, now, the limit.

  --json   print the same as JSON

Reads the event log only: safe while the api runs. Exit 2 when no claim has that id.`,

  async run(args, ctx) {
    const { positionals, values } = parseCommandArgs('explain', args, { json: { type: 'boolean' } });
    const [what, claimId, ...extra] = positionals;
    if (what !== 'claim' || !claimId || extra.length) throw new CliError(USAGE);
    const store = await openExistingLog(ctx.config);
    try {
      const personId = await ownerOf(store, ctx.config, claimId);
      if (!personId) {
        throw new CliError(`no claim ${claimId} is recorded in ${ctx.config.eventStoreUrl ? 'the log (EVENTSTORE_CONNECTION_STRING)' : ctx.config.dataDir}: check the id (ids are case-sensitive); a refused claim records nothing. \`npm run cli -- audit person <personId>\` lists a person's claims`);
      }
      const events = await store.readStream(personStream(personId));
      const at = events.findIndex((e) => e.type === 'ClaimAdjudicated' && (e.data as ClaimAdjudicated['data']).claim.claimId === claimId);
      if (at === -1) {
        throw new CliError(`claim ${claimId} is held by person ${personId}, but ${personStream(personId)} has no adjudication of it: the log is inconsistent, report it`, EXIT_FAILED);
      }
      const event = events[at];
      const { claim, regionCode, adjudication: recorded, bedDays, flags } = event.data as ClaimAdjudicated['data'];
      // the lines with their text, rendered from their words where the log holds only those
      const original = withLineText(regionCode, recorded);
      const corrections = correctionsOf(events.slice(at + 1), claimId);
      // as GET /v1/claims/{id}: the adjudication as it now stands, after any correction
      const a = corrections.length ? withLineText(regionCode, corrections[corrections.length - 1].adjudication) : original;
      const before = countersOf(fold(events.slice(0, at)), original.year);
      const after = countersOf(fold(events.slice(0, at + 1)), original.year);
      const now = countersOf(fold(events), original.year);
      const counters = COUNTER_KEYS.map((key) => ({
        key,
        beforeFen: before[key],
        deltaFen: original.counterDeltas[key] ?? 0,
        afterFen: after[key],
        correctionsFen: corrections.reduce((sum, c) => sum + (c.counterDeltas[key] ?? 0), 0),
        nowFen: now[key],
        limitFen: a.counterLimits[key] ?? null,
      }));
      const warnings = events
        .filter((e) => e.type === 'WarningRaised' && (e.data as WarningRaised['data']).claimId === claimId)
        .map((e) => ({ position: e.position, ...(e.data as WarningRaised['data']) }));
      const print = printer(ctx);

      if (values.json) {
        print(
          JSON.stringify(
            {
              claimId,
              personId,
              regionCode,
              position: event.position,
              revision: event.revision,
              recordedAt: event.metadata.recordedAt,
              claim,
              totalFen: a.totalFen,
              policyScopeFen: a.policyScopeFen,
              policyVersion: a.policyVersion,
              shares: a.shares,
              explanation: a.explanation,
              bedDays: bedDays ?? null,
              flags: flags ?? [],
              warnings,
              corrections: corrections.map(({ adjudication: _a, counterDeltas: _c, ...c }) => c),
              ...(corrections.length ? { original: { policyVersion: original.policyVersion, totalFen: original.totalFen, shares: original.shares, explanation: original.explanation } } : {}),
              counters: { year: original.year, rows: counters },
            },
            null,
            2,
          ),
        );
        return EXIT_OK;
      }

      print(`claim ${claimId} of person ${personId} (${regionCode})`);
      print(`recorded at position ${event.position} (${personStream(personId)} revision ${event.revision}) on ${event.metadata.recordedAt}`);
      print(`policyVersion ${a.policyVersion}`);
      print(
        `${claim.visitType}${claim.specialDisease ? ` (${claim.specialDisease})` : ''} on ${claim.serviceDate}${claim.dischargeDate ? ` to ${claim.dischargeDate}` : ''} at ${claim.institutionId}: ` +
          `${claim.institutionLevel}, ${claim.designated ? 'designated' : 'non-designated'}, ${claim.location}, referral ${claim.referral ? 'yes' : 'no'}, personal account ${claim.usePersonalAccount ? 'used' : 'not used'}` +
          `${claim.circumstances?.length ? `, circumstances ${claim.circumstances.join(', ')}` : ''}`,
      );
      print('');
      print('items');
      const itemRows = claim.items.map((i) => [i.code, i.name, i.kind, i.catalogClass, i.drugClass ?? '', (i.tags ?? []).join(' '), yuan(i.amountFen)]);
      for (const line of table([['code', 'name', 'kind', 'class', 'drug class', 'tags', 'yuan'], ...itemRows], { right: [6], indent: '  ' })) print(line);
      print(`  total ${yuan(a.totalFen)} yuan; policy scope (class A and B) ${yuan(a.policyScopeFen)} yuan; class C ${yuan(a.totalFen - a.policyScopeFen)} yuan`);
      const prior = Object.entries(claim.priorPayments ?? {});
      print(`  priorPayments: ${claim.priorPayments ? (prior.length ? prior.map(([p, v]) => `${p} ${yuan(v as number)}`).join(', ') : 'none paid') : 'none (step 1 computed by this engine)'}`);
      print('');
      print(corrections.length ? `shares, as they stand after ${corrections.length} correction(s) (see below)` : 'shares');
      const shareRows = Object.entries(a.shares).map(([payer, fen]) => [payer, yuan(fen)]);
      for (const line of table([...shareRows, ['total', yuan(a.totalFen)]], { right: [1], indent: '  ' })) print(line);
      print('');
      print('explanation');
      a.explanation.forEach((l, i) => {
        print(`  ${i + 1}. ${l.payer} ${yuan(l.amountFen)} yuan — rule ${l.rule}`);
        print(`     citation: ${l.citation}`);
        if (l.detail) print(`     detail: ${l.detail}`);
      });
      if (bedDays) print(`bed days: ${bedDays.detail} = ${yuan(bedDays.amountFen)} yuan paid to the hospital — ${bedDays.rule} [${bedDays.citation}]`);
      for (const f of flags ?? []) print(`flag ${f.code}: ${f.detail} [${f.citation}]`);
      for (const w of warnings) print(`warning ${w.kind} ${w.year} raised with this claim: burden ${yuan(w.burdenFen)} yuan reached ${yuan(w.thresholdFen)} yuan [${w.citation}]`);
      print('');
      if (corrections.length === 0) print('corrections: none');
      else {
        print(`corrections (first adjudicated at position ${event.position} under ${original.policyVersion}: ${sharesLine(original.shares)})`);
        for (const c of corrections) {
          print(`  position ${c.position}, ${c.recordedAt}: ${c.type}${c.appliedMonth ? `, applied in ${c.appliedMonth}` : ''}${c.reason ? ` — ${c.reason}` : ''}`);
          const moves = Object.entries(c.deltas).filter(([, fen]) => fen !== 0);
          print(`    deltas (yuan): ${moves.length ? moves.map(([p, fen]) => `${p} ${fen > 0 ? '+' : ''}${yuan(fen)}`).join(', ') : 'none'}`);
        }
      }
      print('');
      print(`counters of ${personId} in ${original.year} (yuan)`);
      const signed = (fen: number) => (fen > 0 ? `+${yuan(fen)}` : yuan(fen));
      const head = ['counter', 'before', 'this claim', 'after', ...(corrections.length ? ['corrections'] : []), 'now', 'limit'];
      const rows = counters.map((c) => [c.key, yuan(c.beforeFen), signed(c.deltaFen), yuan(c.afterFen), ...(corrections.length ? [signed(c.correctionsFen)] : []), yuan(c.nowFen), c.limitFen === null ? '—' : yuan(c.limitFen)]);
      for (const line of table([head, ...rows], { right: head.map((_, i) => i).slice(1), indent: '  ' })) print(line);
      return EXIT_OK;
    } finally {
      await store.close();
    }
  },
};
