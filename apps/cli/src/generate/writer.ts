/**
 * Writes a planned city into the log the way the api records it: each action goes through its
 * decider and the generic CommandRunner (load → fold → decide → append with the expected
 * revision), with the unique keys the api holds (the claim id, the resident id). A refusal
 * (DomainError, a key already taken) is counted in the report; anything else is a bug and stops.
 */
import {
  CommandMeta,
  CommandRunner,
  PARAMETER_STREAM,
  ParameterRecorded,
  enrollmentDecider,
  keyOwner,
  monthEndDecider,
  paymentDecider,
  personFold,
  personStream,
  reserveKey,
  residentIdStream,
  settlementDecider,
} from '@benefit/domain';
import { EventStore, WrongExpectedRevisionError } from '@benefit/event-store';
import { ALL_PARAMETER_DEFINITIONS, ParameterBook, ParameterRecord, REGIONS, parameterBook } from '@benefit/policy';
import { createHmac } from 'node:crypto';
import { DomainError, Month, RegionCode, canonicalJson, conflict, todayInChina } from '@benefit/shared';
import { addPersonMonth, decideClaimHoldingId, noTotals } from '@benefit/workflows';
import type { PiiVault } from '@benefit/vault';
import { SYNTHETIC_PARAMETERS } from './catalog';
import { Action, CityPlan } from './plan';
import { GenerateReport } from './report';
import { yuan } from '../format';

const ACTOR = 'system:cli-generate';
const REASON = 'synthetic value for a generated demo city (npm run cli -- generate); not an official figure';
/** Month-end closes of distinct persons are appended together, as the api's group commit would. */
const CHUNK = 256;

/** The store's clock: each command at its simulated instant, never earlier than what the log already holds. */
export class Clock {
  private ms: number;

  constructor(
    readonly mode: 'simulated' | 'wall',
    lastRecordedMs: number,
  ) {
    this.ms = lastRecordedMs;
  }

  set(at: number): void {
    this.ms = Math.max(at, this.ms + 1);
  }

  now = (): Date => (this.mode === 'wall' ? new Date() : new Date(this.ms));
}

/** The parameter book as recorded on the stream `parameters` (as the api's ParametersService builds it). */
export async function parameterRecords(store: EventStore): Promise<{ book: ParameterBook; records: ParameterRecord[] }> {
  const events = await store.readStream(PARAMETER_STREAM);
  const records = events.map((e) => ({ ...(e.data as ParameterRecorded['data']), recordedAt: e.metadata.recordedAt, revision: e.revision }));
  return { book: parameterBook(records, events.length ? events[events.length - 1].revision : -1), records };
}

/** Commands the plan will run, for the progress bar (month-ends: one per person registered by then, plus the settlements). */
export function plannedCommands(plan: CityPlan): number {
  let total = 0;
  for (const a of plan.actions) {
    if (a.kind !== 'month-end') total += 1;
    else total += plan.persons.filter((p) => p.registeredAt <= a.at).length + REGIONS.length;
  }
  return total;
}

export class CityWriter {
  private readonly runner: CommandRunner;
  private seq = 0;
  private readonly registered = Object.fromEntries(REGIONS.map((r) => [r, [] as string[]])) as Record<RegionCode, string[]>;
  /** Adjudicated claims by person, with the China date they were recorded on. */
  readonly claimsOf = new Map<string, { claimId: string; on: string }[]>();

  private constructor(
    private readonly store: EventStore,
    private readonly idKey: string,
    private readonly vault: PiiVault,
    private readonly clock: Clock,
    private readonly report: GenerateReport,
    private readonly seed: string,
    private readonly onCommands: (n: number) => void,
    private params: { book: ParameterBook; records: ParameterRecord[] },
  ) {
    this.runner = new CommandRunner(store);
  }

  static async open(opts: { store: EventStore; idKey: string; vault: PiiVault; clock: Clock; report: GenerateReport; seed: string; onCommands: (n: number) => void }): Promise<CityWriter> {
    for (const def of ALL_PARAMETER_DEFINITIONS.values()) {
      if (def.defaults.length === 0 && !SYNTHETIC_PARAMETERS.some((p) => p.key === def.key)) opts.report.parameters.withoutValue.push(def.key);
    }
    return new CityWriter(opts.store, opts.idKey, opts.vault, opts.clock, opts.report, opts.seed, opts.onCommands, await parameterRecords(opts.store));
  }

