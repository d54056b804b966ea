import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandMeta, PatientRegistered } from '@benefit/domain';
import { RELIEF_STATUSES, ReliefStatus, invalid, todayInChina } from '@benefit/shared';
import { Meta } from '../common/request-meta';
import { EnrollmentQueries } from './enrollment.queries';
import { ChangeContributionBaseDto, ChangeEmploymentDto, RecordOutOfAreaFilingDto, RegisterPatientDto, RevokeReliefStatusDto, TagReliefStatusDto } from './dto';
import { ChangePersonCommand, EnrollmentResult, RegisterPatientCommand } from './commands';
import { Allow } from '../access/policy';
import { RecordsAccess, personInPath } from '../access-log/records-access';

/** Cross-field rules class-validator cannot express, each naming its field. */
function registration(dto: RegisterPatientDto): PatientRegistered['data'] {
  const errors: { field: string; message: string }[] = [];
  const employee = dto.scheme === 'employee';
  if (employee && !dto.employment) errors.push({ field: 'employment', message: 'is required for the employee scheme (in_service or retired)' });
  if (!employee && dto.employment) errors.push({ field: 'employment', message: 'applies to the employee scheme only' });
  const inService = employee && dto.employment === 'in_service';
  if (inService && dto.monthlyContributionBaseFen == null) errors.push({ field: 'monthlyContributionBaseFen', message: 'is required for an in-service employee (南府办发〔2022〕33号 art. 13)' });
  if (!inService && dto.monthlyContributionBaseFen != null) errors.push({ field: 'monthlyContributionBaseFen', message: 'applies to in-service employees only' });
  if (!employee && (dto.openingPersonalAccountFen ?? 0) > 0) errors.push({ field: 'openingPersonalAccountFen', message: 'resident insurance has no personal account' });
  const family = dto.family ?? [];
  family.forEach((f, i) => {
    if (f.personId === dto.personId) errors.push({ field: `family[${i}].personId`, message: 'cannot be the person themself' });
    if (family.findIndex((g) => g.personId === f.personId) !== i) errors.push({ field: `family[${i}].personId`, message: 'is listed twice' });
  });
  if (errors.length) throw invalid(errors);
  return {
    personId: dto.personId,
    name: dto.name,
    idNumber: dto.idNumber.toUpperCase(),
    regionCode: dto.regionCode,
    scheme: dto.scheme,
    employment: employee ? dto.employment! : null,
    monthlyContributionBaseFen: inService ? dto.monthlyContributionBaseFen! : null,
    civilServant: dto.civilServant ?? false,
    countyCode: dto.countyCode,
    family: family.map((f) => ({ personId: f.personId, relation: f.relation })),
    openingPersonalAccountFen: dto.openingPersonalAccountFen ?? 0,
    registeredOn: dto.registeredOn,
  };
}

function statusParam(status: string): ReliefStatus {
  if (!(RELIEF_STATUSES as readonly string[]).includes(status)) throw invalid([{ field: 'status', message: `must be one of ${RELIEF_STATUSES.join(', ')}` }]);
  return status as ReliefStatus;
}

