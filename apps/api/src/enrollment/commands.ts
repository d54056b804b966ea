/** Enrollment commands on the CommandBus; each handler hands its decision to the generic runner. */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  CommandMeta,
  EnrollmentCommand,
  PatientRegistered,
  PersonEvent,
  PersonState,
  decideReadjudication,
  evolvePerson,
  decideEnrollment,
  keyOwner,
  personFold,
  personStream,
  residentIdStream,
} from '@benefit/domain';
import { createHmac } from 'node:crypto';
import { canonicalJson, conflict, monthOf, todayInChina } from '@benefit/shared';
import { PersonErasedError, PiiVault } from '@benefit/vault';
import { statusWindow } from '@benefit/policy';
import { ReadjudicationService } from '../readjudication/readjudication.service';
import { ParametersService } from '../infrastructure/parameters.service';
import { DecisionsService } from '../infrastructure/decisions.service';
import { PII_VAULT, RESIDENT_ID_KEY } from '../infrastructure/tokens';

export interface EnrollmentResult {
  personId: string;
  version: number;
}

export class RegisterPatientCommand {
  constructor(readonly data: PatientRegistered['data'], readonly meta: CommandMeta) {}
}

/** TagReliefStatus, RevokeReliefStatus, ChangeEmployment, ChangeContributionBase. */
export class ChangePersonCommand {
  constructor(readonly command: Exclude<EnrollmentCommand, { type: 'RegisterPatient' }>, readonly meta: CommandMeta) {}
}

@CommandHandler(RegisterPatientCommand)
export class RegisterPatientHandler implements ICommandHandler<RegisterPatientCommand, EnrollmentResult> {
  constructor(
    private readonly decisions: DecisionsService,
    @Inject(RESIDENT_ID_KEY) private readonly idKey: string,
    @Inject(PII_VAULT) private readonly vault: PiiVault,
  ) {}

  async execute({ data, meta }: RegisterPatientCommand): Promise<EnrollmentResult> {
    // one person per resident id: the key stream is named by a keyed hash of the plaintext (a
    // blind index), never by the number, and is computed before the number is sealed
    const keyStream = residentIdStream(data.idNumber, this.idKey);
    // keyed as well: a plain hash of the body in the log would let anyone holding the log test
    // guesses of a name and id against it
    const requestHash = createHmac('sha256', this.idKey).update(canonicalJson(data)).digest('hex');
    const owner = { key: 'resident-id', personId: data.personId, requestHash };
    const onTaken = (holder: { personId: string } | null) => {
      if (holder?.personId === data.personId) throw conflict('person-exists', `person ${data.personId} is already registered`);
      throw conflict('resident-id-registered', 'this resident id number is already registered to another person');
    };
    // the refusals that need no key come first, so that a refused registration leaves no data
    // key behind (only a race between two registrations still can: an unused key, no data)
    if ((await this.decisions.state(personStream(data.personId), personFold)).registration) onTaken({ personId: data.personId });
    const holder = await keyOwner(this.decisions.store, keyStream);
    if (holder) onTaken(holder);
    // sealed before the decider runs: the domain, the log and every read model see ciphertext only
    let sealed: PatientRegistered['data'];
    try {
      sealed = { ...data, name: await this.vault.seal(data.personId, 'name', data.name), idNumber: await this.vault.seal(data.personId, 'idNumber', data.idNumber) };
    } catch (err) {
      // an erased person is a registered one: their id cannot be registered again
      if (err instanceof PersonErasedError) onTaken({ personId: data.personId });
      throw err;
    }
    const result = await this.decisions.runWithKey(personStream(data.personId), personFold, (s) => decideEnrollment({ type: 'RegisterPatient', data: sealed }, s), meta, {
      streamId: keyStream,
      owner,
      onTaken,
    });
    return { personId: data.personId, version: result.revision };
  }
}

@CommandHandler(ChangePersonCommand)
export class ChangePersonHandler implements ICommandHandler<ChangePersonCommand, EnrollmentResult> {
  constructor(
    private readonly decisions: DecisionsService,
    private readonly readjudication: ReadjudicationService,
    private readonly parameters: ParametersService,
  ) {}

  async execute({ command, meta }: ChangePersonCommand): Promise<EnrollmentResult> {
    const lookBack = command.type === 'TagReliefStatus' && command.data.status === 'temporary_relief_major_illness';
    const params = lookBack ? await this.parameters.current(true) : null;
    const region = lookBack ? (await this.decisions.state(personStream(command.data.personId), personFold)).registration?.regionCode : undefined;
    const settledMonths = region ? await this.readjudication.settledMonths(region) : [];
    const decide = (s: PersonState): PersonEvent[] => {
      const events = decideEnrollment(command, s);
      if (!lookBack || events.length === 0 || command.type !== 'TagReliefStatus') return events;
      // 盐政办发〔2022〕73号 八: the status applies back to the first treatment (at most 2 years):
      // the claims since then are settled again, as corrective entries in the same atomic append,
      // so a refused re-settlement records no status either
      // with the parameters each claim was decided with: only the status changes anything
      const tagged = events.reduce(evolvePerson, structuredClone(s));
      const window = statusWindow(command.data);
      const today = monthOf(todayInChina());
      const period = { fromMonth: monthOf(window.from), toMonth: window.through && monthOf(window.through) < today ? monthOf(window.through) : today };
      const reason = `${command.data.status} from ${command.data.validFrom}, first treatment ${command.data.firstTreatmentDate ?? 'not recorded'}`;
      const cmd = { type: 'Readjudicate' as const, data: { personId: command.data.personId, period, settledMonths, reason, statusOnly: true } };
      return [...events, ...decideReadjudication(cmd, tagged, params!)];
    };
    const result = await this.decisions.run(personStream(command.data.personId), personFold, decide, meta);
    return { personId: command.data.personId, version: result.revision };
  }
}