  async run(action: Action): Promise<void> {
    this.clock.set(action.at);
    switch (action.kind) {
      case 'parameters':
        return this.parameters(action.year, action.at);
      case 'register':
        return this.register(action.data);
      case 'enrollment':
        return this.enrollment(action.command);
      case 'payment':
        return this.payment(action.data);
      case 'claim':
        return this.claim(action.claim, action.filedAt);
      case 'month-end':
        return this.monthEnd(action.month, action.at);
    }
  }

  private meta(): CommandMeta {
    return { actor: ACTOR, correlationId: `generate-${this.seed}-${++this.seq}` };
  }

  private refused(err: unknown, what: string): void {
    let code: string;
    if (err instanceof DomainError) code = err.code;
    else if (err instanceof WrongExpectedRevisionError && err.streamId.startsWith('resident-')) code = 'resident-id-registered';
    else if (err instanceof WrongExpectedRevisionError && err.streamId.startsWith('claim-')) code = 'claim-id-conflict';
    else throw err; // a broken invariant is a bug, never input: stop and show it
    const r = (this.report.refusals[code] ??= { count: 0, example: `${what}: ${err.message}` });
    r.count += 1;
  }

  /** PUT /v1/parameters/{key}: one ParameterRecorded per value, unless the same key and date is recorded. */
  private async parameters(year: number, at: number): Promise<void> {
    for (const p of SYNTHETIC_PARAMETERS.filter((x) => x.year === year)) {
      const label = `${p.key} from ${p.effectiveFrom}`;
      if (this.params.records.some((r) => r.key === p.key && r.effectiveFrom === p.effectiveFrom)) {
        this.report.parameters.alreadyRecorded.push(label);
        continue;
      }
      const def = ALL_PARAMETER_DEFINITIONS.get(p.key);
      const problem = def ? ParameterBook.valueProblem(def, p.value) : `no pack defines ${p.key}`;
      if (problem) throw new Error(`the synthetic value of ${p.key} is refused: ${problem}`);
      const data: ParameterRecorded['data'] = { key: p.key, effectiveFrom: p.effectiveFrom, effectiveTo: null, value: p.value, reason: REASON };
      this.clock.set(at);
      await this.store.append(PARAMETER_STREAM, [{ type: 'ParameterRecorded', data, metadata: this.meta() }], 'any');
      this.report.parameters.recorded.push(`${label} = ${p.value} fen (${yuan(p.value)} yuan)`);
    }
    this.params = await parameterRecords(this.store);
    this.onCommands(1);
  }

  /**
   * RegisterPatient as the api records it: the resident id's key stream from the plaintext, the
   * name and id sealed with the person's own data key (the log never holds them in clear).
   */
  private async register(data: Extract<Action, { kind: 'register' }>['data']): Promise<void> {
    const keyStream = residentIdStream(data.idNumber, this.idKey);
    const owner = { key: 'resident-id', personId: data.personId, requestHash: createHmac('sha256', this.idKey).update(canonicalJson(data)).digest('hex') };
    try {
      // refused before a data key is made, as the api does
      if (await keyOwner(this.store, keyStream)) throw conflict('resident-id-registered', 'this resident id number is already registered to another person');
      const sealed = { ...data, name: await this.vault.seal(data.personId, 'name', data.name), idNumber: await this.vault.seal(data.personId, 'idNumber', data.idNumber) };
      await this.runner.handle(enrollmentDecider, { type: 'RegisterPatient', data: sealed }, undefined, this.meta(), (events) => (events.length ? [reserveKey(keyStream, owner)] : []));
      this.registered[data.regionCode].push(data.personId);
      this.report.persons.registered += 1;
      this.report.persons.byRegion[data.regionCode] += 1;
    } catch (err) {
      this.refused(err, `registering ${data.personId}`);
    }
    this.onCommands(1);
  }

  private async enrollment(cmd: Extract<Action, { kind: 'enrollment' }>['command']): Promise<void> {
    try {
      const r = await this.runner.handle(enrollmentDecider, cmd, undefined, this.meta());
      if (r.events.length) {
        const e = this.report.enrollment;
        if (cmd.type === 'TagReliefStatus') e.statusesTagged += 1;
        else if (cmd.type === 'RevokeReliefStatus') e.statusesRevoked += 1;
        else if (cmd.type === 'ChangeEmployment') e.employmentChanges += 1;
        else e.contributionBaseChanges += 1;
      }
    } catch (err) {
      this.refused(err, `${cmd.type} for ${cmd.data.personId}`);
    }
    this.onCommands(1);
  }

