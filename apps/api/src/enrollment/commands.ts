/** Enrollment commands on the CommandBus; each handler hands its decision to the generic runner. */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  CommandMeta,
  EnrollmentCommand,
  PatientRegistered,
  decideEnrollment,
  personFold,
  personStream,
  residentIdStream,
} from '@benefit/domain';
import { conflict, hashOf } from '@benefit/shared';
import { DecisionsService } from '../infrastructure/decisions.service';
import { RESIDENT_ID_KEY } from '../infrastructure/tokens';

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
  ) {}

  async execute({ data, meta }: RegisterPatientCommand): Promise<EnrollmentResult> {
    // one person per resident id: the key stream is named by a keyed hash, never by the number
    const owner = { key: 'resident-id', personId: data.personId, requestHash: hashOf(data) };
    const onTaken = (holder: { personId: string } | null) => {
      if (holder?.personId === data.personId) throw conflict('person-exists', `person ${data.personId} is already registered`);
      throw conflict('resident-id-registered', 'this resident id number is already registered to another person');
    };
    const result = await this.decisions.runWithKey(personStream(data.personId), personFold, (s) => decideEnrollment({ type: 'RegisterPatient', data }, s), meta, {
      streamId: residentIdStream(data.idNumber, this.idKey),
      owner,
      onTaken,
    });
    return { personId: data.personId, version: result.revision };
  }
}

@CommandHandler(ChangePersonCommand)
export class ChangePersonHandler implements ICommandHandler<ChangePersonCommand, EnrollmentResult> {
  constructor(private readonly decisions: DecisionsService) {}

  async execute({ command, meta }: ChangePersonCommand): Promise<EnrollmentResult> {
    const result = await this.decisions.run(personStream(command.data.personId), personFold, (s) => decideEnrollment(command, s), meta);
    return { personId: command.data.personId, version: result.revision };
  }
}
