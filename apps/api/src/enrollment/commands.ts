/**
 * Enrollment commands on the CommandBus. Registration holds the resident id as a unique key
 * (libs/workflows unique-key.ts); a change of a registered person — temporary relief with its
 * look-back included — is the workflow's (libs/workflows tag-status.ts).
 */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandMeta, PatientRegistered, enrollmentDecider, keyOwner, personFold, personStream, residentIdStream } from '@benefit/domain';
import { createHmac } from 'node:crypto';
import { canonicalJson, conflict } from '@benefit/shared';
import { PersonErasedError, PiiVault } from '@benefit/vault';
import { ReadQueries } from '@benefit/projections';
import { PersonChange, changePerson, decideHoldingKey, madeVisible } from '@benefit/workflows';
import { ParametersService } from '../infrastructure/parameters.service';
import { DecisionsService } from '../infrastructure/decisions.service';
import { PII_VAULT, READ_QUERIES, RESIDENT_ID_KEY } from '../infrastructure/tokens';

export interface EnrollmentResult {
  personId: string;
  version: number;
}

export class RegisterPatientCommand {
  constructor(readonly data: PatientRegistered['data'], readonly meta: CommandMeta) {}
}

/** TagReliefStatus, RevokeReliefStatus, ChangeEmployment, ChangeContributionBase. */
export class ChangePersonCommand {
  constructor(readonly command: PersonChange, readonly meta: CommandMeta) {}
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
    const result = await decideHoldingKey(this.decisions.ports, enrollmentDecider, { type: 'RegisterPatient', data: sealed }, undefined, meta, { streamId: keyStream, owner, onTaken });
    await madeVisible(this.decisions.ports, result.position);
    return { personId: data.personId, version: result.revision };
  }
}

@CommandHandler(ChangePersonCommand)
export class ChangePersonHandler implements ICommandHandler<ChangePersonCommand, EnrollmentResult> {
  constructor(
    private readonly decisions: DecisionsService,
    private readonly parameters: ParametersService,
    @Inject(READ_QUERIES) private readonly queries: ReadQueries,
  ) {}

  async execute({ command, meta }: ChangePersonCommand): Promise<EnrollmentResult> {
    const result = await changePerson({ ...this.decisions.ports, parameters: this.parameters, queries: this.queries }, command, meta);
    return { personId: command.data.personId, version: result.revision };
  }
}