  private async payment(data: Extract<Action, { kind: 'payment' }>['data']): Promise<void> {
    try {
      // art. 18: a family member must be registered; their own stream says so, as in the api's handler
      const beneficiaryRegistered = data.beneficiaryPersonId === data.personId || (await this.runner.load(personStream(data.beneficiaryPersonId), personFold)).state.registration !== null;
      const r = await this.runner.handle(paymentDecider, { type: 'PayFromAccount', data }, { beneficiaryRegistered }, this.meta());
      if (r.events.length) this.report.accountPayments += 1;
    } catch (err) {
      this.refused(err, `payment ${data.reference} from ${data.personId}`);
    }
    this.onCommands(1);
  }

  /**
   * SubmitClaim: the claim id's key and the adjudication in one atomic append, through the api's
   * own workflow (libs/workflows submit-claim.ts) — without its view: generate has no read model
   * until it rebuilds one at the end. The claim is built in claim-input.ts's field order.
   */
  private async claim(claim: Extract<Action, { kind: 'claim' }>['claim'], filedAt: string): Promise<void> {
    const at = this.clock.now();
    const ctx = { params: this.params.book, today: todayInChina(at), now: filedAt };
    const report = this.report;
    try {
      const r = await decideClaimHoldingId({ commands: this.runner, log: this.store }, claim, ctx, this.meta());
      for (const e of r.events) {
        if (e.type === 'WarningRaised') report.warnings += 1;
        if (e.type !== 'ClaimAdjudicated') continue;
        report.claims.adjudicated += 1;
        report.claims.byRegion[e.data.regionCode] += 1;
        report.claims.byVisitType[claim.visitType] = (report.claims.byVisitType[claim.visitType] ?? 0) + 1;
        if (e.data.flags?.some((f) => f.code === 'late_filing')) report.lateFilings += 1;
        if (e.data.bedDays) report.bedDayStays += 1;
        const list = this.claimsOf.get(claim.personId) ?? [];
        list.push({ claimId: claim.claimId, on: todayInChina(at) });
        this.claimsOf.set(claim.personId, list);
      }
    } catch (err) {
      this.refused(err, `claim ${claim.claimId} of ${claim.personId}`);
      report.claims.refused += 1;
    }
    this.onCommands(1);
  }

  /** SettleMonth, region by region: every registered person's month-end, then the region's settlement (as the api's handler). */
  private async monthEnd(month: Month, at: number): Promise<void> {
    const book = this.params.book;
    const m = this.report.monthEnds;
    for (const region of REGIONS) {
      let totals = noTotals();
      const ids = this.registered[region];
      for (let i = 0; i < ids.length; i += CHUNK) {
        this.clock.set(at);
        const chunk = ids.slice(i, i + CHUNK);
        await Promise.all(
          chunk.map(async (personId) => {
            try {
              const { state, events } = await this.runner.handle(monthEndDecider, { type: 'CloseMonth', data: { personId, month } }, book, this.meta());
              m.personMonths += 1;
              // the credit, the rewards this settlement pays and the premium, as the api's settle-month adds them
              totals = addPersonMonth(totals, state, month);
              for (const e of events) {
                if (e.type === 'PersonalAccountCredited') {
                  m.credits += 1;
                  m.creditsFen += e.data.amountFen;
                } else if (e.type === 'GuardianshipRewardAccrued') m.guardianshipRewards += 1;
                else if (e.type === 'PovertyPremiumAccrued') m.povertyPremiums += 1;
              }
            } catch (err) {
              this.refused(err, `month-end ${month} of ${personId}`);
            }
          }),
        );
        this.onCommands(chunk.length);
      }
      this.clock.set(at);
      const data = { regionCode: region, month, ...totals, settledOn: todayInChina(this.clock.now()) };
      try {
        await this.runner.handle(settlementDecider, { type: 'SettleMonth', data }, undefined, this.meta());
        m.regionMonthsSettled += 1;
      } catch (err) {
        this.refused(err, `settling ${region} ${month}`);
      }
      this.onCommands(1);
    }
  }
}
