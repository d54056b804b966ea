import { Body, Controller, Get, HttpCode, Inject, Param, Put } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsDefined, IsOptional } from 'class-validator';
import { CommandMeta, PARAMETER_STREAM, ParameterRecorded } from '@benefit/domain';
import { EventStore, authorisedBy } from '@benefit/event-store';
import { ALL_PARAMETER_DEFINITIONS, ParameterBook } from '@benefit/policy';
import { invalid, notFound, todayInChina } from '@benefit/shared';
import { Meta } from '../common/request-meta';
import { IsIsoDate, IsText } from '../common/validation';
import { ParametersService } from '../infrastructure/parameters.service';
import { EVENT_STORE } from '../infrastructure/tokens';
import { Allow } from '../access/policy';

export class RecordParameterDto {
  @ApiProperty({ example: '2023-01-01' }) @IsIsoDate() effectiveFrom: string;
  @ApiPropertyOptional() @IsOptional() @IsIsoDate() effectiveTo?: string | null;
  @ApiProperty({ description: 'fen (integer), rate (fraction: 0.5 = 50%), date or boolean, by parameter' }) @IsDefined() value: number | string | boolean;
  @ApiProperty() @IsText(1, 500) reason: string;
}

export class RecordParameterCommand {
  constructor(readonly data: ParameterRecorded['data'], readonly meta: CommandMeta) {}
}

/** A parameter value is an event: effective-dated, and the time it became known is its recordedAt. */
@CommandHandler(RecordParameterCommand)
export class RecordParameterHandler implements ICommandHandler<RecordParameterCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly parameters: ParametersService,
  ) {}

  async execute({ data, meta }: RecordParameterCommand) {
    const event = { type: 'ParameterRecorded', data, metadata: { actor: meta.actor, correlationId: meta.correlationId, ...authorisedBy(meta) } };
    const { nextExpectedRevision } = await this.store.append(PARAMETER_STREAM, [event], 'any');
    await this.parameters.current(true);
    const recorded = this.parameters.history(data.key).find((r) => r.revision === nextExpectedRevision);
    return { key: data.key, effectiveFrom: data.effectiveFrom, effectiveTo: data.effectiveTo, value: data.value, reason: data.reason, recordedAt: recorded?.recordedAt, revision: nextExpectedRevision };
  }
}

@ApiTags('parameters')
@Controller('v1/parameters')
export class ParametersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly parameters: ParametersService,
  ) {}

  @Allow('admin')
  @Put(':key')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a parameter value from a date (supersedes an earlier record for the same date)' })
  record(@Param('key') key: string, @Body() dto: RecordParameterDto, @Meta() meta: CommandMeta) {
    const def = ALL_PARAMETER_DEFINITIONS.get(key);
    if (!def) throw notFound('Parameter', `no pack defines a parameter ${key}; GET /v1/parameters lists them`);
    const errors = [];
    const problem = ParameterBook.valueProblem(def, dto.value);
    if (problem) errors.push({ field: 'value', message: problem });
    if (dto.effectiveTo && dto.effectiveTo < dto.effectiveFrom) errors.push({ field: 'effectiveTo', message: 'must not be before effectiveFrom' });
    if (errors.length) throw invalid(errors);
    const data = { key, effectiveFrom: dto.effectiveFrom, effectiveTo: dto.effectiveTo ?? null, value: dto.value, reason: dto.reason };
    return this.commands.execute(new RecordParameterCommand(data, meta));
  }

  @Allow('auditor')
  @Get()
  @ApiOperation({ summary: 'Every parameter the packs define' })
  list() {
    return [...ALL_PARAMETER_DEFINITIONS.values()].map((d) => ({ key: d.key, unit: d.unit, description: d.description, source: d.source, illustrative: !!d.illustrative }));
  }

  @Allow('auditor')
  @Get(':key')
  @ApiOperation({ summary: 'A parameter: its definition, the value in force today, and every recorded value' })
  async get(@Param('key') key: string) {
    const def = ALL_PARAMETER_DEFINITIONS.get(key);
    if (!def) throw notFound('Parameter', `no pack defines a parameter ${key}; GET /v1/parameters lists them`);
    const book = await this.parameters.current(true);
    let today: unknown = null;
    try {
      today = book.resolve(key, todayInChina()).value;
    } catch {
      today = null; // none in force today: shown as null, the history says why
    }
    return { ...def, valueToday: today, recorded: this.parameters.history(key) };
  }
}
