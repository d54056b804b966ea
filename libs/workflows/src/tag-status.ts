/**
 * Enrollment changes of a registered person (TagReliefStatus, RevokeReliefStatus, ChangeEmployment,
 * ChangeContributionBase, RecordOutOfAreaFiling). One of them reaches back: temporary relief for
 * a major illness applies from the first treatment (盐政办发〔2022〕73号 八), so tagging it settles
 * the claims since then again, in the same decision (decideStatusWithLookBack).
 */
import { CommandMeta, EnrollmentCommand, PersonEvent, PersonState, RunResult, TagReliefStatus, enrollmentDecider, personFold, personStream, statusWithLookBackDecider } from '@benefit/domain';
import { todayInChina } from '@benefit/shared';
import { Ports, madeVisible } from './ports';

export type PersonChange = Exclude<EnrollmentCommand, { type: 'RegisterPatient' }>;

/** 盐政办发〔2022〕73号 八: the one status whose window starts before it is recorded (statusWindow). */
export const looksBack = (command: PersonChange): command is TagReliefStatus =>
  command.type === 'TagReliefStatus' && command.data.status === 'temporary_relief_major_illness';

/**
 * Tags the status and re-settles the person's claims since the first treatment, with the
 * parameters each claim was decided with; corrections are booked where the ledger books them
 * (the region's settled months).
 */
export async function tagStatusWithLookBack(
  ports: Pick<Ports, 'commands' | 'log' | 'views' | 'queries' | 'parameters' | 'clock'>,
  command: TagReliefStatus,
  meta: CommandMeta,
): Promise<RunResult<PersonState, PersonEvent>> {
  const params = await ports.parameters.current(true);
  const region = (await ports.commands.load(personStream(command.data.personId), personFold)).state.registration?.regionCode;
  // an unregistered person has no region: the decider refuses them (404) before any look-back
  const settledMonths = region ? await ports.queries.settledMonths(region) : [];
  const result = await ports.commands.handle(statusWithLookBackDecider, command, { params, settledMonths, today: todayInChina(ports.clock.now()) }, meta);
  await madeVisible(ports, result.position);
  return result;
}

/** Any enrollment change of a registered person; the look-back one through tagStatusWithLookBack. */
export async function changePerson(
  ports: Pick<Ports, 'commands' | 'log' | 'views' | 'queries' | 'parameters' | 'clock'>,
  command: PersonChange,
  meta: CommandMeta,
): Promise<RunResult<PersonState, PersonEvent>> {
  if (looksBack(command)) return tagStatusWithLookBack(ports, command, meta);
  const result = await ports.commands.handle(enrollmentDecider, command, undefined, meta);
  await madeVisible(ports, result.position);
  return result;
}