@ApiTags('persons')
@Controller('v1/persons')
export class PersonsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: EnrollmentQueries,
  ) {}

  @Allow('clerk')
  @Post()
  @ApiOperation({ summary: 'RegisterPatient' })
  register(@Body() dto: RegisterPatientDto, @Meta() meta: CommandMeta): Promise<EnrollmentResult> {
    return this.commands.execute(new RegisterPatientCommand(registration(dto), meta));
  }

  @Allow('clerk')
  @Post(':personId/relief-statuses')
  @ApiOperation({ summary: 'TagReliefStatus' })
  tag(@Param('personId') personId: string, @Body() dto: TagReliefStatusDto, @Meta() meta: CommandMeta): Promise<EnrollmentResult> {
    const errors = [];
    if (dto.validTo && dto.validTo < dto.validFrom) errors.push({ field: 'validTo', message: 'must not be before validFrom' });
    if (dto.status === 'severe_mental_disorder' && !dto.diagnosis) {
      errors.push({ field: 'diagnosis', message: 'is required for severe_mental_disorder: one of the six diagnoses (盐医保发〔2023〕11号 二)' });
    }
    if (errors.length) throw invalid(errors);
    const data = {
      personId,
      status: dto.status,
      validFrom: dto.validFrom,
      validTo: dto.validTo ?? null,
      source: dto.source,
      diagnosis: dto.diagnosis ?? null,
      riskLevel: dto.riskLevel ?? null,
      firstTreatmentDate: dto.firstTreatmentDate ?? null,
      ...(dto.potentialRisk ? { potentialRisk: true } : {}),
    };
    return this.commands.execute(new ChangePersonCommand({ type: 'TagReliefStatus', data }, meta));
  }

  @Allow('clerk')
  @Post(':personId/relief-statuses/:status/revocations')
  @ApiOperation({ summary: 'RevokeReliefStatus: no assistance from the 1st of the next month' })
  revoke(@Param('personId') personId: string, @Param('status') status: string, @Body() dto: RevokeReliefStatusDto, @Meta() meta: CommandMeta): Promise<EnrollmentResult> {
    const data = { personId, status: statusParam(status), effectiveDate: dto.effectiveDate };
    return this.commands.execute(new ChangePersonCommand({ type: 'RevokeReliefStatus', data }, meta));
  }

  @Allow('clerk')
  @Post(':personId/out-of-area-filings')
  @ApiOperation({ summary: 'RecordOutOfAreaFiling (异地备案, 南府办发〔2022〕33号 art. 26)' })
  fileOutOfArea(@Param('personId') personId: string, @Body() dto: RecordOutOfAreaFilingDto, @Meta() meta: CommandMeta): Promise<EnrollmentResult> {
    const data = { personId, kind: dto.kind, validFrom: dto.validFrom, validTo: dto.validTo ?? null };
    return this.commands.execute(new ChangePersonCommand({ type: 'RecordOutOfAreaFiling', data }, meta));
  }

  @Allow('clerk')
  @Post(':personId/employment-changes')
  @ApiOperation({ summary: 'ChangeEmployment (retired from the month retired benefits start)' })
  changeEmployment(@Param('personId') personId: string, @Body() dto: ChangeEmploymentDto, @Meta() meta: CommandMeta): Promise<EnrollmentResult> {
    const data = { personId, employment: dto.employment, effectiveMonth: dto.effectiveMonth };
    return this.commands.execute(new ChangePersonCommand({ type: 'ChangeEmployment', data }, meta));
  }

  @Allow('clerk')
  @Post(':personId/contribution-base-changes')
  @ApiOperation({ summary: 'ChangeContributionBase' })
  changeBase(@Param('personId') personId: string, @Body() dto: ChangeContributionBaseDto, @Meta() meta: CommandMeta): Promise<EnrollmentResult> {
    const data = { personId, monthlyContributionBaseFen: dto.monthlyContributionBaseFen, effectiveMonth: dto.effectiveMonth };
    return this.commands.execute(new ChangePersonCommand({ type: 'ChangeContributionBase', data }, meta));
  }

  @Allow('clerk', 'auditor')
  @RecordsAccess({ persons: personInPath })
  @Get(':personId')
  @ApiOperation({ summary: 'The person, current statuses, version' })
  person(@Param('personId') personId: string) {
    return this.queries.person(personId);
  }

  @Allow('clerk', 'auditor')
  @RecordsAccess({ persons: personInPath, query: ['year'] })
  @Get(':personId/counters')
  @ApiOperation({ summary: 'Annual counters with their limits' })
  counters(@Param('personId') personId: string, @Query('year') year?: string) {
    const y = year === undefined ? Number(todayInChina().slice(0, 4)) : Number(year);
    if (!/^\d{4}$/.test(String(year ?? y)) || y < 1990 || y > 2100) throw invalid([{ field: 'year', message: 'must be a calendar year such as 2023' }]);
    return this.queries.counters(personId, y);
  }

  @Allow('clerk', 'auditor')
  @RecordsAccess({ persons: personInPath })
  @Get(':personId/warnings')
  @ApiOperation({ summary: 'Impoverishment and relapse warnings' })
  warnings(@Param('personId') personId: string) {
    return this.queries.warnings(personId);
  }

  @Allow('auditor')
  @RecordsAccess({ persons: personInPath })
  @Get(':personId/events')
  @ApiOperation({ summary: 'Every event of the person, oldest first' })
  events(@Param('personId') personId: string) {
    return this.queries.events(personId);
  }
}

