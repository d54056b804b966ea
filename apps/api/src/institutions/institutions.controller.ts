/**
 * The institution registry (API.md "Institutions"): level, designation and county per
 * institution (`fixmedins_code`), as dated facts. Clerks and the admin record them; every role
 * reads them (public data about institutions, not about persons). The national platform messages
 * take a claim's level, designation and location from here.
 */
import { Body, Controller, Get, HttpCode, Inject, Param, Put, Query } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { CommandMeta } from '@benefit/domain';
import { EventStore, authorisedBy } from '@benefit/event-store';
import { INSTITUTION_LEVELS, InstitutionLevel, dateProblem, invalid, notFound, todayInChina } from '@benefit/shared';
import { Allow } from '../access/policy';
import { Meta } from '../common/request-meta';
import { IsIsoDate, IsText } from '../common/validation';
import { ID_PATTERN } from '../enrollment/dto';
import { EVENT_STORE } from '../infrastructure/tokens';
import { INSTITUTIONS_STREAM, InstitutionFact, InstitutionRecorded } from '@benefit/domain';
import { InstitutionsService } from './institutions.service';

export class RecordInstitutionDto {
  @ApiProperty({ example: '南充市中心医院' }) @IsText(1, 200) name: string;
  @ApiProperty({ enum: INSTITUTION_LEVELS }) @IsIn(INSTITUTION_LEVELS) level: InstitutionLevel;
  @ApiProperty() @IsBoolean() designated: boolean;
  @ApiProperty({ example: '511302' }) @IsString() @Matches(/^\d{6}$/, { message: 'must be a 6-digit county code' }) countyCode: string;
  @ApiPropertyOptional({ example: '2023-01-01', description: 'from when this holds; omitted: from the start' }) @IsOptional() @IsIsoDate() effectiveFrom?: string | null;
}

export class RecordInstitutionCommand {
  constructor(readonly data: InstitutionRecorded['data'], readonly meta: CommandMeta) {}
}

@CommandHandler(RecordInstitutionCommand)
export class RecordInstitutionHandler implements ICommandHandler<RecordInstitutionCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly institutions: InstitutionsService,
  ) {}

  async execute({ data, meta }: RecordInstitutionCommand): Promise<{ revision: number }> {
    const metadata = { actor: meta.actor, correlationId: meta.correlationId, ...authorisedBy(meta) };
    // a fact is a record of its own: any number of them, in the order they became known
    const { nextExpectedRevision } = await this.store.append(INSTITUTIONS_STREAM, [{ type: 'InstitutionRecorded', data, metadata }], 'any');
    await this.institutions.current(true); // the next message of this process reads it
    return { revision: nextExpectedRevision };
  }
}

const idOf = (institutionId: string): string => {
  if (!ID_PATTERN.test(institutionId)) throw invalid([{ field: 'institutionId', message: 'must be 1-64 letters, digits, ".", "_", ":" or "-"' }]);
  return institutionId;
};

const viewOf = ({ revision: _r, ...fact }: InstitutionFact) => fact;

@ApiTags('institutions')
@Controller('v1/institutions')
export class InstitutionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly institutions: InstitutionsService,
  ) {}

  @Allow('clerk')
  @Put(':institutionId')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record what an institution is (level, designation, county) from a day on' })
  async record(@Param('institutionId') institutionId: string, @Body() dto: RecordInstitutionDto, @Meta() meta: CommandMeta) {
    const data: InstitutionRecorded['data'] = { v: 1, institutionId: idOf(institutionId), name: dto.name, level: dto.level, designated: dto.designated, countyCode: dto.countyCode, effectiveFrom: dto.effectiveFrom ?? null };
    const { revision } = await this.commands.execute(new RecordInstitutionCommand(data, meta));
    const { v: _v, ...view } = data;
    return { ...view, revision };
  }

  @Allow('clerk', 'hospital', 'auditor')
  @Get(':institutionId')
  @ApiOperation({ summary: 'What an institution is on a day (?on=YYYY-MM-DD, default today), with every fact recorded' })
  async get(@Param('institutionId') institutionId: string, @Query('on') on?: string) {
    const day = on ?? todayInChina();
    const problem = dateProblem(day);
    if (problem) throw invalid([{ field: 'on', message: problem }]);
    const book = await this.institutions.current();
    const fact = book.factOn(idOf(institutionId), day);
    if (!fact) throw notFound('Institution', `no institution ${institutionId} is registered in force on ${day}`);
    return { ...viewOf(fact), on: day, history: book.history(institutionId).map(viewOf) };
  }
}
